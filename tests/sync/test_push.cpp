// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's push loop against the real server over verified HTTPS.
#include <catch2/catch.hpp>

#include "../server/server_fixture.h"
#include "../store/store_fixture.h"
#include "motcua/sync/push.h"
#include "motcua/sync/transport.h"

using namespace motcua;
using namespace motcua::test;

namespace {

sync::HttpsTransport transportTo(ServerFixture& server, const std::string& caFile = {}) {
    return sync::HttpsTransport({"https://127.0.0.1:" + std::to_string(server.https.port()),
                                 caFile.empty() ? server.pki.caCert : caFile,
                                 std::chrono::seconds(10)});
}

/// Delivers requests but loses the answer to the `n`-th (1-based): the server has acted, the
/// desk never hears of it, as when a connection drops mid-response.
class LosingTransport : public sync::Transport {
public:
    LosingTransport(sync::Transport& inner, int n) : m_inner(inner), m_loseAt(n) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        auto reply = m_inner.send(method, path, body, token);
        if (++m_count == m_loseAt)
            throw sync::SyncError(sync::SyncError::Code::Network, "connection reset");
        return reply;
    }

private:
    sync::Transport& m_inner;
    int m_loseAt;
    int m_count = 0;
};

sync::SyncError::Code errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const sync::SyncError& e) {
        return e.code();
    }
    FAIL("no SyncError");
    return sync::SyncError::Code::Malformed;
}

WardFixture& withDossiers(WardFixture& ward, int n) {
    for (int i = 0; i < n; ++i) ward.intake("2.000815", "Nguyễn Văn " + std::to_string(i));
    return ward;
}

}  // namespace

TEST_CASE("the outbox goes to the server in batches and leaves the queue", "[sync][push]") {
    ServerFixture server;
    WardFixture desk;
    withDossiers(desk, 5);
    const auto first = desk.store.outbox().pending()[0];
    desk.store.dossiers().act(first.entityId, {DossierAction::Forward, "", std::nullopt});
    auto transport = transportTo(server);
    const auto session = sync::login(transport, "binh", kPassword);
    CHECK(session.ward == kWard);

    const auto summary = sync::pushOutbox(desk.store, transport, session.token, 4);
    CHECK(summary.batches == 2);
    CHECK(summary.pushed == 6);
    CHECK(summary.applied == 6);
    CHECK(summary.conflicts + summary.rejected + summary.duplicates == 0);
    CHECK(desk.store.outbox().pendingCount() == 0);
    CHECK(desk.count("SELECT count(*) FROM outbox WHERE state = 'applied'") == 6);
    CHECK(desk.store.audit().verify().ok);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 5);
    CHECK(stats.opsApplied == 6);

    // Nothing left: a second run sends nothing.
    CHECK(sync::pushOutbox(desk.store, transport, session.token).pushed == 0);
}

TEST_CASE("a lost answer is retried harmlessly as duplicates, nothing doubled",
          "[sync][push][faults]") {
    ServerFixture server;
    WardFixture desk;
    withDossiers(desk, 3);
    auto https = transportTo(server);
    const auto token = sync::login(https, "binh", kPassword).token;

    LosingTransport losing(https, 1);
    CHECK(errorOf([&] { sync::pushOutbox(desk.store, losing, token); }) ==
          sync::SyncError::Code::Network);
    CHECK(desk.store.outbox().pendingCount() == 3);  // the desk does not know: still queued
    CHECK(server.store.stats().opsApplied == 3);     // but the server applied them

    const auto retry = sync::pushOutbox(desk.store, https, token);
    CHECK(retry.duplicates == 3);
    CHECK(retry.applied == 0);
    CHECK(desk.store.outbox().pendingCount() == 0);
    CHECK(desk.count("SELECT count(*) FROM outbox WHERE state = 'duplicate'") == 3);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 3);
    CHECK(stats.opsApplied == 3);
}

TEST_CASE("rejections are kept with the server's reason and do not block the queue",
          "[sync][push][wards]") {
    ServerFixture server;
    WardFixture desk;
    withDossiers(desk, 2);
    auto transport = transportTo(server);
    // An officer of the neighbouring ward signs in on this desk: the server refuses its dossiers.
    const auto token = sync::login(transport, "lan", kPassword).token;
    const auto summary = sync::pushOutbox(desk.store, transport, token);
    CHECK(summary.rejected == 2);
    CHECK(desk.store.outbox().pendingCount() == 0);
    CHECK(desk.count("SELECT count(*) FROM outbox WHERE state = 'rejected' AND "
                     "json_extract(result, '$.error') LIKE '%belongs to ward%'") == 2);
    CHECK(server.store.stats().dossiers == 0);
}

TEST_CASE("no server, the wrong CA or a bad token give an error and lose nothing",
          "[sync][push][faults]") {
    ServerFixture server;
    WardFixture desk;
    withDossiers(desk, 2);

    auto good = transportTo(server);
    CHECK(errorOf([&] { sync::pushOutbox(desk.store, good, std::string(64, 'f')); }) ==
          sync::SyncError::Code::Unauthorized);
    CHECK(errorOf([&] { sync::login(good, "binh", "wrong-password"); }) ==
          sync::SyncError::Code::Unauthorized);

    TestPki other(server.dir, "other-");
    auto stranger = transportTo(server, other.caCert);
    CHECK(errorOf([&] { sync::login(stranger, "binh", kPassword); }) ==
          sync::SyncError::Code::Network);

    const auto token = sync::login(good, "binh", kPassword).token;
    server.https.stop();
    CHECK(errorOf([&] { sync::pushOutbox(desk.store, good, token); }) ==
          sync::SyncError::Code::Network);
    CHECK(desk.store.outbox().pendingCount() == 2);
    CHECK(server.store.stats().opsApplied == 0);

    CHECK(errorOf([] {
              sync::HttpsTransport({"http://127.0.0.1:1", "", std::chrono::seconds(1)});
          }) == sync::SyncError::Code::Malformed);
}
