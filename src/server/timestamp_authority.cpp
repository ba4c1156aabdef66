// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "timestamp_authority.h"

// OpenSSL's headers define stack and ASN.1 helpers with C casts; keep our warnings strict.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#pragma GCC diagnostic pop

#include "motcua/server/server_store.h"

namespace motcua::server {

namespace {

template <auto Free>
struct OsslFree {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using X509Ptr = std::unique_ptr<X509, OsslFree<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OsslFree<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, OsslFree<BIO_free_all>>;
using RespCtxPtr = std::unique_ptr<TS_RESP_CTX, OsslFree<TS_RESP_CTX_free>>;
using RespPtr = std::unique_ptr<TS_RESP, OsslFree<TS_RESP_free>>;
using ObjectPtr = std::unique_ptr<ASN1_OBJECT, OsslFree<ASN1_OBJECT_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OsslFree<BN_free>>;
inline void freeX509Stack(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OsslFree<freeX509Stack>>;

std::string opensslErrors() {
    std::string out;
    for (unsigned long e; (e = ERR_get_error()) != 0;) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += (out.empty() ? "" : "; ") + std::string(buf);
    }
    return out;
}

[[noreturn]] void configError(const std::string& what) {
    const std::string detail = opensslErrors();
    throw ServerError(ServerError::Code::Config, detail.empty() ? what : what + ": " + detail);
}

/// A random positive 127-bit serial: unique without a counter file shared between processes.
ASN1_INTEGER* randomSerial(TS_RESP_CTX* ctx, void*) {
    unsigned char random[16];
    ASN1_INTEGER* serial = nullptr;
    if (RAND_bytes(random, sizeof random) == 1) {
        random[0] &= 0x7F;
        const BnPtr bn(BN_bin2bn(random, sizeof random, nullptr));
        if (bn) serial = BN_to_ASN1_INTEGER(bn.get(), nullptr);
    }
    if (!serial) {
        TS_RESP_CTX_set_status_info(ctx, TS_STATUS_REJECTION, "no serial number could be made");
        TS_RESP_CTX_add_failure_info(ctx, TS_INFO_ADD_INFO_NOT_AVAILABLE);
    }
    return serial;
}

}  // namespace

struct TimestampAuthority::Impl {
    X509Ptr cert;
    X509StackPtr chain{sk_X509_new_null()};
    PkeyPtr key;
    ObjectPtr policy{OBJ_txt2obj("1.2.3.4.1", 1)};

    /// A response context per request: TS_RESP_CTX keeps the request being answered.
    RespCtxPtr context() const {
        RespCtxPtr ctx(TS_RESP_CTX_new());
        if (!ctx || !TS_RESP_CTX_set_signer_cert(ctx.get(), cert.get()) ||
            !TS_RESP_CTX_set_signer_key(ctx.get(), key.get()) ||
            !TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()) ||
            !TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) ||
            !TS_RESP_CTX_set_certs(ctx.get(), chain.get()) ||
            !TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) ||
            !TS_RESP_CTX_add_md(ctx.get(), EVP_sha256()) ||
            !TS_RESP_CTX_add_md(ctx.get(), EVP_sha384()) ||
            !TS_RESP_CTX_add_md(ctx.get(), EVP_sha512()) ||
            !TS_RESP_CTX_set_accuracy(ctx.get(), 1, 0, 0))
            configError("the time-stamp authority cannot use its certificate and key");
        TS_RESP_CTX_set_serial_cb(ctx.get(), randomSerial, nullptr);
        return ctx;
    }
};

TimestampAuthority::TimestampAuthority(const std::string& certFile, const std::string& keyFile)
    : m_impl(std::make_unique<Impl>()) {
    BioPtr certs(BIO_new_file(certFile.c_str(), "r"));
    if (!certs) configError("cannot read the TSA certificate " + certFile);
    for (X509* c; (c = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) != nullptr;) {
        if (!m_impl->cert)
            m_impl->cert.reset(c);
        else
            sk_X509_push(m_impl->chain.get(), c);
    }
    ERR_clear_error();  // the end of the file reads as an error
    if (!m_impl->cert) configError("no PEM certificate in " + certFile);
    BioPtr key(BIO_new_file(keyFile.c_str(), "r"));
    if (!key) configError("cannot read the TSA key " + keyFile);
    m_impl->key.reset(PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, nullptr));
    if (!m_impl->key) configError("no PEM private key in " + keyFile);
    if (X509_check_private_key(m_impl->cert.get(), m_impl->key.get()) != 1)
        configError("the TSA key " + keyFile + " does not belong to the certificate " + certFile);
    if (!m_impl->policy) configError("cannot make the TSA policy");
    // TS_RESP_CTX_set_signer_cert refuses a certificate without the critical timeStamping usage.
    m_impl->context();
}

TimestampAuthority::~TimestampAuthority() = default;

std::string TimestampAuthority::respond(const std::string& queryDer) const {
    const RespCtxPtr ctx = m_impl->context();
    BioPtr in(BIO_new_mem_buf(queryDer.data(), static_cast<int>(queryDer.size())));
    const RespPtr response(in ? TS_RESP_create_response(ctx.get(), in.get()) : nullptr);
    unsigned char* der = nullptr;
    const int n = response ? i2d_TS_RESP(response.get(), &der) : -1;
    if (n <= 0) {
        const std::string detail = opensslErrors();
        throw std::runtime_error("the time-stamp authority failed: " + detail);
    }
    ERR_clear_error();  // a rejected request leaves its reason on the queue
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    return out;
}

}  // namespace motcua::server
