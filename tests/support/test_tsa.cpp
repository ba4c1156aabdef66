// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "test_tsa.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>

// The signing layer's owning handles for OpenSSL objects (src/signing/ossl.h), with OpenSSL's
// time-stamping ones.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/rand.h>
#include <openssl/ts.h>
#pragma GCC diagnostic pop

#include "ossl.h"

namespace motcua::test {

namespace {

using namespace signing::detail;  // OsslFree, X509Ptr, PkeyPtr, BioPtr, opensslErrors...
using RespCtxPtr = std::unique_ptr<TS_RESP_CTX, OsslFree<TS_RESP_CTX_free>>;
using RespPtr = std::unique_ptr<TS_RESP, OsslFree<TS_RESP_free>>;
using ObjectPtr = std::unique_ptr<ASN1_OBJECT, OsslFree<ASN1_OBJECT_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OsslFree<BN_free>>;

[[noreturn]] void configError(const std::string& what) {
    const std::string detail = opensslErrors();
    throw std::runtime_error(detail.empty() ? what : what + ": " + detail);
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

struct TimestampResponder::Impl {
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

TimestampResponder::TimestampResponder(const std::string& certFile, const std::string& keyFile)
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

TimestampResponder::~TimestampResponder() = default;

std::string TimestampResponder::respond(const std::string& queryDer) const {
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

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

class TsaHandler : public Poco::Net::HTTPRequestHandler {
public:
    TsaHandler(const TimestampResponder& responder, const std::string& path)
        : m_responder(responder), m_path(path) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        std::ostringstream body;
        Poco::StreamCopier::copyStream(request.stream(), body);
        const std::string type = request.getContentType();
        if (Poco::URI(request.getURI()).getPath() != m_path)
            refuse(response, HTTPResponse::HTTP_NOT_FOUND, "NotFound", "no endpoint");
        else if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_POST)
            refuse(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "MethodNotAllowed", "use POST");
        else if (type.substr(0, type.find(';')) != "application/timestamp-query")
            refuse(response, HTTPResponse::HTTP_UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType",
                   "send a DER TimeStampReq as application/timestamp-query");
        else {
            const std::string reply = m_responder.respond(body.str());
            response.setContentType("application/timestamp-reply");
            response.sendBuffer(reply.data(), reply.size());
        }
    }

private:
    static void refuse(HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
                       const std::string& code, const std::string& message) {
        const std::string body =
            R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
        response.setStatus(status);
        response.setContentType("application/json");
        response.sendBuffer(body.data(), body.size());
    }

    const TimestampResponder& m_responder;
    const std::string& m_path;
};

class TsaHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    TsaHandlerFactory(const TimestampResponder& responder, const std::string& path)
        : m_responder(responder), m_path(path) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new TsaHandler(m_responder, m_path);
    }

private:
    const TimestampResponder& m_responder;
    const std::string& m_path;
};

/// Poco's SSL library, initialised for the server's lifetime (before its context is made).
struct SslScope {
    SslScope() { Poco::Net::initializeSSL(); }
    ~SslScope() { Poco::Net::uninitializeSSL(); }
    SslScope(const SslScope&) = delete;
    SslScope& operator=(const SslScope&) = delete;
};

Poco::Net::Context::Ptr tlsContext(const std::string& certFile, const std::string& keyFile) {
    Poco::Net::Context::Params params;
    params.certificateFile = certFile;
    params.privateKeyFile = keyFile;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;  // no client certificates
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

}  // namespace

struct TestTsa::Impl {
    SslScope ssl;
    TimestampResponder responder;
    std::string path;
    Poco::ThreadPool pool{1, 4};
    Poco::Net::SecureServerSocket socket;
    std::unique_ptr<Poco::Net::HTTPServer> server;

    Impl(const std::string& tlsCertFile, const std::string& tlsKeyFile,
         const std::string& tsaCertFile, const std::string& tsaKeyFile, std::string p)
        : responder(tsaCertFile, tsaKeyFile),
          path(std::move(p)),
          socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64,
                 tlsContext(tlsCertFile, tlsKeyFile)) {
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        server = std::make_unique<Poco::Net::HTTPServer>(new TsaHandlerFactory(responder, path),
                                                         pool, socket, params);
        server->start();
    }
    ~Impl() {
        server->stopAll(true);
        pool.joinAll();
    }
};

TestTsa::TestTsa(const std::string& tlsCertFile, const std::string& tlsKeyFile,
                 const std::string& tsaCertFile, const std::string& tsaKeyFile, std::string path)
    : m_impl(std::make_unique<Impl>(tlsCertFile, tlsKeyFile, tsaCertFile, tsaKeyFile,
                                    std::move(path))) {}

TestTsa::~TestTsa() = default;

std::uint16_t TestTsa::port() const {
    return m_impl->socket.address().port();
}

const std::string& TestTsa::path() const {
    return m_impl->path;
}

std::string TestTsa::url() const {
    return "https://127.0.0.1:" + std::to_string(port()) + m_impl->path;
}

}  // namespace motcua::test
