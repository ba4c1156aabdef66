// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Poco's TCP server parts that serve HTTP under a ConnectionGuard; private to the server layer.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include "connection_guard.h"

namespace motcua::server {

/// Refuses at accept what the guard refuses (too many from one address, the queue full).
class GuardFilter : public Poco::Net::TCPServerConnectionFilter {
public:
    explicit GuardFilter(ConnectionGuard& guard) : m_guard(guard) {}
    bool accept(const Poco::Net::StreamSocket& socket) override { return m_guard.admit(socket); }

private:
    ConnectionGuard& m_guard;
};

/// HTTP connections as Poco's HTTPServerConnection serves them (keep-alive, 100-continue, 400
/// for a malformed request), each telling the guard where it stands: taken by a thread, in its
/// handler, answered, finished.
class GuardedConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    GuardedConnectionFactory(ConnectionGuard& guard,
                             Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                             Poco::Net::HTTPServerParams::Ptr params)
        : m_guard(guard), m_handlers(std::move(handlers)), m_params(std::move(params)) {}
    Poco::Net::TCPServerConnection* createConnection(
        const Poco::Net::StreamSocket& socket) override;

private:
    ConnectionGuard& m_guard;
    Poco::Net::HTTPRequestHandlerFactory::Ptr m_handlers;
    Poco::Net::HTTPServerParams::Ptr m_params;
};

}  // namespace motcua::server
