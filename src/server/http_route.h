// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The request plumbing the API's routes share: what a route answers, how it refuses, and the
// checks of bodies, queries, methods, the protocol header and the bearer token (internal header).
#pragma once

#include <Poco/URI.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "motcua/server/server_store.h"

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace motcua::server {

/// An answer that ends the request early with a status and a JSON error.
struct HttpFailure {
    int status;
    std::string code;
    std::string message;
    std::int64_t retryAfterSeconds = 0;
    std::int64_t uploadOffset = -1;  ///< for blob uploads: where the upload stands
};

/// What a route answers: JSON unless said otherwise, with any extra headers.
struct Answer {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::int64_t headLength = -1;  ///< for HEAD: the Content-Length a GET would have
    /// A body streamed from a file instead of `body`: `fileLength` bytes from `fileOffset`.
    std::string filePath;
    std::int64_t fileOffset = 0;
    std::int64_t fileLength = 0;
};

inline constexpr const char* kUploadOffsetHeader = "X-MotCua-Upload-Offset";

/// How a route answers one of the store's refusals: its status and error code.
struct RefusalAs {
    ServerError::Code code;
    int status;
    const char* name;
};

/// Inside a catch of `e`: throws the HttpFailure `refusals` give its code, with its message, or
/// rethrows `e` when they name none.
[[noreturn]] void refuseAs(const ServerError& e, std::initializer_list<RefusalAs> refusals);

/// Streams `length` bytes of `path` from `offset` as the response's body, a piece at a time,
/// so a 50 MiB result costs the server no more memory than a small one.
void sendFileRange(Poco::Net::HTTPServerResponse& response, const std::string& path,
                   std::int64_t offset, std::int64_t length);
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& body);

/// The whole body, at most sync::kMaxBodyBytes (413 beyond, chunked or not).
std::string readBody(Poco::Net::HTTPServerRequest& request);
/// An integer query parameter in [min, max] (400 otherwise); `fallback` when absent.
std::int64_t queryInt(const Poco::URI::QueryParameters& query, const std::string& name,
                      std::int64_t fallback, std::int64_t min, std::int64_t max);
/// The value of a query parameter given once at most; `fallback` when absent.
std::string queryText(const Poco::URI::QueryParameters& query, const std::string& name,
                      const std::string& fallback);
void requireMethod(const std::string& method, const std::string& expected);
/// The protocol header must name this server's version: older is 426, newer 400.
void checkProtocol(const Poco::Net::HTTPServerRequest& request);
/// The bearer token of the Authorization header; 401 without one.
std::string bearerToken(const Poco::Net::HTTPServerRequest& request);

}  // namespace motcua::server
