// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Approvals: the signed result document must be on the server, every signature must verify, and
// the last one must be by a supervisor of the ward whose certificate is registered.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "password.h"
#include "server_store_impl.h"

namespace motcua::server {

namespace {

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

}  // namespace

std::string ServerStore::Impl::approvalProblem(const User& user, const std::string& payloadText) {
    const auto payload = nlohmann::json::parse(payloadText);
    const auto it = payload.find("result_sha256");
    if (it == payload.end() || !it->is_string() || !isSha256Hex(it->get<std::string>()))
        return "an approval needs result_sha256: the SHA-256 (64 lowercase hex digits) of the "
               "signed result "
               "document, uploaded as a blob first; no result document was named";
    const std::string sha = it->get<std::string>();
    const bool uploaded = db->read([&](sql::Connection& c) { return hasBlob(c, user.ward, sha); });
    if (!uploaded)
        return "the result document " + sha +
               " has not been uploaded to the server (upload the blob, then retry)";
    std::string pdf;
    {
        std::ifstream in(blobPath(sha), std::ios::binary);
        if (!in) return "the result document " + sha + " is missing from the server's blob folder";
        pdf.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::vector<std::string> trust, crls;
    {
        std::lock_guard lock(trustMutex);
        trust = trustFiles;
        crls = crlFiles;
    }
    std::vector<signing::SignatureReport> reports;
    try {
        reports = signing::verifyPdf(pdf, trust, crls);
    } catch (const signing::SigningError& e) {
        // An unreadable trust anchor is the server's fault, not the desk's: fail the request.
        throw ServerError(ServerError::Code::Config,
                          std::string("cannot check signatures: ") + e.what());
    }
    if (reports.empty())
        return "the result document " + sha + " is not a signed PDF (no signature found)";
    for (const auto& r : reports)
        if (!r.ok())
            return "signature " + std::to_string(r.index) + " of the result document is invalid: " +
                   (r.problems.empty() ? std::string("not trusted") : joined(r.problems));
    // The approver is the last signature's signer; document timestamps added after it (PAdES
    // B-T) are the TSA's and sign nothing of their own.
    const auto approver = std::find_if(reports.rbegin(), reports.rend(),
                                       [](const signing::SignatureReport& r) { return !r.documentTimestamp; });
    if (approver == reports.rend())
        return "the result document " + sha + " has only document timestamps, no signature";
    const std::string signer = approver->signerCertificateDer;
    const std::string subject = approver->signerSubject;
    if (signer.empty()) return "the signer's certificate of the last signature cannot be read";
    const bool registered = db->read([&](sql::Connection& c) {
        auto rows = c.query(
            "SELECT uc.der_hex FROM user_certificates uc JOIN users u ON u.id = uc.user_id "
            "WHERE uc.sha256 = ? AND u.role = 'supervisor' AND u.ward = ?",
            {sha256Hex(signer), user.ward});
        const std::string hex = signing::toHex(signer);
        while (rows.next())
            if (rows.text(0) == hex) return true;
        return false;
    });
    if (!registered)
        return "the signer " + subject + " is not a registered supervisor of ward " + user.ward;
    return {};
}

}  // namespace motcua::server
