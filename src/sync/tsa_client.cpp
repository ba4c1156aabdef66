// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/tsa_client.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <istream>
#include <memory>
#include <ostream>

#include "motcua/protocol/protocol.h"

namespace motcua::sync {

namespace {

/// A TimeStampResp is a few kilobytes (a token with its chain); more is not a TSA's answer.
constexpr std::size_t kMaxReplyBytes = 1024 * 1024;

/// Poco's SSL library, initialised for as long as the request takes.
struct SslScope {
    SslScope() { Poco::Net::initializeSSL(); }
    ~SslScope() { Poco::Net::uninitializeSSL(); }
    SslScope(const SslScope&) = delete;
    SslScope& operator=(const SslScope&) = delete;
};

}  // namespace

std::string postTimestampQuery(const std::string& url, const std::string& caFile,
                               const std::string& queryDer, std::chrono::seconds timeout) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception& e) {
        throw SyncError(SyncError::Code::Malformed,
                        "bad time-stamp authority URL " + url + ": " + e.displayText());
    }
    const bool https = uri.getScheme() == "https";
    // Plain http:// is allowed here, unlike for sync: the answer is a token the TSA signed and
    // signing::timestampToken checks (imprint, nonce, signature), and verification checks
    // the TSA's chain; what goes out is only a digest. Many public TSAs serve http:// only.
    if ((!https && uri.getScheme() != "http") || uri.getHost().empty())
        throw SyncError(
            SyncError::Code::Malformed,
            "the time-stamp authority URL must be https://host[:port]/path or http://..., not " +
                url);
    const std::string where = uri.getHost() + ":" + std::to_string(uri.getPort());
    SslScope ssl;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (https) {
            Poco::Net::Context::Params params;
            params.caLocation = caFile;
            params.loadDefaultCAs = caFile.empty();
            params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
            params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
            Poco::Net::Context::Ptr context;
            try {
                context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
            } catch (const Poco::Exception& e) {
                throw SyncError(SyncError::Code::Network,
                                "cannot use the CA bundle " + caFile + ": " + e.displayText());
            }
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                      context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST,
                                       uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/timestamp-query");
        request.setContentLength64(static_cast<Poco::Int64>(queryDer.size()));
        std::ostream& out = session->sendRequest(request);
        out.write(queryDer.data(), static_cast<std::streamsize>(queryDer.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        std::string body;
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (body.size() > kMaxReplyBytes)
                throw SyncError(SyncError::Code::TooLarge,
                                "the time-stamp authority's answer exceeds 1 MiB");
        }
        if (response.hasContentLength() &&
            static_cast<Poco::Int64>(body.size()) != response.getContentLength64())
            throw SyncError(SyncError::Code::Network,
                            "the time-stamp authority's answer was cut short");
        const int status = static_cast<int>(response.getStatus());
        if (status != 200)
            throw SyncError(SyncError::Code::Server, "the time-stamp authority at " + url +
                                                         " answered " + std::to_string(status) +
                                                         " " + response.getReason());
        return body;
    } catch (const Poco::Exception& e) {
        throw SyncError(SyncError::Code::Network, "cannot reach the time-stamp authority at " +
                                                      where + ": " + e.displayText());
    } catch (const std::ios_base::failure& e) {
        throw SyncError(SyncError::Code::Network,
                        std::string("connection to the time-stamp authority failed: ") + e.what());
    }
}

}  // namespace motcua::sync
