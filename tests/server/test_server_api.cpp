// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The sync API end to end: real HTTPS over loopback, ops from a real desk store.
#include <Poco/Exception.h>

#include <catch2/catch.hpp>

#include "../store/store_fixture.h"
#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;
using sync::OpOutcome;

namespace {

/// A desk of the fixture ward with three dossiers received and one forwarded: four ops.
struct Desk {
    WardFixture ward;
    std::vector<Dossier> dossiers;
    Desk() {
        dossiers.push_back(ward.intake("2.000815", "Nguyễn Văn Đức"));
        dossiers.push_back(ward.intake("2.000815", "Phạm Thị Hoa"));
        dossiers.push_back(ward.intake("2.000815", "Lê Minh Tâm"));
        ward.store.dossiers().act(dossiers[0].code, {DossierAction::Forward, "", std::nullopt});
    }
    sync::PushRequest batch() { return pushOf(ward.store.outbox().pending()); }
};

sync::PushResult pushOk(TestClient& client, const sync::PushRequest& request) {
    const Reply r = client.post("/api/v1/sync/push", sync::encode(request));
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto result = sync::decodePushResult(r.body);
    REQUIRE(result.results.size() == request.ops.size());
    return result;
}

std::string errorCodeOf(const Reply& r) {
    try {
        return sync::decodeErrorBody(r.body).code;
    } catch (const sync::SyncError&) {
        return "<not an error body: " + r.body + ">";
    }
}

}  // namespace

TEST_CASE("health answers over verified TLS, and a client trusting another CA refuses the server",
          "[server]") {
    ServerFixture server;
    auto client = server.client();
    client.protocol.reset();
    const Reply r = client.get("/api/v1/health");
    CHECK(r.status == 200);
    CHECK(r.body.find("\"ok\"") != std::string::npos);

    TestPki other(server.dir, "other-");
    TestClient stranger(server.https.port(), other.caCert);
    CHECK_THROWS_AS(stranger.get("/api/v1/health"), Poco::Exception);
}

TEST_CASE("login gives a bearer token with the user's role and ward", "[server][auth]") {
    ServerFixture server;
    auto client = server.client();
    const auto session = client.login("binh", kPassword);
    CHECK(session.username == "binh");
    CHECK(session.fullName == "Trần Thị Bình");
    CHECK(session.role == "officer");
    CHECK(session.ward == kWard);
    CHECK(session.token.size() == 64);
    CHECK(session.expiresAt > 0);

    CHECK(
        client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{"binh", "wrong-password"}))
            .status == 401);
    CHECK(client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{"nobody", kPassword}))
              .status == 401);
    CHECK(client.post("/api/v1/sessions", R"({"username":"binh"})").status == 400);
}

TEST_CASE("missing, unknown and expired tokens get 401", "[server][auth]") {
    ServerFixture server;
    auto client = server.client();
    const std::string pull = "/api/v1/sync/pull?cursor=0&limit=10";
    Reply r = client.get(pull);
    CHECK(r.status == 401);
    CHECK(errorCodeOf(r) == "Unauthenticated");

    client.token = std::string(64, 'a');
    CHECK(client.get(pull).status == 401);
    client.token = "";
    CHECK(client.send("GET", pull, std::nullopt, {{"Authorization", "Basic YmluaDpw"}}).status ==
          401);

    const auto expired = server.store.login("binh", kPassword, std::chrono::seconds(0));
    REQUIRE(expired);
    client.token = expired->token;
    CHECK(client.get(pull).status == 401);
    CHECK(client.post("/api/v1/sync/push", R"({"ops":[]})").status == 401);

    client.login("binh", kPassword);
    CHECK(client.get(pull).status == 200);
}

TEST_CASE("a session ends when the server's clock passes its time to live", "[server][auth]") {
    const auto clock = std::make_shared<FixedClock>(std::chrono::system_clock::now());
    ServerFixture server(clock);
    auto client = server.client();
    const auto session = client.login("binh", kPassword);
    CHECK(session.expiresAt == std::chrono::duration_cast<std::chrono::seconds>(
                                   (clock->now() + server.config().sessionTtl).time_since_epoch())
                                   .count());
    const std::string pull = "/api/v1/sync/pull?cursor=0&limit=10";
    clock->advance(server.config().sessionTtl - std::chrono::seconds(1));
    CHECK(client.get(pull).status == 200);
    clock->advance(std::chrono::seconds(1));
    const Reply expired = client.get(pull);
    CHECK(expired.status == 401);
    CHECK(errorCodeOf(expired) == "Unauthenticated");
}

TEST_CASE("a missing or old protocol header gets 426 with a clear message", "[server][protocol]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    for (const std::optional<std::string>& header :
         {std::optional<std::string>{}, std::optional<std::string>{"0"},
          std::optional<std::string>{"one"}}) {
        client.protocol = header;
        const Reply r = client.get("/api/v1/sync/pull");
        CHECK(r.status == 426);
        CHECK(errorCodeOf(r) == "ProtocolTooOld");
        CHECK(sync::decodeErrorBody(r.body).message.find("update MotCua Desk") !=
              std::string::npos);
    }
    client.protocol.reset();
    CHECK(client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{"binh", kPassword}))
              .status == 426);
    client.protocol = "1";
    CHECK(client.get("/api/v1/sync/pull").status == 200);
}

TEST_CASE("a desk's outbox is applied once, and the same batch again is all duplicates",
          "[server][push]") {
    ServerFixture server;
    Desk desk;
    auto client = server.client();
    client.login("binh", kPassword);
    const auto batch = desk.batch();
    REQUIRE(batch.ops.size() == 4);

    const auto first = pushOk(client, batch);
    for (std::size_t i = 0; i < first.results.size(); ++i) {
        INFO(i << ": " << first.results[i].error);
        CHECK(first.results[i].opId == batch.ops[i].opId);
        CHECK(first.results[i].outcome == OpOutcome::Applied);
    }
    CHECK(first.results[0].serverVersion == 1);
    CHECK(first.results[3].serverVersion == 2);  // the forward, on top of version 1
    auto stats = server.store.stats();
    CHECK(stats.dossiers == 3);
    CHECK(stats.opsApplied == 4);
    CHECK(stats.duplicates == 0);

    // A retry after a lost answer: nothing is applied twice.
    const auto second = pushOk(client, batch);
    for (const auto& r : second.results) CHECK(r.outcome == OpOutcome::Duplicate);
    CHECK(second.results[3].serverVersion == 2);
    stats = server.store.stats();
    CHECK(stats.dossiers == 3);
    CHECK(stats.opsApplied == 4);
    CHECK(stats.duplicates == 4);
    CHECK(stats.rejected == 0);
}

TEST_CASE("pull returns the ward's applied changes in server order with a cursor",
          "[server][pull]") {
    ServerFixture server;
    Desk desk;
    auto client = server.client();
    client.login("binh", kPassword);
    const auto batch = desk.batch();
    pushOk(client, batch);

    Reply r = client.get("/api/v1/sync/pull?cursor=0&limit=100");
    REQUIRE(r.status == 200);
    const auto all = sync::decodePullResponse(r.body);
    // First the ward's account added with the fixture, then the four ops.
    REQUIRE(all.changes.size() == 5);
    CHECK_FALSE(all.more);
    CHECK(all.changes[0].kind == "account.user");
    CHECK(all.changes[0].entityId == "binh");
    for (std::size_t i = 0; i < 4; ++i) CHECK(all.changes[i + 1].entityId == batch.ops[i].entityId);
    CHECK(all.changes[1].kind == "dossier.intake");
    CHECK(all.changes[4].kind == "dossier.action");
    CHECK(all.changes[4].version == 2);
    CHECK(all.changes[4].status != all.changes[1].status);
    CHECK(all.cursor == all.changes.back().seq);

    // Pages follow the cursor and say when more is waiting.
    r = client.get("/api/v1/sync/pull?cursor=0&limit=4");
    const auto page = sync::decodePullResponse(r.body);
    CHECK(page.changes.size() == 4);
    CHECK(page.more);
    r = client.get("/api/v1/sync/pull?cursor=" + std::to_string(page.cursor) + "&limit=4");
    const auto rest = sync::decodePullResponse(r.body);
    REQUIRE(rest.changes.size() == 1);
    CHECK(rest.changes[0] == all.changes[4]);
    CHECK_FALSE(rest.more);
    r = client.get("/api/v1/sync/pull?cursor=" + std::to_string(all.cursor));
    CHECK(sync::decodePullResponse(r.body).changes.empty());

    CHECK(client.get("/api/v1/sync/pull?cursor=-1").status == 400);
    CHECK(client.get("/api/v1/sync/pull?limit=0").status == 400);
    CHECK(client.get("/api/v1/sync/pull?limit=abc").status == 400);

    // Another ward's officer sees none of it, only that ward's own account.
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    r = neighbour.get("/api/v1/sync/pull?cursor=0");
    const auto theirs = sync::decodePullResponse(r.body);
    REQUIRE(theirs.changes.size() == 1);
    CHECK(theirs.changes[0].kind == "account.user");
    CHECK(theirs.changes[0].entityId == "lan");
}

TEST_CASE("another ward's dossiers are rejected with a reason and not stored",
          "[server][push][wards]") {
    ServerFixture server;
    Desk desk;
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    const auto batch = desk.batch();
    const auto result = pushOk(neighbour, batch);
    for (const auto& r : result.results) {
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find("belongs to ward " + std::string(kWard)) != std::string::npos);
    }
    auto stats = server.store.stats();
    CHECK(stats.dossiers == 0);
    CHECK(stats.opsApplied == 0);
    CHECK(stats.rejected == 4);

    // The rejected op ids stay free: the rightful desk's push still applies them.
    auto own = server.client();
    own.login("binh", kPassword);
    for (const auto& r : pushOk(own, batch).results) CHECK(r.outcome == OpOutcome::Applied);
    // And once applied, the neighbour can no longer act on them either.
    auto forward = batch.ops[3];
    forward.opId = "neighbour-op-1";
    forward.baseVersion = 2;
    CHECK(pushOk(neighbour, {{forward}}).results[0].outcome == OpOutcome::Rejected);
    CHECK(server.store.stats().dossiers == 3);
}

TEST_CASE("stale versions and second intakes of a code are conflicts with the server version",
          "[server][push][conflict]") {
    ServerFixture server;
    Desk desk;
    auto client = server.client();
    client.login("binh", kPassword);
    const auto batch = desk.batch();
    pushOk(client, batch);

    // Another desk made an action on version 1, but the server is at 2 already.
    auto stale = batch.ops[3];
    stale.opId = "other-desk-op-1";
    stale.deviceId = "other-desk";
    stale.baseVersion = 1;
    // An intake of a code the server already has, from a different op.
    auto again = batch.ops[1];
    again.opId = "other-desk-op-2";
    again.deviceId = "other-desk";
    // An action on a dossier the server has never seen.
    auto unknown = batch.ops[3];
    unknown.opId = "other-desk-op-3";
    unknown.entityId = std::string(kWard) + "-260310-9001";
    // A replay of an applied op id from another device.
    auto replay = batch.ops[0];
    replay.deviceId = "other-desk";

    const auto result = pushOk(client, {{stale, again, unknown, replay}});
    CHECK(result.results[0].outcome == OpOutcome::Conflict);
    CHECK(result.results[0].serverVersion == 2);
    CHECK(result.results[0].error.find("version 2") != std::string::npos);
    CHECK(result.results[1].outcome == OpOutcome::Conflict);
    CHECK(result.results[1].serverVersion == 1);
    CHECK(result.results[2].outcome == OpOutcome::Rejected);
    CHECK(result.results[3].outcome == OpOutcome::Rejected);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 3);
    CHECK(stats.opsApplied == 4);
    CHECK(stats.rejected == 2);
}

TEST_CASE("malformed, oversized and unknown pushes get a 4xx and store nothing",
          "[server][push][bad-input]") {
    ServerFixture server;
    Desk desk;
    auto client = server.client();
    client.login("binh", kPassword);
    const std::string good = sync::encode(desk.batch());
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string body = good;
        const auto at =
            body.rfind(from);  // the last op: earlier, valid ops must not be stored either
        REQUIRE(at != std::string::npos);
        return body.replace(at, from.size(), to);
    };

    struct Case {
        const char* name;
        std::string body;
        int status;
    };
    const std::vector<Case> cases{
        {"not JSON", "{\"ops\": [", 400},
        {"not an object", "[1,2,3]", 400},
        {"empty", "", 400},
        {"a string base version", replaced("\"base_version\":1", "\"base_version\":\"1\""), 400},
        {"a missing op id", replaced("\"op_id\":", "\"op_ix\":"), 400},
        {"an unknown op kind", replaced("\"dossier.action\"", "\"dossier.delete\""), 422},
        {"an op id too long",
         replaced("\"device_id\":\"", "\"device_id\":\"" + std::string(200, 'x')), 413},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        const Reply r = client.post("/api/v1/sync/push", c.body);
        CHECK(r.status == c.status);
        CHECK_FALSE(errorCodeOf(r).empty());
        CHECK(errorCodeOf(r).find("<not") == std::string::npos);
    }
    // A body announced over the cap is refused before it is read.
    const Reply big =
        client.send("POST", "/api/v1/sync/push", std::string(), {{"Content-Length", "9000000"}});
    CHECK(big.status == 413);
    CHECK(errorCodeOf(big) == "BodyTooLarge");

    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 0);
    CHECK(stats.opsApplied == 0);
    CHECK(stats.rejected == 0);
    CHECK(client.get("/api/v1/sync/pull?cursor=0").body.find("dossier.") == std::string::npos);

    // The same good batch is then accepted whole.
    const Reply ok = client.post("/api/v1/sync/push", good);
    CHECK(ok.status == 200);
    CHECK(server.store.stats().opsApplied == 4);
}

TEST_CASE("unknown endpoints and wrong methods get 404 and 405", "[server]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    CHECK(client.get("/api/v1/nothing").status == 404);
    CHECK(client.get("/api/v1/sync/push").status == 405);
    CHECK(client.post("/api/v1/sync/pull", "{}").status == 405);
}

TEST_CASE("repeated wrong passwords lock the username out for a growing while", "[server][auth]") {
    // The lockout is timed by the server's clock: the test moves it on instead of sleeping.
    const auto clock = std::make_shared<FixedClock>(std::chrono::system_clock::now());
    ServerFixture fixture(clock);
    auto config = fixture.config();
    config.freeLoginFailures = 3;
    config.loginLockout = std::chrono::milliseconds(1500);
    server::HttpsServer https(fixture.store, config);
    https.start();
    TestClient client(https.port(), fixture.pki.caCert);
    const auto wrong = sync::encode(sync::LoginRequest{"binh", "wrong-password"});
    const auto right = sync::encode(sync::LoginRequest{"binh", kPassword});
    for (int i = 0; i < 2; ++i) CHECK(client.post("/api/v1/sessions", wrong).status == 401);
    CHECK(client.post("/api/v1/sessions", right).status ==
          201);  // failures below the limit are forgiven
    for (int i = 0; i < 3; ++i) CHECK(client.post("/api/v1/sessions", wrong).status == 401);
    // Locked: even the right password is refused without being checked, with a Retry-After.
    const Reply locked = client.post("/api/v1/sessions", right);
    CHECK(locked.status == 429);
    CHECK(errorCodeOf(locked) == "TooManyAttempts");
    // Another user is not affected.
    CHECK(client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{"lan", kPassword}))
              .status == 201);
    clock->advance(std::chrono::milliseconds(1700));
    CHECK(client.post("/api/v1/sessions", right).status == 201);
}

TEST_CASE("the OpenAPI file describes every endpoint the server serves", "[server][openapi]") {
    const std::string spec =
        readFileForTest(std::string(MOTCUA_RESOURCE_DIR) + "/../src/server/openapi.yaml");
    REQUIRE_FALSE(spec.empty());
    for (const char* path :
         {"/api/v1/health:", "/api/v1/sessions:", "/api/v1/sessions/current:", "/api/v1/sync/push:",
          "/api/v1/sync/pull:", "/api/v1/sync/counts:", "/api/v1/sync/snapshot:",
          "/api/v1/blobs/{sha256}:", "X-MotCua-Upload-Offset", "result_sha256", "dossier.snapshot",
          "account.user", "catalog.import"})
        CHECK(spec.find(path) != std::string::npos);
    for (const char* word :
         {"X-MotCua-Protocol", "applied, duplicate, conflict, rejected",
          "dossier.intake, dossier.action, dossier.edit", "\"426\"", "\"413\"", "\"429\""})
        CHECK(spec.find(word) != std::string::npos);
}

TEST_CASE(
    "a server database with a negative or unknown schema version is refused and left as it was",
    "[server][storage]") {
    for (const int version : {-3, 999}) {
        TempDir dir;
        const std::string db = dir.file("server.db");
        const auto sqlite = [&](const std::string& sql) {
            return runTool("sqlite3 " + shellQuote(db) + " " + shellQuote(sql) + " 2>&1");
        };
        REQUIRE(
            sqlite("CREATE TABLE kept (x); INSERT INTO kept VALUES (42); PRAGMA user_version = " +
                   std::to_string(version) + ";")
                .exitCode == 0);
        INFO(version);
        try {
            server::ServerStore store(db);
            FAIL("the store opened");
        } catch (const server::ServerError& e) {
            CHECK(e.code() == server::ServerError::Code::Storage);
            CHECK_THAT(e.what(), Catch::Contains("schema version " + std::to_string(version)));
        }
        CHECK(sqlite("PRAGMA user_version;").out == std::to_string(version) + "\n");
        CHECK(sqlite("SELECT group_concat(name) FROM sqlite_master;").out == "kept\n");
        CHECK(sqlite("SELECT x FROM kept;").out == "42\n");
    }
}

TEST_CASE("the contract check refuses what openapi.yaml does not describe", "[server][contract]") {
    const auto& contract = OpenApiContract::instance();
    CHECK(contract
              .check("GET", "/api/v1/health", 200, "application/json",
                     R"({"status":"ok","protocol":1})")
              .empty());
    // A value outside its enum, a missing required member, a wrong type.
    CHECK_FALSE(
        contract.check("GET", "/api/v1/health", 200, "application/json", R"({"status":"fine"})")
            .empty());
    CHECK_FALSE(
        contract
            .check("GET", "/api/v1/sync/pull?cursor=0", 401, "application/json", R"({"oops":1})")
            .empty());
    CHECK_FALSE(contract
                    .check("PUT", "/api/v1/blobs/" + std::string(64, 'a'), 201, "application/json",
                           R"({"sha256":"x","size":1,"complete":true})")
                    .empty());  // the hash's pattern
    // A status the operation does not list; a path the description does not have answered 200.
    CHECK_FALSE(contract.check("GET", "/api/v1/health", 500, "application/json", "{}").empty());
    CHECK_FALSE(contract.check("GET", "/api/v1/secret", 200, "application/json", "{}").empty());
    CHECK(contract
              .check("GET", "/api/v1/secret", 404, "application/json",
                     R"({"error":{"code":"NotFound","message":"no endpoint"}})")
              .empty());
}
