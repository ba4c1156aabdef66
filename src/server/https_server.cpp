// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The HTTPS server's frame: TLS, the listening socket, the connection guard and the request
// threads. The routes are ApiHandler's (api_handler.h).
#include "motcua/server/https_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <climits>
#include <thread>

#include "api_handler.h"
#include "connection_guard.h"
#include "guarded_connection.h"
#include "login_throttle.h"

namespace motcua::server {

namespace {

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    HandlerFactory(ServerStore& store, const ServerConfig& config)
        : m_store(store),
          m_config(config),
          m_throttle(store.clock(), config.freeLoginFailures, config.loginLockout,
                     std::chrono::minutes(15)),
          m_hashes(config.maxPasswordHashes > 0
                       ? config.maxPasswordHashes
                       : 2 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()))),
          m_pages(store.clock(), config.trackingBurst, config.trackingRefill) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
        return new ApiHandler(m_store, m_config, m_throttle, m_hashes, m_pages);
    }

private:
    ServerStore& m_store;
    const ServerConfig& m_config;
    LoginThrottle m_throttle;
    PasswordHashGate m_hashes;
    PageRateLimit m_pages;
};

Poco::Net::Context::Ptr serverContext(const ServerConfig& config) {
    Poco::Net::Context::Params params;
    params.privateKeyFile = config.keyFile;
    params.certificateFile = config.certFile;
    // The server asks no client certificate: desks authenticate with bearer tokens.
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    return context;
}

/// Poco's timeouts as seconds and microseconds.
Poco::Timespan timespanOf(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<long>(ms.count() / 1000),
                          static_cast<long>(ms.count() % 1000) * 1000);
}

}  // namespace

struct HttpsServer::Impl {
    ServerConfig config;
    Poco::ThreadPool pool;
    ConnectionGuard guard;  ///< outlives the server, whose filter and connections use it
    std::unique_ptr<Poco::Net::TCPServer> server;
    std::uint16_t port = 0;
    bool running = false;

    explicit Impl(ServerConfig c)
        : config(std::move(c)),
          pool(1, config.maxThreads),
          guard({config.maxThreads, config.maxQueued, config.maxConnectionsPerPeer,
                 config.requestDeadline, config.shedIdleAfter},
                config.log) {}
};

HttpsServer::HttpsServer(ServerStore& store, ServerConfig config) {
    if (config.maxThreads < 1 || config.maxQueued < 1 || config.maxConnectionsPerPeer < 1)
        throw ServerError(ServerError::Code::Config,
                          "max threads, max queued and max connections per peer must be positive");
    if (config.requestDeadline.count() < 1 || config.keepAliveTimeout.count() < 1 ||
        config.shedIdleAfter.count() < 0)
        throw ServerError(ServerError::Code::Config,
                          "the request deadline and keep-alive timeout must be positive");
    if (config.certFile.empty() || config.keyFile.empty())
        throw ServerError(ServerError::Code::Config, "a TLS certificate and key are needed");
    Poco::Net::initializeSSL();
    try {
        m_impl = std::make_unique<Impl>(std::move(config));
        const ServerConfig& c = m_impl->config;
        const auto context = serverContext(c);
        // Poco's ServerSocket(address, backlog) also sets SO_REUSEPORT, which would let a second
        // server bind the same port and take half the connections: bind without it.
        Poco::Net::SecureServerSocket socket(context);
        socket.bind(Poco::Net::SocketAddress(c.host, c.port), true, false);
        // The kernel's backlog only absorbs bursts; the guard enforces the queue.
        socket.listen(std::max(128, c.maxQueued));
        m_impl->port = socket.address().port();
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(c.maxThreads);
        // The guard refuses past maxQueued at accept; Poco's own cap would drop connections
        // the guard still lists.
        params->setMaxQueued(INT_MAX);
        // Per read; the guard's deadline bounds the whole request.
        params->setTimeout(timespanOf(
            std::min<std::chrono::milliseconds>(c.requestDeadline, std::chrono::seconds(30))));
        params->setKeepAliveTimeout(timespanOf(std::min(c.keepAliveTimeout, c.requestDeadline)));
        params->setServerName("motcua-server");
        m_impl->server = std::make_unique<Poco::Net::TCPServer>(
            new GuardedConnectionFactory(m_impl->guard, new HandlerFactory(store, c), params),
            m_impl->pool, socket, params);
        m_impl->server->setConnectionFilter(new GuardFilter(m_impl->guard));
    } catch (const Poco::Exception& e) {
        m_impl.reset();
        Poco::Net::uninitializeSSL();
        throw ServerError(ServerError::Code::Config, "cannot serve HTTPS: " + e.displayText());
    } catch (const ServerError&) {
        m_impl.reset();
        Poco::Net::uninitializeSSL();
        throw;
    }
}

HttpsServer::~HttpsServer() {
    stop();
    m_impl.reset();
    Poco::Net::uninitializeSSL();
}

void HttpsServer::start() {
    if (!m_impl->server)
        throw ServerError(ServerError::Code::Config, "the server has been stopped; make a new one");
    if (m_impl->running) return;
    m_impl->server->start();
    m_impl->running = true;
}

void HttpsServer::stop() {
    if (!m_impl || !m_impl->running) return;
    m_impl->server->stop();    // no more accepts; connections still queued are dropped
    m_impl->guard.closeAll();  // every connection's blocked read fails now
    m_impl->pool.joinAll();
    // Poco closes the listening socket only with the server: until then the kernel would
    // still accept connections that nobody serves, and clients would hang instead of failing.
    m_impl->server.reset();
    m_impl->running = false;
}

std::uint16_t HttpsServer::port() const {
    return m_impl->port;
}

}  // namespace motcua::server
