// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The API's request handler: one per request, routing by path to the sync, blob and portal
// routes and the citizen's page (internal header; the routes are defined in sync_routes.cpp,
// blob_routes.cpp, portal_routes.cpp and citizen_routes.cpp).
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/URI.h>

#include "http_route.h"
#include "login_throttle.h"
#include "page_rate_limit.h"
#include "motcua/protocol/protocol.h"
#include "motcua/server/https_server.h"

namespace motcua::server {

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(ServerStore& store, const ServerConfig& config, LoginThrottle& throttle,
               PasswordHashGate& hashes, PageRateLimit& pages)
        : m_store(store),
          m_config(config),
          m_throttle(throttle),
          m_hashes(hashes),
          m_pages(pages) {}

    /// Answers the route's Answer, or its HttpFailure as a JSON error, or any other exception
    /// as a 500 "Internal"; logs one line per request.
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    Answer route(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri);

    /// Sessions, push, pull, counts and snapshot (sync_routes.cpp).
    Answer syncRoute(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri);
    Answer loginRoute(const sync::LoginRequest& login);

    /// HEAD, GET and PUT of /api/v1/blobs/SHA (blob_routes.cpp).
    Answer blobRoute(Poco::Net::HTTPServerRequest& request, const std::string& sha);

    /// The portal connector's endpoints (portal_routes.cpp).
    Answer portalRoute(Poco::Net::HTTPServerRequest& request, const std::string& path);

    /// The citizen's tracking page and its results' downloads, no login (citizen_routes.cpp).
    Answer citizenRoute(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri);

    User authenticate(const Poco::Net::HTTPServerRequest& request);
    void log(const Poco::Net::HTTPServerRequest& request, const std::string& path, int status,
             const std::string& problem);

    ServerStore& m_store;
    const ServerConfig& m_config;
    LoginThrottle& m_throttle;
    PasswordHashGate& m_hashes;
    PageRateLimit& m_pages;
};

}  // namespace motcua::server
