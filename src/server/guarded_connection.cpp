// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "guarded_connection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include <memory>

namespace motcua::server {

namespace {

using Poco::Net::HTTPResponse;

class GuardedConnection : public Poco::Net::TCPServerConnection {
public:
    GuardedConnection(const Poco::Net::StreamSocket& socket, ConnectionGuard& guard,
                      Poco::Net::HTTPRequestHandlerFactory& handlers,
                      Poco::Net::HTTPServerParams::Ptr params)
        : TCPServerConnection(socket),
          m_guard(guard),
          m_handlers(handlers),
          m_params(std::move(params)) {}

    void run() override {
        if (!m_guard.dispatched(socket())) return;
        try {
            Poco::Net::HTTPServerSession session(socket(), m_params);
            serve(session);
            // Before the session closes the socket: from here the guard never touches it.
            m_guard.finished(socket());
        } catch (const Poco::Exception&) {
            // The socket was already unusable when the session was made.
        }
        m_guard.finished(socket());  // again, harmlessly, when the session could not be made
    }

private:
    void serve(Poco::Net::HTTPServerSession& session) {
        try {
            // The TLS handshake happens within the first read, under the request's deadline.
            while (!m_guard.stopping() && session.hasMoreRequests()) {
                Poco::Net::HTTPServerResponseImpl response(session);
                Poco::Net::HTTPServerRequestImpl request(response, session, m_params);
                m_guard.handling(socket());
                response.setDate(Poco::Timestamp());
                response.setVersion(request.getVersion());
                response.setKeepAlive(m_params->getKeepAlive() && request.getKeepAlive() &&
                                      session.canKeepAlive());
                const std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
                    m_handlers.createRequestHandler(request));
                if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK)
                    response.sendContinue();
                handler->handleRequest(request, response);
                session.setKeepAlive(m_params->getKeepAlive() && response.getKeepAlive() &&
                                     session.canKeepAlive());
                m_guard.responded(socket());
            }
        } catch (const Poco::Net::NoMessageException&) {
            // The client closed the connection, or sent nothing before a timeout.
        } catch (const Poco::Net::MessageException&) {
            try {
                Poco::Net::HTTPServerResponseImpl response(session);
                response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
                response.setStatusAndReason(HTTPResponse::HTTP_BAD_REQUEST);
                response.setKeepAlive(false);
                response.send();
            } catch (const Poco::Exception&) {
            }
        } catch (const Poco::Exception&) {
            // A failed handshake, a timeout, a reset, or the guard shutting the socket down.
        } catch (const std::exception&) {
        }
    }

    ConnectionGuard& m_guard;
    Poco::Net::HTTPRequestHandlerFactory& m_handlers;
    Poco::Net::HTTPServerParams::Ptr m_params;
};

}  // namespace

Poco::Net::TCPServerConnection* GuardedConnectionFactory::createConnection(
    const Poco::Net::StreamSocket& socket) {
    return new GuardedConnection(socket, m_guard, *m_handlers, m_params);
}

}  // namespace motcua::server
