// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Verification works on the raw bytes: each /ByteRange names exactly what was signed, so a
// document damaged or tampered elsewhere still gets an answer per signature.
#include "motcua/signing/verify.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <optional>
#include <set>
#include <utility>

#include "motcua/signing/certificate.h"
#include "ossl.h"
#include "timestamp_token.h"

namespace motcua::signing {

using namespace detail;

namespace {

struct Found {
    std::uint64_t range[4];
    std::size_t at;  ///< where "/ByteRange" is
};

std::vector<Found> findByteRanges(const std::string& pdf) {
    std::vector<Found> out;
    std::set<std::vector<std::uint64_t>> seen;
    for (std::size_t at = pdf.find("/ByteRange"); at != std::string::npos;
         at = pdf.find("/ByteRange", at + 1)) {
        std::size_t p = at + 10;
        while (p < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[p]))) ++p;
        if (p >= pdf.size() || pdf[p] != '[') continue;
        ++p;
        Found f{{}, at};
        int i = 0;
        for (; i < 4; ++i) {
            while (p < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[p]))) ++p;
            const std::size_t start = p;
            std::uint64_t v = 0;
            while (p < pdf.size() && std::isdigit(static_cast<unsigned char>(pdf[p])))
                v = v * 10 + std::uint64_t(pdf[p++] - '0');
            if (p == start) break;
            f.range[i] = v;
        }
        if (i < 4) continue;
        if (!seen.insert({f.range, f.range + 4}).second) continue;
        out.push_back(f);
    }
    std::sort(out.begin(), out.end(), [](const Found& a, const Found& b) {
        return a.range[2] + a.range[3] < b.range[2] + b.range[3];
    });
    return out;
}

/// The text of the object holding `at` (from its "obj" to its "endobj"), for /M and /SubFilter.
std::string enclosingObject(const std::string& pdf, std::size_t at) {
    const std::size_t start = pdf.rfind(" obj", at);
    const std::size_t end = pdf.find("endobj", at);
    if (start == std::string::npos || end == std::string::npos) return {};
    return pdf.substr(start, end - start);
}

/// /M (D:YYYYMMDDHHmmSS with optional Z or +HH'mm') as a time_t.
std::optional<std::time_t> parsePdfDate(const std::string& dict) {
    const std::size_t m = dict.find("/M");
    if (m == std::string::npos) return std::nullopt;
    const std::size_t d = dict.find("D:", m);
    if (d == std::string::npos || d > m + 8) return std::nullopt;
    const std::string s = dict.substr(d + 2, 22);
    auto num = [&](std::size_t pos, std::size_t len, int fallback) {
        if (pos + len > s.size()) return fallback;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(s[i]))) return fallback;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    std::tm tm{};
    tm.tm_year = num(0, 4, 1970) - 1900;
    tm.tm_mon = num(4, 2, 1) - 1;
    tm.tm_mday = num(6, 2, 1);
    tm.tm_hour = num(8, 2, 0);
    tm.tm_min = num(10, 2, 0);
    tm.tm_sec = num(12, 2, 0);
    std::time_t t = ::timegm(&tm);
    if (s.size() > 14 && (s[14] == '+' || s[14] == '-')) {
        const int offset = num(15, 2, 0) * 3600 + num(18, 2, 0) * 60;
        t += s[14] == '+' ? -offset : offset;
    }
    return t;
}

std::string nameValue(const std::string& dict, const std::string& key) {
    const std::size_t k = dict.find(key);
    if (k == std::string::npos) return {};
    std::size_t p = k + key.size();
    while (p < dict.size() && std::isspace(static_cast<unsigned char>(dict[p]))) ++p;
    if (p >= dict.size() || dict[p] != '/') return {};
    const std::size_t end = dict.find_first_of(" \t\r\n/<>[]()", p + 1);
    return dict.substr(p + 1, end == std::string::npos ? std::string::npos : end - p - 1);
}

/// Why the path was not built, naming the certificate where it broke: the path is built only
/// from the certificates the signature embeds and the trust anchors, so a missing issuer is
/// one the signer did not embed (or an anchor the verifier was not given).
std::string chainError(X509_STORE_CTX* ctx) {
    const int code = X509_STORE_CTX_get_error(ctx);
    std::string error = X509_verify_cert_error_string(code);
    X509* at = X509_STORE_CTX_get_current_cert(ctx);
    if (!at) return error;
    const CertificateInfo cert = describeCertificate(toDer(at));
    if (code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
        code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
        error += " (the issuer " + cert.issuer + " of " + cert.subject +
                 " is neither embedded in the signature nor among the trust anchors)";
    else if (code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
             code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
        error += " (the root " + cert.subject + " is not among the trust anchors)";
    return error;
}

/// Runs the chain check; `when` null means no time check. `untrusted` (the certificates the
/// signature embeds) only fill the path: the store's anchors are the only ones trusted.
bool chainVerifies(X509_STORE* store, X509* cert, STACK_OF(X509) * untrusted,
                   const std::time_t* when, std::string& error) {
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ctx || !X509_STORE_CTX_init(ctx.get(), store, cert, untrusted))
        throwCrypto("cannot set up chain verification");
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    if (when)
        X509_VERIFY_PARAM_set_time(param, *when);
    else
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    if (!ok) error = chainError(ctx.get());
    ERR_clear_error();
    return ok;
}

struct Anchors {
    StorePtr store{X509_STORE_new()};
    std::vector<X509Ptr> certs;
    std::vector<CrlPtr> crls;
};

CrlPtr readCrl(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "rb"));
    if (!bio) throw SigningError(SigningError::Code::Io, "cannot read " + path);
    X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr);
    if (!crl) {
        ERR_clear_error();
        BIO_reset(bio.get());
        crl = d2i_X509_CRL_bio(bio.get(), nullptr);
    }
    if (!crl) throwCrypto(path + " is not a CRL (PEM or DER)");
    return CrlPtr(crl);
}

std::string isoUtc(const ASN1_TIME* t) {
    std::tm tm{};
    if (!ASN1_TIME_to_tm(t, &tm)) return {};
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// Revocation of `cert` from the CRLs its issuer (among `certs` and the anchors) signed.
void checkRevocation(X509* cert, STACK_OF(X509) * certs, const Anchors& anchors,
                     SignatureReport& r) {
    std::vector<X509*> issuers;
    for (int i = 0; certs && i < sk_X509_num(certs); ++i)
        issuers.push_back(sk_X509_value(certs, i));
    for (const auto& a : anchors.certs) issuers.push_back(a.get());
    // A CRL past its nextUpdate says nothing of revocations since: "not listed" there is
    // "unknown", not "not revoked". A listing in it still stands (revocation is final).
    std::time_t now = std::time(nullptr);
    bool fresh = false;
    for (const auto& crl : anchors.crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_issuer_name(cert)) != 0)
            continue;
        for (X509* issuer : issuers) {
            if (X509_check_issued(issuer, cert) != X509_V_OK ||
                X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1)
                continue;
            const ASN1_TIME* nextUpdate = X509_CRL_get0_nextUpdate(crl.get());
            if (nextUpdate && X509_cmp_time(nextUpdate, &now) < 0) {
                if (r.crlNextUpdate.empty() || isoUtc(nextUpdate) > r.crlNextUpdate)
                    r.crlNextUpdate = isoUtc(nextUpdate);
            } else {
                fresh = true;
            }
            X509_REVOKED* entry = nullptr;
            if (X509_CRL_get0_by_cert(crl.get(), &entry, cert) == 1 && entry) {
                r.revoked = true;
                r.revokedAt = isoUtc(X509_REVOKED_get0_revocationDate(entry));
            }
            break;
        }
    }
    ERR_clear_error();
    r.revocationChecked = fresh || r.revoked;
    r.crlStale = !r.revocationChecked && !r.crlNextUpdate.empty();
    if (r.revocationChecked) r.crlNextUpdate.clear();
    if (r.revoked)
        r.problems.push_back("the certificate was revoked" +
                             (r.revokedAt.empty() ? "" : " on " + r.revokedAt));
}

/// The signer certificate of the first SignerInfo among the CMS's certificates, or null.
X509* signerOf(CMS_ContentInfo* cms, STACK_OF(X509) * certs) {
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
    for (int i = 0; certs && i < sk_X509_num(certs); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
            return sk_X509_value(certs, i);
    return nullptr;
}

/// The signer's certificate and names, as the report shows them.
void reportSigner(SignatureReport& r, X509* cert) {
    CertificateInfo info = describeCertificate(toDer(cert));
    r.signerCertificateDer = std::move(info.der);
    r.signer = std::move(info.commonName);
    r.signerSubject = std::move(info.subject);
    r.issuer = std::move(info.issuer);
}

/// A document timestamp: the RFC 3161 token's imprint against the byte range, its signature,
/// and the TSA certificate's chain (at genTime), timeStamping purpose and revocation.
void checkDocumentTimestamp(const std::string& pdf, const Found& f, const Anchors& anchors,
                            CMS_ContentInfo* cms, SignatureReport& r) {
    r.documentTimestamp = true;
    const auto [a, b, c, d] = f.range;
    const X509StackPtr certs(CMS_get1_certs(cms));
    X509* tsaCert = signerOf(cms, certs.get());
    if (!tsaCert) {
        r.problems.push_back("the time-stamp authority's certificate is not embedded");
        return;
    }
    reportSigner(r, tsaCert);
    const TstInfo tst = readTstInfo(cms);
    r.signingTime = isoVietnamTime(std::chrono::system_clock::from_time_t(tst.genTime));

    if (tst.imprintDigest) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        const bool ok = ctx && EVP_DigestInit_ex(ctx, tst.imprintDigest, nullptr) &&
                        EVP_DigestUpdate(ctx, pdf.data(), b) &&
                        EVP_DigestUpdate(ctx, pdf.data() + c, d) &&
                        EVP_DigestFinal_ex(ctx, digest, &len);
        EVP_MD_CTX_free(ctx);
        r.integrityOk = ok && tst.imprint == std::string(reinterpret_cast<char*>(digest), len);
    }
    if (!r.integrityOk)
        r.problems.push_back(
            "the time-stamped bytes were changed after the time-stamp (imprint mismatch)");

    // The content digest and the signature over the signed attributes; the chain is checked below.
    r.signatureOk = CMS_verify(cms, nullptr, nullptr, nullptr, nullptr,
                               CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) == 1;
    ERR_clear_error();
    if (!r.signatureOk) r.problems.push_back("the time-stamp token's signature does not verify");

    std::string error;
    r.trusted = chainVerifies(anchors.store.get(), tsaCert, certs.get(), nullptr, error);
    if (!r.trusted)
        r.problems.push_back("the time-stamp authority's chain is not trusted: " + error);
    std::time_t genTime = tst.genTime;
    r.validAtSigningTime =
        chainVerifies(anchors.store.get(), tsaCert, certs.get(), &genTime, error) ||
        (!r.trusted && X509_cmp_time(X509_get0_notBefore(tsaCert), &genTime) < 0 &&
         X509_cmp_time(X509_get0_notAfter(tsaCert), &genTime) > 0);
    if (!r.validAtSigningTime)
        r.problems.push_back("a certificate was not valid at the time-stamp's time");
    // Only timeStamping in a critical extended key usage (RFC 3161, 2.3).
    r.keyUsageOk = X509_check_purpose(tsaCert, X509_PURPOSE_TIMESTAMP_SIGN, 0) == 1;
    ERR_clear_error();
    if (!r.keyUsageOk)
        r.problems.push_back(
            "the certificate is not a time-stamp authority's (critical timeStamping usage)");
    checkRevocation(tsaCert, certs.get(), anchors, r);
}

void checkSignature(const std::string& pdf, const Found& f, const Anchors& anchors,
                    SignatureReport& r) {
    X509_STORE* store = anchors.store.get();
    const auto [a, b, c, d] = f.range;
    const std::string dict = enclosingObject(pdf, f.at);
    r.subFilter = nameValue(dict, "/SubFilter");
    if (a != 0 || b >= c || c + d > pdf.size() || c < 2 || pdf[b] != '<' || pdf[c - 1] != '>') {
        r.problems.push_back("its /ByteRange does not fit the file");
        return;
    }
    r.coversWholeFile = c + d == pdf.size();
    r.bytesAfter = pdf.size() - (c + d);
    r.gapStart = b;
    std::string der;
    try {
        der = fromHex(std::string_view(pdf).substr(b + 1, c - b - 2));
    } catch (const SigningError&) {
        r.problems.push_back("its /Contents is not a hex string");
        return;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
    if (!infos || sk_CMS_SignerInfo_num(infos) < 1) {
        ERR_clear_error();
        r.problems.push_back("its /Contents is not a CMS signature");
        return;
    }
    if (r.subFilter == "ETSI.RFC3161") {
        checkDocumentTimestamp(pdf, f, anchors, cms.get(), r);
        return;
    }
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    const X509StackPtr certs(CMS_get1_certs(cms.get()));
    X509* signerCert = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0)
            signerCert = sk_X509_value(certs.get(), i);
    if (!signerCert) {
        r.problems.push_back("the signer's certificate is not embedded");
        return;
    }
    reportSigner(r, signerCert);

    // Integrity: the digest of the byte range against the signed message-digest attribute.
    X509_ALGOR* digestAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digestAlg, nullptr);
    const ASN1_OBJECT* digestObj = nullptr;
    X509_ALGOR_get0(&digestObj, nullptr, nullptr, digestAlg);
    const EVP_MD* md = digestObj ? EVP_get_digestbyobj(digestObj) : nullptr;
    const auto* signedDigest = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    if (md && signedDigest) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        const bool ok =
            ctx && EVP_DigestInit_ex(ctx, md, nullptr) && EVP_DigestUpdate(ctx, pdf.data(), b) &&
            EVP_DigestUpdate(ctx, pdf.data() + c, d) && EVP_DigestFinal_ex(ctx, digest, &len);
        EVP_MD_CTX_free(ctx);
        r.integrityOk = ok && static_cast<int>(len) == ASN1_STRING_length(signedDigest) &&
                        std::equal(digest, digest + len, ASN1_STRING_get0_data(signedDigest));
    }
    if (!r.integrityOk)
        r.problems.push_back("the signed bytes were changed after signing (digest mismatch)");

    CMS_SignerInfo_set1_signer_cert(si, signerCert);
    r.signatureOk = CMS_SignerInfo_verify(si) == 1;
    ERR_clear_error();
    if (!r.signatureOk)
        r.problems.push_back("the signature value does not verify with the signer's certificate");

    const std::optional<std::time_t> when = parsePdfDate(dict);
    if (when) r.signingTime = isoVietnamTime(std::chrono::system_clock::from_time_t(*when));
    std::time_t checkTime = when.value_or(std::time(nullptr));

    std::string error;
    r.trusted = chainVerifies(store, signerCert, certs.get(), nullptr, error);
    if (!r.trusted) r.problems.push_back("the certificate chain is not trusted: " + error);
    r.validAtSigningTime =
        chainVerifies(store, signerCert, certs.get(), &checkTime, error) ||
        (!r.trusted && X509_cmp_time(X509_get0_notBefore(signerCert), &checkTime) < 0 &&
         X509_cmp_time(X509_get0_notAfter(signerCert), &checkTime) > 0);
    if (!r.validAtSigningTime)
        r.problems.push_back("a certificate was not valid at the signing time");

    const bool hasKu = X509_get_extension_flags(signerCert) & EXFLAG_KUSAGE;
    r.keyUsageOk =
        !hasKu || (X509_get_key_usage(signerCert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
    if (!r.keyUsageOk)
        r.problems.push_back("the certificate's key usage does not allow signatures");
    checkRevocation(signerCert, certs.get(), anchors, r);
}

}  // namespace

std::vector<SignatureReport> verifyPdf(const std::string& pdf,
                                       const std::vector<std::string>& trustPemFiles,
                                       const std::vector<std::string>& crlFiles) {
    Anchors anchors;
    for (const auto& path : trustPemFiles)
        for (const auto& der : readPemCertificates(path)) {
            X509Ptr cert = parseDer(der);
            if (!X509_STORE_add_cert(anchors.store.get(), cert.get()))
                throwCrypto("cannot add trust anchor " + path);
            anchors.certs.push_back(std::move(cert));
        }
    for (const auto& path : crlFiles) anchors.crls.push_back(readCrl(path));
    std::vector<SignatureReport> out;
    int index = 0;
    for (const Found& f : findByteRanges(pdf)) {
        SignatureReport r;
        r.index = ++index;
        try {
            checkSignature(pdf, f, anchors, r);
        } catch (const SigningError& e) {
            r.problems.push_back(e.what());
        }
        out.push_back(std::move(r));
    }
    // A valid document timestamp covers every revision before it, signature values included.
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].documentTimestamp) continue;
        for (std::size_t j = i + 1; j < out.size(); ++j)
            if (out[j].documentTimestamp && out[j].ok()) {
                out[i].timestamped = true;
                out[i].timestampedBy = out[j].index;
                break;
            }
    }
    return out;
}

}  // namespace motcua::signing
