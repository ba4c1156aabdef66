// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "http_route.h"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <istream>
#include <optional>
#include <stdexcept>

#include "motcua/protocol/protocol.h"

namespace motcua::server {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void refuseAs(const ServerError& e, std::initializer_list<RefusalAs> refusals) {
    for (const RefusalAs& r : refusals)
        if (r.code == e.code()) throw HttpFailure{r.status, r.name, e.what()};
    throw;
}

void sendFileRange(HTTPServerResponse& response, const std::string& path, std::int64_t offset,
                   std::int64_t length) {
    std::ifstream in(path, std::ios::binary);
    if (!in || !in.seekg(offset)) throw std::runtime_error("cannot read " + path);
    response.setContentLength64(length);
    std::ostream& out = response.send();
    std::vector<char> buffer(64 * 1024);
    for (std::int64_t left = length; left > 0;) {
        const auto n = static_cast<std::streamsize>(
            std::min<std::int64_t>(left, static_cast<std::int64_t>(buffer.size())));
        if (!in.read(buffer.data(), n)) throw std::runtime_error("cannot read " + path);
        if (!out.write(buffer.data(), n)) return;  // the client went away
        left -= n;
    }
}

void sendJson(HTTPServerResponse& response, int status, const std::string& body) {
    response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.set("Cache-Control", "no-store");
    response.sendBuffer(body.data(), body.size());
}

std::string readBody(HTTPServerRequest& request) {
    const auto tooLarge = [] {
        return HttpFailure{413, "BodyTooLarge",
                           "the body exceeds " + std::to_string(sync::kMaxBodyBytes) + " bytes"};
    };
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<std::int64_t>(sync::kMaxBodyBytes))
        throw tooLarge();
    std::string body;
    std::istream& in = request.stream();
    char buffer[16384];
    // Chunked bodies announce no length: stop reading as soon as the cap is passed.
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > sync::kMaxBodyBytes) throw tooLarge();
    }
    return body;
}

std::int64_t queryInt(const Poco::URI::QueryParameters& query, const std::string& name,
                      std::int64_t fallback, std::int64_t min, std::int64_t max) {
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc{} || end != value.data() + value.size() || n < min || n > max)
            throw HttpFailure{400, "BadQuery",
                              name + " must be an integer from " + std::to_string(min) + " to " +
                                  std::to_string(max)};
        return n;
    }
    return fallback;
}

std::string queryText(const Poco::URI::QueryParameters& query, const std::string& name,
                      const std::string& fallback) {
    std::optional<std::string> found;
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        if (found) throw HttpFailure{400, "BadQuery", name + " is given more than once"};
        found = value;
    }
    return found.value_or(fallback);
}

void requireMethod(const std::string& method, const std::string& expected) {
    if (method != expected) throw HttpFailure{405, "MethodNotAllowed", "use " + expected};
}

void checkProtocol(const HTTPServerRequest& request) {
    const std::string value = request.get(std::string(sync::kProtocolHeader), "");
    int version = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
    const bool parsed = !value.empty() && ec == std::errc{} && end == value.data() + value.size();
    if (!parsed || version < sync::kProtocolVersion)
        throw HttpFailure{426, "ProtocolTooOld",
                          "this server speaks sync protocol " +
                              std::to_string(sync::kProtocolVersion) + " (header " +
                              std::string(sync::kProtocolHeader) + "); update MotCua Desk to sync"};
    if (version > sync::kProtocolVersion)
        throw HttpFailure{400, "ProtocolTooNew",
                          "this server speaks sync protocol " +
                              std::to_string(sync::kProtocolVersion) + ", not " + value};
}

std::string bearerToken(const HTTPServerRequest& request) {
    const std::string header = request.get("Authorization", "");
    static constexpr std::string_view kBearer = "Bearer ";
    if (header.rfind(kBearer, 0) != 0)
        throw HttpFailure{401, "Unauthenticated", "a bearer token is needed"};
    return header.substr(kBearer.size());
}

}  // namespace motcua::server
