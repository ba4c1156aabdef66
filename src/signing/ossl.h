// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Owning handles for the OpenSSL objects the signing layer uses (internal header).
#pragma once

// OpenSSL's headers define stack and ASN.1 helpers with C casts; keep our warnings strict.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#pragma GCC diagnostic pop

#include <memory>
#include <string>
#include <string_view>

#include "motcua/signing/signing_error.h"

namespace motcua::signing::detail {

template <auto Free>
struct OsslFree {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using X509Ptr = std::unique_ptr<X509, OsslFree<X509_free>>;
using BioPtr = std::unique_ptr<BIO, OsslFree<BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OsslFree<CMS_ContentInfo_free>>;
using StorePtr = std::unique_ptr<X509_STORE, OsslFree<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OsslFree<X509_STORE_CTX_free>>;
using CrlPtr = std::unique_ptr<X509_CRL, OsslFree<X509_CRL_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OsslFree<EVP_PKEY_free>>;

inline void freeX509Stack(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OsslFree<freeX509Stack>>;

/// The queued OpenSSL errors as text (and the queue cleared).
inline std::string opensslErrors() {
    std::string out;
    for (unsigned long e; (e = ERR_get_error()) != 0;) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out;
}

[[noreturn]] inline void throwCrypto(const std::string& what) {
    const std::string detail = opensslErrors();
    throw SigningError(SigningError::Code::Crypto, detail.empty() ? what : what + ": " + detail);
}

inline X509Ptr parseDer(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert) throwCrypto("not a DER certificate");
    return cert;
}

/// `object` in DER, by its type's OpenSSL `i2d` function (i2d_X509, i2d_CMS_ContentInfo, ...).
/// Throws SigningError (Crypto) with `what` when it cannot be encoded.
template <typename T, typename I2d>
std::string encodeDer(I2d i2d, T* object, const std::string& what) {
    unsigned char* buf = nullptr;
    const int n = i2d(object, &buf);
    if (n <= 0) throwCrypto(what);
    std::string out(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
    OPENSSL_free(buf);
    return out;
}

inline std::string toDer(X509* cert) {
    return encodeDer(i2d_X509, cert, "cannot encode certificate");
}

inline std::string sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr))
        throwCrypto("SHA-256 failed");
    return std::string(reinterpret_cast<char*>(md), len);
}

}  // namespace motcua::signing::detail
