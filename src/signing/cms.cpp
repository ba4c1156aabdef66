// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// CMS SignedData built by OpenSSL with the signature value made elsewhere (on the token).
#include "motcua/signing/cms.h"

#include <algorithm>
#include <set>
#include <vector>

#include "chain.h"
#include "ossl.h"

namespace motcua::signing {

using namespace detail;

namespace {

/// DER of the signed attributes as the signature covers them: a SET OF (tag 0x31) whose
/// elements are sorted by their encodings, as DER requires and as OpenSSL writes them.
std::string signedAttributesDer(CMS_SignerInfo* si) {
    std::vector<std::string> encoded;
    const int count = CMS_signed_get_attr_count(si);
    for (int i = 0; i < count; ++i) {
        encoded.push_back(encodeDer(i2d_X509_ATTRIBUTE, CMS_signed_get_attr(si, i),
                                    "cannot encode a signed attribute"));
    }
    std::sort(encoded.begin(), encoded.end(), [](const std::string& a, const std::string& b) {
        return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
                return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
            });
    });
    std::string body;
    for (const auto& e : encoded) body += e;
    std::string out(1, '\x31');
    const std::size_t len = body.size();
    if (len < 0x80) {
        out += static_cast<char>(len);
    } else {
        std::string bytes;
        for (std::size_t l = len; l; l >>= 8)
            bytes.insert(bytes.begin(), static_cast<char>(l & 0xFF));
        out += static_cast<char>(0x80 | bytes.size());
        out += bytes;
    }
    return out + body;
}

}  // namespace

std::string buildCadesDetached(Signer& signer, std::string_view contentDigest,
                               std::optional<std::chrono::system_clock::time_point> signingTime) {
    const X509Ptr cert = parseDer(signer.certificate().der);
    // The certificate's public key stands in for the private key: OpenSSL only needs its type
    // to fill in the algorithms, and with CMS_PARTIAL it does not sign.
    EVP_PKEY* publicKey = X509_get0_pubkey(cert.get());
    if (!publicKey) throwCrypto("the certificate has no usable public key");
    constexpr unsigned int flags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
    if (!cms) throwCrypto("cannot start the CMS structure");
    // CMS_CADES adds signing-certificate-v2 (ESS, SHA-256 of the signer certificate).
    CMS_SignerInfo* si =
        CMS_add1_signer(cms.get(), cert.get(), publicKey, EVP_sha256(), flags | CMS_CADES);
    if (!si) throwCrypto("cannot add the signer");
    // The intermediates, each once; not the root: a verifier must hold it already (a root taken
    // from the signature proves nothing), and each one costs 1-2 KB of the reserved /Contents.
    std::set<std::string> embedded{signer.certificate().der};
    for (const auto& der : signer.chain()) {
        if (!embedded.insert(der).second || isSelfSigned(der)) continue;
        const X509Ptr issuer = parseDer(der);
        if (!CMS_add1_cert(cms.get(), issuer.get()))
            throwCrypto("cannot embed a chain certificate");
    }
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                    OBJ_nid2obj(NID_pkcs7_data), -1) <= 0 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                    contentDigest.data(),
                                    static_cast<int>(contentDigest.size())) <= 0)
        throwCrypto("cannot add the signed attributes");
    if (signingTime) {
        ASN1_TIME* t = ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(*signingTime));
        const int ok =
            t ? CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1) : 0;
        ASN1_TIME_free(t);
        if (ok <= 0) throwCrypto("cannot add the signing time");
    }
    const std::string signature = signer.sign(signedAttributesDer(si));
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    if (!ASN1_STRING_set(value, signature.data(), static_cast<int>(signature.size())))
        throwCrypto("cannot store the signature value");

    return encodeDer(i2d_CMS_ContentInfo, cms.get(), "cannot encode the CMS structure");
}

std::string signCmsDetached(Signer& signer, std::string_view content,
                            std::chrono::system_clock::time_point when) {
    return buildCadesDetached(signer, sha256(content), when);
}

}  // namespace motcua::signing
