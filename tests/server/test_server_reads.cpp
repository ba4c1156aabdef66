// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What a desk reads besides pull: the count check per day, a day's snapshot, the accounts and
// shared imports every ward pulls, and dossiers that carry their current due time.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../store/store_fixture.h"
#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;
using sync::OpOutcome;

namespace {

/// An intake op made by hand, for a code on any day.
sync::Op intakeOp(const std::string& code, int n) {
    sync::Op op;
    op.opId = "op-" + code;
    op.deviceId = "desk-1";
    op.seq = n;
    op.kind = sync::OpKind::DossierIntake;
    op.entityId = code;
    op.payload = intakePayload(code);
    return op;
}

std::string codeOf(const std::string& ward, const std::string& yymmdd, int n) {
    return ward + "-" + yymmdd + "-" + std::to_string(1000 + n);
}

void pushAll(TestClient& client, const std::vector<sync::Op>& ops) {
    const Reply r = client.post("/api/v1/sync/push", sync::encode(sync::PushRequest{ops}));
    INFO(r.body);
    REQUIRE(r.status == 200);
    for (const auto& result : sync::decodePushResult(r.body).results) {
        INFO(result.opId << ": " << result.error);
        REQUIRE(result.outcome == OpOutcome::Applied);
    }
}

std::string errorCodeOf(const Reply& r) {
    try {
        return sync::decodeErrorBody(r.body).code;
    } catch (const sync::SyncError&) {
        return "<not an error body: " + r.body + ">";
    }
}

}  // namespace

TEST_CASE("counts give the ward's dossiers per day of their code, only for that ward",
          "[server][counts]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    std::vector<sync::Op> ops;
    int n = 0;
    for (int i = 0; i < 3; ++i) ops.push_back(intakeOp(codeOf(kWard, "260310", i + 1), ++n));
    for (int i = 0; i < 2; ++i) ops.push_back(intakeOp(codeOf(kWard, "260309", i + 1), ++n));
    ops.push_back(intakeOp(codeOf(kWard, "260228", 1), ++n));
    pushAll(client, ops);
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    pushAll(neighbour, {intakeOp(codeOf(kOtherWard, "260310", 7), 1)});

    Reply r = client.get("/api/v1/sync/counts?from=2026-03-01&to=2026-03-31");
    REQUIRE(r.status == 200);
    auto counts = sync::decodeCountsResponse(r.body);
    CHECK(counts.ward == kWard);
    CHECK(counts.days == std::vector<sync::DayCount>{{"2026-03-09", 2}, {"2026-03-10", 3}});
    CHECK(
        r.body ==
        R"({"days":[{"day":"2026-03-09","dossiers":2},{"day":"2026-03-10","dossiers":3}],"ward":")" +
            std::string(kWard) + "\"}");

    counts = sync::decodeCountsResponse(
        client.get("/api/v1/sync/counts?from=2026-02-28&to=2026-03-09").body);
    CHECK(counts.days == std::vector<sync::DayCount>{{"2026-02-28", 1}, {"2026-03-09", 2}});
    counts = sync::decodeCountsResponse(
        client.get("/api/v1/sync/counts?from=2026-03-11&to=2026-03-11").body);
    CHECK(counts.days.empty());
    // A leap year's 366 days are allowed.
    CHECK(client.get("/api/v1/sync/counts?from=2024-01-01&to=2024-12-31").status == 200);

    counts = sync::decodeCountsResponse(
        neighbour.get("/api/v1/sync/counts?from=2026-03-01&to=2026-03-31").body);
    CHECK(counts.ward == kOtherWard);
    CHECK(counts.days == std::vector<sync::DayCount>{{"2026-03-10", 1}});

    for (const char* bad :
         {"/api/v1/sync/counts?from=2026-03-10&to=2026-03-09",
          "/api/v1/sync/counts?from=2025-01-01&to=2026-01-02",
          "/api/v1/sync/counts?from=2026-02-30&to=2026-03-09",
          "/api/v1/sync/counts?from=2026-3-1&to=2026-03-09", "/api/v1/sync/counts?from=2026-03-01",
          "/api/v1/sync/counts?from=2026-03-01&to=2026-03-02&to=2026-03-03",
          "/api/v1/sync/counts"}) {
        INFO(bad);
        r = client.get(bad);
        CHECK(r.status == 400);
        CHECK(errorCodeOf(r) == "BadQuery");
    }
    client.protocol.reset();
    CHECK(client.get("/api/v1/sync/counts?from=2026-03-01&to=2026-03-31").status == 426);
    client.protocol = "1";
    client.token.clear();
    CHECK(client.get("/api/v1/sync/counts?from=2026-03-01&to=2026-03-31").status == 401);
    CHECK(client.post("/api/v1/sync/counts?from=2026-03-01&to=2026-03-31", "{}").status == 401);
}

TEST_CASE("a day's snapshot pages through the ward's dossiers of that day by code",
          "[server][snapshot]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    std::vector<sync::Op> ops;
    for (int i = 5; i >= 1; --i)
        ops.push_back(intakeOp(codeOf(kWard, "260310", i), 6 - i));  // out of code order
    ops.push_back(intakeOp(codeOf(kWard, "260311", 1), 6));
    pushAll(client, ops);
    // An action on the third dossier: its snapshot carries version 2 and the action's seq.
    sync::Op action;
    action.opId = "op-action";
    action.deviceId = "desk-1";
    action.seq = 7;
    action.kind = sync::OpKind::DossierAction;
    action.entityId = codeOf(kWard, "260310", 3);
    action.baseVersion = 1;
    action.payload =
        R"({"action":"forward","to":"in_progress","due_at":"2026-03-20T17:00:00+07:00"})";
    pushAll(client, {action});
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    pushAll(neighbour, {intakeOp(codeOf(kOtherWard, "260310", 9), 1)});
    const auto pulled =
        sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0&limit=100").body);

    Reply r = client.get("/api/v1/sync/snapshot?day=2026-03-10&limit=2");
    REQUIRE(r.status == 200);
    auto page = sync::decodeSnapshotResponse(r.body);
    REQUIRE(page.changes.size() == 2);
    CHECK(page.more);
    CHECK(page.cursor == 0);
    CHECK(page.changes[0].entityId == codeOf(kWard, "260310", 1));
    CHECK(page.changes[1].entityId == codeOf(kWard, "260310", 2));
    CHECK(page.changes[0].kind == "dossier.snapshot");
    CHECK(page.changes[0].version == 1);
    CHECK(page.changes[0].status == "received");

    r = client.get("/api/v1/sync/snapshot?day=2026-03-10&limit=2&after=" +
                   page.changes[1].entityId);
    page = sync::decodeSnapshotResponse(r.body);
    REQUIRE(page.changes.size() == 2);
    CHECK(page.more);
    const auto& acted = page.changes[0];
    CHECK(acted.entityId == codeOf(kWard, "260310", 3));
    CHECK(acted.version == 2);
    CHECK(acted.status == "in_progress");
    CHECK(acted.seq == pulled.changes.back().seq);  // the latest change of that dossier
    const auto payload = nlohmann::json::parse(acted.payload);
    CHECK(payload["status"] == "in_progress");
    // A forward does not move the due time, whatever the op says: the server keeps its own.
    CHECK(payload["due_at"] == "2026-03-13T09:00:00+07:00");
    CHECK(payload["version"] == 2);

    r = client.get("/api/v1/sync/snapshot?day=2026-03-10&limit=2&after=" +
                   page.changes[1].entityId);
    page = sync::decodeSnapshotResponse(r.body);
    REQUIRE(page.changes.size() == 1);
    CHECK(page.changes[0].entityId == codeOf(kWard, "260310", 5));
    CHECK_FALSE(page.more);

    // Every code of the day in one page; the other day and the other ward are not in it.
    page = sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=2026-03-10").body);
    CHECK(page.changes.size() == 5);
    CHECK_FALSE(page.more);
    page = sync::decodeSnapshotResponse(neighbour.get("/api/v1/sync/snapshot?day=2026-03-10").body);
    REQUIRE(page.changes.size() == 1);
    CHECK(page.changes[0].entityId == codeOf(kOtherWard, "260310", 9));
    CHECK(sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=2026-03-12").body)
              .changes.empty());
    // The pull decoder would refuse it (seq not ascending by code); the snapshot decoder is for it.
    CHECK(sync::decodeSnapshotResponse(
              client.get("/api/v1/sync/snapshot?day=2026-03-10&limit=1000").body)
              .changes.size() == 5);

    for (const char* bad : {"/api/v1/sync/snapshot", "/api/v1/sync/snapshot?day=10/03/2026",
                            "/api/v1/sync/snapshot?day=2026-03-10&limit=0",
                            "/api/v1/sync/snapshot?day=2026-03-10&limit=1001",
                            "/api/v1/sync/snapshot?day=2026-03-10&limit=x"}) {
        INFO(bad);
        r = client.get(bad);
        CHECK(r.status == 400);
        CHECK(errorCodeOf(r) == "BadQuery");
    }
}

TEST_CASE("an action's due time reaches the pulled dossier, and only where the action moves it",
          "[server][push][pull]") {
    ServerFixture server;
    WardFixture ward;
    const auto dossier = ward.intake();
    ward.store.dossiers().act(dossier.code, {DossierAction::Forward, "", std::nullopt});
    auto client = server.client();
    client.login("binh", kPassword);
    const auto batch = pushOf(ward.store.outbox().pending());
    REQUIRE(batch.ops.size() == 2);
    pushAll(client, batch.ops);
    const auto sent = nlohmann::json::parse(batch.ops[1].payload);
    REQUIRE(sent.contains("due_at"));

    // A postponement moves the due time; a returned_at it carries is not the server's to take
    // (only return-result hands the result over; see test_server_approvals.cpp).
    sync::Op postponed;
    postponed.opId = "op-postpone";
    postponed.deviceId = batch.ops[1].deviceId;
    postponed.seq = 99;
    postponed.kind = sync::OpKind::DossierAction;
    postponed.entityId = dossier.code;
    postponed.baseVersion = 2;
    postponed.payload =
        R"({"action":"postpone","to":"in_progress","reason":"Chờ xác minh","due_at":"2099-03-25T17:00:00+07:00",)"
        R"("returned_at":"2026-03-24T10:00:00+07:00"})";
    pushAll(client, {postponed});

    const auto pulled = sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0").body);
    std::vector<nlohmann::json> actions;
    for (const auto& c : pulled.changes)
        if (c.kind == "dossier.action") actions.push_back(nlohmann::json::parse(c.payload));
    REQUIRE(actions.size() == 2);
    CHECK(actions[0]["due_at"] == sent["due_at"]);
    CHECK(actions[0]["status"] == sent["to"]);
    CHECK_FALSE(actions[0].contains("returned_at"));
    CHECK(actions[1]["due_at"] == "2099-03-25T17:00:00+07:00");
    CHECK_FALSE(actions[1].contains("returned_at"));
    CHECK(actions[1]["status"] == "in_progress");
    // The rest of the dossier (the applicant) stays as the intake sent it.
    CHECK(actions[1]["applicant"] == nlohmann::json::parse(batch.ops[0].payload)["applicant"]);
}

TEST_CASE("an added account is a change its ward pulls, without any secret",
          "[server][accounts][pull]") {
    ServerFixture server;
    server.store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword}, 1000);
    auto client = server.client();
    client.login("binh", kPassword);
    const auto pulled = sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0").body);
    std::vector<sync::Change> accounts;
    for (const auto& c : pulled.changes)
        if (c.kind == "account.user") accounts.push_back(c);
    REQUIRE(accounts.size() == 2);  // binh from the fixture, then hoa; lan is another ward's
    CHECK(accounts[0].entityId == "binh");
    CHECK(accounts[1].entityId == "hoa");
    const auto hoa = nlohmann::json::parse(accounts[1].payload);
    CHECK(hoa == nlohmann::json{{"username", "hoa"},
                                {"full_name", "Phạm Thị Hoa"},
                                {"role", "supervisor"},
                                {"ward", kWard}});
    for (const auto& c : pulled.changes) {
        CHECK(c.payload.find(kPassword) == std::string::npos);
        CHECK(c.payload.find("salt") == std::string::npos);
        CHECK(c.payload.find("hash") == std::string::npos);
    }
    // A refused account adds no change.
    CHECK_THROWS_AS(server.store.addUser({"hoa", "X", "officer", kWard, kPassword}, 1000),
                    server::ServerError);
    CHECK(sync::decodePullResponse(
              client.get("/api/v1/sync/pull?cursor=" + std::to_string(pulled.cursor)).body)
              .changes.empty());
}

TEST_CASE("catalog and calendar imports are pulled by every ward", "[server][imports][pull]") {
    ServerFixture server;
    const std::string catalog = readResource("catalog/procedures.json");
    const std::string calendar = readResource("calendar/vn-days-off.json");
    const auto first = server.store.importShared("catalog.import", catalog);
    const auto second = server.store.importShared("calendar.import", calendar);
    CHECK(second > first);
    for (const char* user : {"binh", "lan"}) {
        INFO(user);
        auto client = server.client();
        client.login(user, kPassword);
        const auto pulled = sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0").body);
        std::vector<sync::Change> shared;
        for (const auto& c : pulled.changes)
            if (c.kind == "catalog.import" || c.kind == "calendar.import") shared.push_back(c);
        REQUIRE(shared.size() == 2);
        CHECK(shared[0].kind == "catalog.import");
        CHECK(nlohmann::json::parse(shared[0].payload) == nlohmann::json::parse(catalog));
        CHECK(shared[1].kind == "calendar.import");
        CHECK(shared[1].seq == second);
        CHECK(nlohmann::json::parse(shared[1].payload) == nlohmann::json::parse(calendar));
        // Paging merges the shared changes with the ward's in sequence order.
        const auto one =
            sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0&limit=1").body);
        REQUIRE(one.changes.size() == 1);
        CHECK(one.more);
        CHECK(one.changes[0] == pulled.changes[0]);
    }
    CHECK_THROWS_AS(server.store.importShared("catalog.import", "[1,2]"), server::ServerError);
    CHECK_THROWS_AS(server.store.importShared("catalog.import", "{not json"), server::ServerError);
    CHECK_THROWS_AS(server.store.importShared("users.import", "{}"), server::ServerError);
}

TEST_CASE(
    "pull pages are cut by bytes, so a page of large dossiers never exceeds what a desk reads",
    "[server][pull][limits]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    // Dossiers near the payload limit: 100 documents with long names (quotes take two bytes
    // each in JSON) and 100 attachments with long file names, about 140 KB each.
    nlohmann::json documents = nlohmann::json::array(), attachments = nlohmann::json::array();
    for (int i = 0; i < 100; ++i) {
        documents.push_back({{"name", std::string(500, '"')}, {"form", "original"}, {"count", 1}});
        attachments.push_back({{"sha256", std::string(63, 'a') + "0"},
                               {"file_name", std::to_string(i) + std::string(240, 'x') + ".pdf"},
                               {"size", 1}});
    }
    constexpr int kDossiers = 64;
    for (int batch = 0; batch < 2; ++batch) {
        std::vector<sync::Op> ops;
        for (int i = 1; i <= kDossiers / 2; ++i) {
            sync::Op op = intakeOp(codeOf(kWard, "260310", batch * 100 + i), batch * 100 + i);
            op.payload = intakePayload(op.entityId,
                                       {{"documents", documents}, {"attachments", attachments}});
            ops.push_back(std::move(op));
        }
        pushAll(client, ops);
    }
    std::int64_t cursor = 0;
    int pages = 0, received = 0;
    for (bool more = true; more; ++pages) {
        const Reply r =
            client.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=1000");
        REQUIRE(r.status == 200);
        INFO("page " << pages << ": " << r.body.size() << " bytes");
        CHECK(r.body.size() <= sync::kMaxPageBytes);
        const auto page = sync::decodePullResponse(r.body);  // the desk's decoder takes it
        REQUIRE_FALSE(page.changes.empty());
        received += static_cast<int>(page.changes.size());
        cursor = page.cursor;
        more = page.more;
        REQUIRE(pages < kDossiers);
    }
    CHECK(received == kDossiers + 1);  // and the account change of the fixture's user
    CHECK(pages >= 2);
}
