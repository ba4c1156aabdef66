// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A transport that fails on purpose, for the sync tests that go through faults, and the
// worker's loop of sync passes without the backoff's waiting.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include "motcua/core/date_time.h"
#include "motcua/store/store.h"
#include "motcua/sync/engine.h"
#include "motcua/sync/transport.h"

namespace motcua::test {

/// Answers some requests with 500 or 503 without passing them on, and loses the answer of
/// some others after the server acted on them.
class UnreliableServer : public sync::Transport {
public:
    UnreliableServer(sync::Transport& inner, std::uint64_t seed) : m_inner(inner), m_random(seed) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        return exchange({method, path, body, token, "application/json", {}});
    }
    sync::HttpReply exchange(const sync::HttpRequest& request) override {
        const int roll = std::uniform_int_distribution<int>(0, 99)(m_random);
        if (roll < 4) return {500, R"({"code":"Internal","message":"injected"})", {}};
        if (roll < 8) return {503, R"({"code":"Busy","message":"injected"})", {}};
        auto reply = m_inner.exchange(request);
        if (roll < 12)
            throw sync::SyncError(sync::SyncError::Code::Network, "answer lost (injected)");
        return reply;
    }

private:
    sync::Transport& m_inner;
    std::mt19937_64 m_random;
};

/// Sync passes of `store` as `username` over `transport`, again after network and server
/// failures (signing in again), until `done()` holds after a whole pass. Counts the attempts in
/// `passes`; returns why it gave up, or nothing when done.
inline std::string syncUntil(store::Store& store, sync::Transport& transport,
                             const std::string& username, const std::string& password,
                             LocalDateTime now, const std::function<bool()>& done, int& passes,
                             int maxAttempts = 400) {
    std::string token;
    for (int attempt = 0; attempt < maxAttempts; ++attempt) {
        try {
            if (token.empty()) token = sync::login(transport, username, password).token;
            ++passes;
            sync::syncOnce(store, transport, token, now, {25, 200, 0, {}});
            if (done()) return {};
        } catch (const sync::SyncError& e) {
            if (e.code() != sync::SyncError::Code::Network &&
                e.code() != sync::SyncError::Code::Server)
                return e.what();
        }
    }
    return "not done after " + std::to_string(maxAttempts) + " attempts";
}

}  // namespace motcua::test
