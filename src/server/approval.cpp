// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Approvals: the signed result document must be on the server, every signature must verify, and
// the last one must be by a supervisor of the ward whose certificate is registered.
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "password.h"
#include "server_store_impl.h"

namespace motcua::server {

namespace {

/// The DER of the signer certificate of the signature whose /ByteRange ends last (the order
/// signing::verifyPdf numbers them in), or "" when it cannot be found.
std::string lastSignerCertificate(const std::string& pdf) {
    struct Range {
        std::uint64_t v[4];
    };
    std::vector<Range> ranges;
    std::set<std::vector<std::uint64_t>> seen;
    for (std::size_t at = pdf.find("/ByteRange"); at != std::string::npos;
         at = pdf.find("/ByteRange", at + 1)) {
        std::size_t p = at + 10;
        while (p < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[p]))) ++p;
        if (p >= pdf.size() || pdf[p] != '[') continue;
        ++p;
        Range r{};
        int i = 0;
        for (; i < 4; ++i) {
            while (p < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[p]))) ++p;
            const std::size_t start = p;
            std::uint64_t n = 0;
            while (p < pdf.size() && std::isdigit(static_cast<unsigned char>(pdf[p])) &&
                   p - start < 18)
                n = n * 10 + static_cast<std::uint64_t>(pdf[p++] - '0');
            if (p == start) break;
            r.v[i] = n;
        }
        if (i == 4 && seen.insert({r.v, r.v + 4}).second) ranges.push_back(r);
    }
    if (ranges.empty()) return {};
    const Range last = *std::max_element(
        ranges.begin(), ranges.end(),
        [](const Range& a, const Range& b) { return a.v[2] + a.v[3] < b.v[2] + b.v[3]; });
    const std::uint64_t b = last.v[1], c = last.v[2];
    if (b >= c || c > pdf.size() || c - b < 2) return {};
    std::string der;
    try {
        der = signing::fromHex(std::string_view(pdf).substr(b + 1, c - b - 2));
    } catch (const signing::SigningError&) {
        return {};
    }
    // /Contents is padded with zeros after the DER; d2i reads only the DER's own length.
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())), &CMS_ContentInfo_free);
    STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
    if (!infos || sk_CMS_SignerInfo_num(infos) < 1) {
        ERR_clear_error();
        return {};
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
    std::string out;
    for (int i = 0; certs && i < sk_X509_num(certs) && out.empty(); ++i) {
        X509* cert = sk_X509_value(certs, i);
        if (CMS_SignerInfo_cert_cmp(si, cert) != 0) continue;
        unsigned char* buffer = nullptr;
        const int len = i2d_X509(cert, &buffer);
        if (len > 0)
            out.assign(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
        OPENSSL_free(buffer);
    }
    sk_X509_pop_free(certs, X509_free);
    ERR_clear_error();
    return out;
}

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
    const std::string signer = lastSignerCertificate(pdf);
    const std::string subject = reports.back().signerSubject;
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
