// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "api_handler.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "motcua/core/tracking_key.h"

namespace motcua::server {

namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr std::string_view kBlobs = "/api/v1/blobs/";
constexpr std::string_view kSubmissions = "/api/v1/portal/submissions";

bool isSyncPath(const std::string& path) {
    return path == "/api/v1/sessions" || path == "/api/v1/sessions/current" ||
           path == "/api/v1/sync/push" || path == "/api/v1/sync/pull" ||
           path == "/api/v1/sync/counts" || path == "/api/v1/sync/snapshot";
}

}  // namespace

void ApiHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    int status = 500;
    std::string path;
    try {
        const Poco::URI uri(request.getURI());
        path = uri.getPath();
        const Answer answer = route(request, uri);
        status = answer.status;
        for (const auto& [name, value] : answer.headers) response.set(name, value);
        response.setStatus(static_cast<HTTPResponse::HTTPStatus>(answer.status));
        response.setContentType(answer.contentType);
        response.set("Cache-Control", "no-store");
        if (answer.headLength >= 0) {
            // For HEAD Poco sends the headers only, keeping the Content-Length given.
            response.setContentLength64(answer.headLength);
            response.send();
        } else if (!answer.filePath.empty()) {
            sendFileRange(response, answer.filePath, answer.fileOffset, answer.fileLength);
        } else {
            response.sendBuffer(answer.body.data(), answer.body.size());
        }
    } catch (const HttpFailure& f) {
        status = f.status;
        // A refusal may leave (part of) the body unread, which the connection would then
        // take for the next request: close it instead.
        response.setKeepAlive(false);
        if (status == 401) response.set("WWW-Authenticate", "Bearer realm=\"motcua\"");
        if (f.retryAfterSeconds > 0)
            response.set("Retry-After", std::to_string(f.retryAfterSeconds));
        if (f.uploadOffset >= 0) response.set(kUploadOffsetHeader, std::to_string(f.uploadOffset));
        sendJson(response, f.status, sync::encode(sync::ErrorBody{f.code, f.message}));
        log(request, path, status, f.message);
        return;
    } catch (const std::exception& e) {
        log(request, path, 500, e.what());
        if (!response.sent())
            sendJson(response, 500,
                     sync::encode(
                         sync::ErrorBody{"Internal", "the server could not handle the request"}));
        return;
    }
    log(request, path, status, "");
}

Answer ApiHandler::route(HTTPServerRequest& request, const Poco::URI& uri) {
    const std::string& path = uri.getPath();
    if (path == "/api/v1/health") {
        requireMethod(request.getMethod(), HTTPRequest::HTTP_GET);
        return {200, nlohmann::json{{"status", "ok"}, {"protocol", sync::kProtocolVersion}}.dump()};
    }
    // The citizen's page: a browser's, with neither token nor protocol header.
    if (path.rfind(kTrackingPath, 0) == 0) return citizenRoute(request, uri);
    const bool blob = path.rfind(kBlobs, 0) == 0;
    const bool portal = path == kSubmissions || path.rfind(std::string(kSubmissions) + "/", 0) == 0;
    if (!blob && !portal && !isSyncPath(path))
        throw HttpFailure{404, "NotFound", "no endpoint " + path};
    checkProtocol(request);
    if (blob) return blobRoute(request, path.substr(kBlobs.size()));
    if (portal) return portalRoute(request, path);
    return syncRoute(request, uri);
}

User ApiHandler::authenticate(const HTTPServerRequest& request) {
    auto user = m_store.userForToken(bearerToken(request));
    if (!user)
        throw HttpFailure{401, "Unauthenticated",
                          "the token is unknown or has expired; log in again"};
    return *user;
}

void ApiHandler::log(const HTTPServerRequest& request, const std::string& path, int status,
                     const std::string& problem) {
    if (!m_config.log) return;
    nlohmann::json line{{"event", "request"},
                        {"method", request.getMethod()},
                        {"path", path},
                        {"status", status},
                        {"client", request.clientAddress().host().toString()}};
    if (!problem.empty()) line["problem"] = problem;
    m_config.log(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace motcua::server
