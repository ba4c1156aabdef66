// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "motcua/server/server_store.h"

namespace motcua::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  ///< 0: the system picks one; port() tells which
    std::string certFile;    ///< PEM server certificate (chain)
    std::string keyFile;     ///< PEM private key
    int maxThreads = 16;     ///< request threads
    int maxQueued = 64;      ///< accepted connections waiting for a thread; more are refused
    /// Connections one peer address may have open at once; more are refused at accept.
    int maxConnectionsPerPeer = 8;
    /// One deadline per request, from the moment the server starts waiting for it (accept, or
    /// the end of the previous response on a kept-alive connection) through the TLS handshake,
    /// headers, body and handling to the response; past it the connection is shut down.
    std::chrono::milliseconds requestDeadline{std::chrono::seconds(30)};
    /// A kept-alive connection waiting for its next request is closed after this (or at the
    /// request deadline, whichever comes first).
    std::chrono::milliseconds keepAliveTimeout{std::chrono::seconds(10)};
    /// When every request thread is busy and connections wait for one, a connection that has
    /// held its thread this long without a whole request (handshaking, waiting for or trickling
    /// headers) is closed, those that waited longest first, so a real request gets the thread.
    std::chrono::milliseconds shedIdleAfter{250};
    std::chrono::seconds sessionTtl{std::chrono::hours(12)};
    /// Wrong passwords in a row a username may make before it is locked out (attempts in
    /// flight count too); the lockout starts at loginLockout and doubles with each further
    /// failure, up to 15 minutes, timed by the store's clock (ServerStore::clock()).
    int freeLoginFailures = 5;
    std::chrono::milliseconds loginLockout{std::chrono::seconds(2)};
    /// Password hashes computed at once, whatever the names; past it a login gets 503 with
    /// Retry-After. 0: twice the hardware threads.
    int maxPasswordHashes = 0;
    /// The citizen's tracking page (GET /tra-cuu/...): requests one client address may make at
    /// once, then one more each trackingRefill (timed by the store's clock); past it 429.
    int trackingBurst = 20;
    std::chrono::milliseconds trackingRefill{std::chrono::seconds(3)};
    /// Receives one JSON line per request and per failure; empty: quiet.
    std::function<void(const std::string&)> log;
};

/// The sync API over HTTPS (TLS 1.2 or newer): sessions, push, pull, health, blobs and the
/// portal's submissions.
class HttpsServer {
public:
    /// Binds the socket and loads the TLS certificate and key; throws ServerError(Config).
    HttpsServer(ServerStore& store, ServerConfig config);
    ~HttpsServer();  ///< stops if running
    HttpsServer(const HttpsServer&) = delete;
    HttpsServer& operator=(const HttpsServer&) = delete;

    void start();
    /// Final: closes the listening socket, so clients fail fast instead of hanging. Stops
    /// accepting, aborts idle keep-alive connections and waits for the request threads. A request
    /// already inside the store finishes its transaction; the client retries by op id.
    void stop();
    std::uint16_t port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::server
