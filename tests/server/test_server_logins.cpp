// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Logins under pressure and sessions that end: guesses in parallel get no more hashes than
// guesses in a row, hashes at once are capped, a session ends at logout, and a disabled
// account loses its sessions and cannot log in.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;

namespace {

struct Tally {
    std::atomic<int> created{0}, wrong{0}, locked{0}, busy{0}, other{0};
    std::atomic<int> busyWithoutRetryAfter{0};
};

/// `count` logins at once, each on its own connection, `body(i)` the i-th login's JSON.
void loginsAtOnce(std::uint16_t port, const std::string& caFile, int count,
                  const std::function<std::string(int)>& body, Tally& tally) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            TestClient client(port, caFile);
            const std::string json = body(i);
            ++ready;
            while (ready < count) std::this_thread::yield();  // all go together
            try {
                const Reply r = client.post("/api/v1/sessions", json);
                switch (r.status) {
                    case 201:
                        ++tally.created;
                        break;
                    case 401:
                        ++tally.wrong;
                        break;
                    case 429:
                        ++tally.locked;
                        break;
                    case 503:
                        ++tally.busy;
                        if (r.header("Retry-After").empty()) ++tally.busyWithoutRetryAfter;
                        break;
                    default:
                        ++tally.other;
                }
            } catch (const Poco::Exception&) {
                ++tally.other;
            }
        });
    }
    for (auto& t : threads) t.join();
}

/// What a request with the client's token gets: 200 with a live session, 401 without.
int pullStatus(TestClient& client) {
    return client.get("/api/v1/sync/pull?cursor=0&limit=1").status;
}

int loginStatus(TestClient& client, const std::string& username) {
    return client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{username, kPassword}))
        .status;
}

}  // namespace

TEST_CASE("wrong guesses sent in parallel for one name get at most freeLoginFailures hashes",
          "[server][auth]") {
    ServerFixture fixture;
    // Slow enough a hash that the guesses overlap.
    fixture.store.addUser({"hoa", "Nguyễn Thị Hoa", "officer", kWard, kPassword}, 100'000);
    auto config = fixture.config();
    // A thread for every guess: with fewer, connections would wait for one, and the guard
    // sheds those still handshaking past shedIdleAfter (a slow-client defence this test is not
    // about; under TSan a handshake can take longer than that), which the client sees as a
    // reset connection instead of an answer.
    constexpr int kGuesses = 50;
    config.maxThreads = kGuesses;
    config.maxQueued = 64;
    config.maxConnectionsPerPeer = 64;
    config.maxPasswordHashes = 64;  // the per-name throttle alone
    config.freeLoginFailures = 5;
    config.loginLockout = std::chrono::seconds(30);
    server::HttpsServer https(fixture.store, config);
    https.start();

    Tally tally;
    loginsAtOnce(
        https.port(), fixture.pki.caCert, kGuesses,
        [](int i) {
            return sync::encode(sync::LoginRequest{"hoa", "wrong-" + std::to_string(i)});
        },
        tally);
    // Every 401 is a hash; the other guesses were refused without one.
    CHECK(tally.wrong >= 1);
    CHECK(tally.wrong <= 5);
    CHECK(tally.wrong + tally.locked == kGuesses);
    CHECK(tally.other == 0);
    // The name is locked out now, even for the right password; another name is not.
    TestClient client(https.port(), fixture.pki.caCert);
    CHECK(loginStatus(client, "hoa") == 429);
    CHECK(loginStatus(client, "binh") == 201);
}

TEST_CASE("past the cap on password hashes at once, a login is answered 503 with Retry-After",
          "[server][auth]") {
    ServerFixture fixture;
    auto config = fixture.config();
    config.maxThreads = 8;
    config.maxConnectionsPerPeer = 16;
    config.maxPasswordHashes = 1;
    server::HttpsServer https(fixture.store, config);
    https.start();

    // Unknown names, each its own: the per-name throttle lets every one through, and each
    // costs a hash of the default strength, as a real account's would.
    Tally tally;
    loginsAtOnce(
        https.port(), fixture.pki.caCert, 8,
        [](int i) {
            return sync::encode(sync::LoginRequest{"ghost-" + std::to_string(i), "guess"});
        },
        tally);
    CHECK(tally.busy >= 1);
    CHECK(tally.busyWithoutRetryAfter == 0);
    CHECK(tally.wrong >= 1);
    CHECK(tally.wrong + tally.busy == 8);
    // The spray over, a real login is served.
    TestClient client(https.port(), fixture.pki.caCert);
    CHECK(loginStatus(client, "binh") == 201);
}

TEST_CASE("logout ends that session at once and no other", "[server][auth]") {
    ServerFixture fixture;
    TestClient first = fixture.client();
    TestClient second = fixture.client();
    first.login("binh", kPassword);
    second.login("binh", kPassword);
    CHECK(pullStatus(first) == 200);

    const Reply out = first.send("DELETE", "/api/v1/sessions/current");
    CHECK(out.status == 200);
    CHECK(pullStatus(first) == 401);
    CHECK(first.send("DELETE", "/api/v1/sessions/current").status == 401);  // already ended
    CHECK(pullStatus(second) == 200);
    first.token.clear();
    CHECK(first.send("DELETE", "/api/v1/sessions/current").status == 401);  // no token at all
    CHECK(first.get("/api/v1/sessions/current").status == 405);
}

TEST_CASE(
    "a disabled user can neither log in nor use a token issued before, and enabled again, can",
    "[server][auth]") {
    ServerFixture fixture;
    TestClient client = fixture.client();
    client.login("binh", kPassword);
    TestClient neighbour = fixture.client();
    neighbour.login("lan", kPassword);

    fixture.store.setUserDisabled("binh", true);
    CHECK(pullStatus(client) == 401);
    CHECK(loginStatus(client, "binh") == 401);
    CHECK(pullStatus(neighbour) == 200);
    CHECK_THROWS_AS(fixture.store.setUserDisabled("nobody", true), server::ServerError);

    fixture.store.setUserDisabled("binh", false);
    client.login("binh", kPassword);
    CHECK(pullStatus(client) == 200);
}

TEST_CASE(
    "motcua-server user disable ends the user's sessions on the running server, and enable lets it "
    "back",
    "[server][auth][cli]") {
    ServerFixture fixture;
    TestClient client = fixture.client();
    client.login("binh", kPassword);
    const auto run = [&](const std::string& action, const std::string& username) {
        return runTool(shellQuote(MOTCUA_SERVER_PATH) + " user " + action + " --db " +
                       shellQuote(fixture.database.target) + " --username " + shellQuote(username));
    };
    const auto disabled = run("disable", "binh");
    CHECK(disabled.exitCode == 0);
    CHECK(disabled.out.find("disabled user binh") != std::string::npos);
    CHECK(pullStatus(client) == 401);
    CHECK(loginStatus(client, "binh") == 401);
    CHECK(run("disable", "nobody").exitCode != 0);

    CHECK(run("enable", "binh").exitCode == 0);
    client.login("binh", kPassword);
    CHECK(pullStatus(client) == 200);
}
