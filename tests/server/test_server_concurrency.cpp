// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Many desks pushing at once, retries racing their originals, and a desk pulling meanwhile:
// every op applies once and the puller's cursor never passes a change it has not seen. Against
// PostgreSQL (the "pg:" run) this is what the per-ward locks are for.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;
using sync::OpOutcome;

namespace {

server::User userOf(server::ServerStore& store, const std::string& name) {
    const auto session = store.login(name, kPassword, std::chrono::hours(1));
    REQUIRE(session);
    const auto user = store.userForToken(session->token);
    REQUIRE(user);
    return *user;
}

/// Desk `desk`'s ops: an intake and a forward for each of its dossiers, in batches.
std::vector<sync::PushRequest> deskBatches(const std::string& ward, int desk, int dossiers,
                                           int perBatch) {
    std::vector<sync::Op> ops;
    for (int i = 1; i <= dossiers; ++i) {
        const std::string code = ward + "-260310-" + std::to_string(desk * 1000 + i);
        sync::Op intake;
        intake.opId = code + "-intake";
        intake.deviceId = "desk-" + std::to_string(desk);
        intake.seq = 2 * i - 1;
        intake.kind = sync::OpKind::DossierIntake;
        intake.entityId = code;
        intake.payload = intakePayload(code);
        sync::Op forward = intake;
        forward.opId = code + "-forward";
        forward.seq = 2 * i;
        forward.kind = sync::OpKind::DossierAction;
        forward.baseVersion = 1;
        forward.payload = R"({"action":"forward","to":"in_progress"})";
        ops.push_back(intake);
        ops.push_back(forward);
    }
    std::vector<sync::PushRequest> batches;
    for (std::size_t at = 0; at < ops.size(); at += static_cast<std::size_t>(perBatch))
        batches.push_back(
            {{ops.begin() + static_cast<std::ptrdiff_t>(at),
              ops.begin() + static_cast<std::ptrdiff_t>(
                                std::min(ops.size(), at + static_cast<std::size_t>(perBatch)))}});
    return batches;
}

}  // namespace

TEST_CASE("concurrent pushes apply each op once and a concurrent pull misses no change",
          "[server][concurrency]") {
    ServerFixture server;
    const auto binh = userOf(server.store, "binh");
    const auto lan = userOf(server.store, "lan");
    constexpr int kDesks = 6, kPerDesk = 25, kPerBatch = 6, kImports = 4;

    std::atomic<int> pushersLeft{2 * kDesks + 2 + 1};
    std::vector<std::string> failures(2 * kDesks + 3);
    std::vector<std::thread> threads;
    std::atomic<int> applied{0}, duplicates{0};
    // Each desk's queue is pushed by two threads at once, as a retry racing its original.
    for (int t = 0; t < 2 * kDesks; ++t)
        threads.emplace_back([&, t] {
            try {
                for (const auto& batch : deskBatches(kWard, t / 2 + 1, kPerDesk, kPerBatch))
                    for (const auto& r : server.store.push(binh, batch).results) {
                        if (r.outcome == OpOutcome::Applied)
                            ++applied;
                        else if (r.outcome == OpOutcome::Duplicate)
                            ++duplicates;
                        else
                            failures[static_cast<std::size_t>(t)] += r.opId + ": " + r.error + "\n";
                    }
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(t)] = e.what();
            }
            --pushersLeft;
        });
    // The neighbouring ward at the same time, and shared imports every ward sees.
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            try {
                for (const auto& batch : deskBatches(kOtherWard, 1, kPerDesk, kPerBatch))
                    server.store.push(lan, batch);
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(2 * kDesks + t)] = e.what();
            }
            --pushersLeft;
        });
    threads.emplace_back([&] {
        try {
            for (int i = 0; i < kImports; ++i)
                server.store.importShared(
                    "calendar.import",
                    R"({"years": {"2026": {"days_off": []}}, "n": )" + std::to_string(i) + "}");
        } catch (const std::exception& e) {
            failures.back() = e.what();
        }
        --pushersLeft;
    });

    // The desk pulls while all that goes on, and once more after it.
    std::map<std::string, int> seen;  // kind -> changes
    std::set<std::int64_t> seqs;
    std::int64_t cursor = 0;
    bool last = false;
    while (true) {
        const bool done = pushersLeft == 0;
        const auto page = server.store.pull(binh, cursor, 7);
        for (const auto& c : page.changes) {
            CHECK(seqs.insert(c.seq).second);
            CHECK(c.seq > cursor);
            ++seen[c.kind];
            if (c.kind.rfind("dossier.", 0) == 0) CHECK(c.entityId.rfind(kWard, 0) == 0);
        }
        cursor = page.cursor;
        if (page.more) continue;
        if (last) break;
        last = done;
        if (!done) std::this_thread::yield();
    }
    for (auto& t : threads) t.join();
    for (const auto& f : failures) CHECK(f.empty());

    CHECK(applied == 2 * kDesks * kPerDesk);
    CHECK(applied + duplicates == 2 * 2 * kDesks * kPerDesk);
    CHECK(seen["dossier.intake"] == kDesks * kPerDesk);
    CHECK(seen["dossier.action"] == kDesks * kPerDesk);
    CHECK(seen["calendar.import"] == kImports);
    CHECK(seen["account.user"] == 1);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == (kDesks + 1) * kPerDesk);
    CHECK(stats.opsApplied == 2 * (kDesks + 1) * kPerDesk);
    CHECK(stats.rejected == 0);
    // Nothing more arrived after the last page.
    CHECK(server.store.pull(binh, cursor, 10).changes.empty());
}
