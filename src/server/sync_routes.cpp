// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desks' routes: login and logout, push, and the reads (pull, counts, snapshot).
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <chrono>
#include <climits>
#include <nlohmann/json.hpp>

#include "api_handler.h"

namespace motcua::server {

namespace {

using Poco::Net::HTTPRequest;

/// A GET whose bad query values the store finds: its InvalidInput is a 400.
template <typename Read>
Answer readRoute(Read&& read) {
    try {
        return {200, read()};
    } catch (const ServerError& e) {
        refuseAs(e, {{ServerError::Code::InvalidInput, 400, "BadQuery"}});
    }
}

}  // namespace

Answer ApiHandler::syncRoute(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri) {
    const std::string& path = uri.getPath();
    const std::string& method = request.getMethod();
    try {
        if (path == "/api/v1/sessions") {
            requireMethod(method, HTTPRequest::HTTP_POST);
            return loginRoute(sync::decodeLoginRequest(readBody(request)));
        }
        if (path == "/api/v1/sessions/current") {
            requireMethod(method, HTTPRequest::HTTP_DELETE);
            if (!m_store.logout(bearerToken(request)))
                throw HttpFailure{401, "Unauthenticated", "the token is unknown or has expired"};
            return {200, nlohmann::json{{"ended", true}}.dump()};
        }
        const User user = authenticate(request);
        if (user.isConnector())
            throw HttpFailure{403, "Forbidden",
                              "a portal connector account submits through "
                              "/api/v1/portal/submissions; it has no ward to sync"};
        if (path == "/api/v1/sync/push") {
            requireMethod(method, HTTPRequest::HTTP_POST);
            // Decode everything before touching the store: a bad body stores nothing.
            const auto push = sync::decodePushRequest(readBody(request));
            return {200, sync::encode(m_store.push(user, push))};
        }
        requireMethod(method, HTTPRequest::HTTP_GET);
        const auto query = uri.getQueryParameters();
        if (path == "/api/v1/sync/counts")
            return readRoute([&] {
                const std::string from = queryText(query, "from", "");
                const std::string to = queryText(query, "to", "");
                if (from.empty() || to.empty())
                    throw HttpFailure{400, "BadQuery", "from and to (YYYY-MM-DD) are required"};
                return sync::encode(m_store.counts(user, from, to));
            });
        if (path == "/api/v1/sync/snapshot")
            return readRoute([&] {
                const std::string day = queryText(query, "day", "");
                if (day.empty()) throw HttpFailure{400, "BadQuery", "day (YYYY-MM-DD) is required"};
                const auto limit = queryInt(query, "limit", 500, 1, sync::kMaxPullLimit);
                return sync::encode(m_store.snapshot(user, day, queryText(query, "after", ""),
                                                     static_cast<int>(limit)));
            });
        const auto cursor = queryInt(query, "cursor", 0, 0, INT64_MAX);
        const auto limit = queryInt(query, "limit", 500, 1, sync::kMaxPullLimit);
        return {200, sync::encode(m_store.pull(user, cursor, static_cast<int>(limit)))};
    } catch (const sync::SyncError& e) {
        if (e.code() == sync::SyncError::Code::TooLarge)
            throw HttpFailure{413, "TooLarge", e.what()};
        if (e.code() == sync::SyncError::Code::Unsupported)
            throw HttpFailure{422, "Unsupported", e.what()};
        throw HttpFailure{400, "MalformedBody", e.what()};
    }
}

/// The attempt is reserved before the password is hashed, and the hash waits for no one:
/// past the cap on hashes at once the answer is 503.
Answer ApiHandler::loginRoute(const sync::LoginRequest& login) {
    const auto retryIn = [](std::chrono::milliseconds wait) { return (wait.count() + 999) / 1000; };
    if (const auto wait = m_throttle.reserve(login.username); wait.count() > 0)
        throw HttpFailure{
            429, "TooManyAttempts",
            "too many wrong passwords; try again in " + std::to_string(retryIn(wait)) + " s",
            retryIn(wait)};
    struct Attempt {
        LoginThrottle& throttle;
        const std::string& username;
        LoginThrottle::Outcome outcome = LoginThrottle::Outcome::Abandoned;
        ~Attempt() { throttle.end(username, outcome); }
    } attempt{m_throttle, login.username};
    if (!m_hashes.tryEnter())
        throw HttpFailure{503, "Busy",
                          "the server is checking too many passwords at once; try again in 1 s", 1};
    struct Leave {
        PasswordHashGate& gate;
        ~Leave() { gate.leave(); }
    } leave{m_hashes};
    auto session = m_store.login(login.username, login.password, m_config.sessionTtl);
    if (!session) {
        attempt.outcome = LoginThrottle::Outcome::Failed;
        throw HttpFailure{401, "InvalidCredentials", "wrong username or password"};
    }
    attempt.outcome = LoginThrottle::Outcome::Succeeded;
    return {201, sync::encode(*session)};
}

}  // namespace motcua::server
