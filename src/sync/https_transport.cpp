// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <istream>
#include <ostream>

#include "motcua/protocol/protocol.h"
#include "motcua/sync/transport.h"

namespace motcua::sync {

struct HttpsTransport::Impl {
    std::string host;
    std::uint16_t port = 443;
    std::chrono::seconds timeout;
    Poco::Net::Context::Ptr context;
};

HttpsTransport::HttpsTransport(HttpsTransportConfig config) : m_impl(std::make_unique<Impl>()) {
    Poco::URI uri;
    try {
        uri = Poco::URI(config.serverUrl);
    } catch (const Poco::Exception& e) {
        throw SyncError(SyncError::Code::Malformed,
                        "bad server URL " + config.serverUrl + ": " + e.displayText());
    }
    // Plain HTTP would carry passwords and dossiers in clear; there is no switch for it.
    if (uri.getScheme() != "https" || uri.getHost().empty())
        throw SyncError(SyncError::Code::Malformed,
                        "the server URL must be https://host[:port], not " + config.serverUrl);
    m_impl->host = uri.getHost();
    m_impl->port = uri.getPort();
    m_impl->timeout = config.timeout;
    Poco::Net::initializeSSL();
    try {
        Poco::Net::Context::Params params;
        params.caLocation = config.caFile;
        params.loadDefaultCAs = config.caFile.empty();
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
        m_impl->context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        m_impl->context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    } catch (const Poco::Exception& e) {
        Poco::Net::uninitializeSSL();
        throw SyncError(SyncError::Code::Network,
                        "cannot use the CA bundle " + config.caFile + ": " + e.displayText());
    }
}

HttpsTransport::~HttpsTransport() {
    m_impl.reset();
    Poco::Net::uninitializeSSL();
}

HttpReply Transport::exchange(const HttpRequest& request) {
    if (!request.headers.empty() || request.contentType != "application/json")
        throw SyncError(SyncError::Code::Unsupported, "this transport sends JSON requests only");
    return send(request.method, request.path, request.body, request.token);
}

HttpReply HttpsTransport::send(const std::string& method, const std::string& path,
                               const std::string& body, const std::string& token) {
    return exchange(HttpRequest{method, path, body, token, "application/json", {}});
}

HttpReply HttpsTransport::exchange(const HttpRequest& spec) {
    const std::string& method = spec.method;
    const std::string& body = spec.body;
    const std::string& token = spec.token;
    const std::string& path = spec.path;
    try {
        // A session per request: a connection the server closed while idle cannot fail a
        // request half way; keep-alive can come with the retry policy.
        Poco::Net::HTTPSClientSession session(m_impl->host, m_impl->port, m_impl->context);
        session.setTimeout(Poco::Timespan(static_cast<long>(m_impl->timeout.count()), 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set(std::string(kProtocolHeader), std::to_string(kProtocolVersion));
        if (!token.empty()) request.set("Authorization", "Bearer " + token);
        for (const auto& [name, value] : spec.headers) request.set(name, value);
        if (method == Poco::Net::HTTPRequest::HTTP_POST ||
            method == Poco::Net::HTTPRequest::HTTP_PUT || !body.empty()) {
            request.setContentType(spec.contentType);
            request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        }
        std::ostream& out = session.sendRequest(request);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        HttpReply reply;
        reply.status = static_cast<int>(response.getStatus());
        for (const auto& [name, value] : response) reply.headers[Poco::toLower(name)] = value;
        // A HEAD answer announces the length of a body it does not send.
        if (method == Poco::Net::HTTPRequest::HTTP_HEAD) return reply;
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (reply.body.size() > kMaxBodyBytes)
                throw SyncError(
                    SyncError::Code::TooLarge,
                    "the server's answer exceeds " + std::to_string(kMaxBodyBytes) + " bytes");
        }
        // A body cut short is a dropped connection, not an answer.
        if (response.hasContentLength() &&
            static_cast<Poco::Int64>(reply.body.size()) != response.getContentLength64())
            throw SyncError(SyncError::Code::Network, "the server's answer was cut short");
        return reply;
    } catch (const Poco::Exception& e) {
        throw SyncError(SyncError::Code::Network, "cannot reach " + m_impl->host + ":" +
                                                      std::to_string(m_impl->port) + ": " +
                                                      e.displayText());
    } catch (const std::ios_base::failure& e) {
        throw SyncError(SyncError::Code::Network, std::string("connection failed: ") + e.what());
    }
}

}  // namespace motcua::sync
