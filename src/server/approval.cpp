// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Approvals: the signed result must be on the server and every signature in it must verify
// (checked before the push's transaction: it takes a while and reads only complete blobs,
// which are never removed); then, inside it, the result must be bound to the dossier: an
// incremental update of the very draft the dossier carries, its last signature made after the
// whole draft by the certificate registered to the supervisor who is the op's author.
#include <algorithm>
#include <fstream>

#include "motcua/core/role.h"
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

/// Whether the file at `path` begins with the `length` bytes of the file at `prefixPath`.
bool startsWith(const std::filesystem::path& path, const std::filesystem::path& prefixPath,
                std::uint64_t length) {
    std::ifstream whole(path, std::ios::binary);
    std::ifstream prefix(prefixPath, std::ios::binary);
    if (!whole || !prefix) return false;
    char a[1 << 16];
    char b[1 << 16];
    for (std::uint64_t left = length; left > 0;) {
        const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, sizeof a));
        if (!whole.read(a, n) || !prefix.read(b, n) || !std::equal(a, a + n, b)) return false;
        left -= static_cast<std::uint64_t>(n);
    }
    return true;
}

}  // namespace

SignedResult ServerStore::Impl::verifyResult(const User& user, const std::string& sha) {
    SignedResult result;
    result.sha256 = sha;
    const bool uploaded = db->read([&](sql::Connection& c) { return hasBlob(c, user.ward, sha); });
    if (!uploaded) {
        result.problem = "the result document " + sha +
                         " has not been uploaded to the server (upload the blob, then retry)";
        return result;
    }
    std::string pdf;
    try {
        pdf = files::readFile(blobPath(sha).string());
    } catch (const files::FileError&) {
        result.problem = "the result document " + sha + " is missing from the server's blob folder";
        return result;
    }
    result.size = pdf.size();
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
    if (reports.empty()) {
        result.problem = "the result document " + sha + " is not a signed PDF (no signature found)";
        return result;
    }
    for (const auto& r : reports)
        if (!r.ok()) {
            result.problem = "signature " + std::to_string(r.index) +
                             " of the result document is invalid: " +
                             (r.problems.empty() ? std::string("not trusted") : joined(r.problems));
            return result;
        }
    // The approver is the last signature's signer; document timestamps added after it (PAdES
    // B-T) are the TSA's and sign nothing of their own.
    const auto approver =
        std::find_if(reports.rbegin(), reports.rend(),
                     [](const signing::SignatureReport& r) { return !r.documentTimestamp; });
    if (approver == reports.rend()) {
        result.problem =
            "the result document " + sha + " has only document timestamps, no signature";
        return result;
    }
    if (approver->signerCertificateDer.empty()) {
        result.problem = "the signer's certificate of the last signature cannot be read";
        return result;
    }
    result.signerDer = approver->signerCertificateDer;
    result.signerSubject = approver->signerSubject;
    result.signedFrom = approver->gapStart;
    return result;
}

std::string ServerStore::Impl::bindingProblem(sql::Connection& c, const SignedResult& result,
                                              const std::string& draftSha, const User& author) {
    if (!result.problem.empty()) return result.problem;
    if (parseRole(author.role) != Role::Supervisor)
        return "an approval is a supervisor's; " + author.username + " is an " + author.role;
    if (draftSha.empty())
        return "the dossier has no draft submitted for approval: the signed result must be its "
               "draft, signed";
    std::int64_t draftSize = 0;
    if (!hasBlob(c, author.ward, draftSha, &draftSize))
        return "the dossier's draft " + draftSha + " is not on the server";
    if (draftSha == result.sha256) return "the result document is the unsigned draft itself";
    const auto length = static_cast<std::uint64_t>(draftSize);
    if (length >= result.size || !startsWith(blobPath(result.sha256), blobPath(draftSha), length))
        return "the signed result is not an update of this dossier's draft " + draftSha +
               " (a document signed for another dossier, or a new file)";
    if (result.signedFrom < length)
        return "the last signature of the result document was made before the draft was complete: "
               "it does not "
               "sign this dossier's draft";
    auto rows = c.query("SELECT der_hex FROM user_certificates WHERE user_id = ? AND sha256 = ?",
                        {author.id, sha256Hex(result.signerDer)});
    const std::string hex = signing::toHex(result.signerDer);
    while (rows.next())
        if (rows.text(0) == hex) return {};
    return "the result is signed by " + result.signerSubject +
           ", not with a certificate registered to " + author.username +
           ", the supervisor who approves";
}

}  // namespace motcua::server
