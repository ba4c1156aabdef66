// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The server applies, never trusts: ops tried as a hostile officer would make them, through
// the real server over loopback. Each is rejected with a reason, the dossier is unchanged, and
// the rest of its batch still applies.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;
using sync::OpOutcome;

namespace {

const std::string kCode = std::string(kWard) + "-260310-1001";

struct AuthorityFixture {
    ServerFixture server;
    TestClient client = server.client();
    int seq = 0;

    AuthorityFixture() {
        server.store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword}, 1000);
        client.login("binh", kPassword);
        REQUIRE(pushOne(intake(kCode)).outcome == OpOutcome::Applied);
    }

    sync::Op intake(const std::string& code, const json& patch = json::object()) {
        sync::Op o;
        o.opId = "intake-" + code + "-" + std::to_string(++seq);
        o.deviceId = "desk-1";
        o.seq = seq;
        o.kind = sync::OpKind::DossierIntake;
        o.entityId = code;
        o.payload = intakePayload(code, patch);
        return o;
    }

    sync::Op action(std::int64_t base, const json& payload, const std::string& author = "") {
        sync::Op o;
        o.opId = "action-" + std::to_string(++seq);
        o.deviceId = "desk-1";
        o.seq = seq;
        o.kind = sync::OpKind::DossierAction;
        o.entityId = kCode;
        o.baseVersion = base;
        o.payload = payload.dump();
        o.author = author;
        return o;
    }

    std::vector<sync::OpResult> push(const std::vector<sync::Op>& ops) {
        const Reply r = client.post("/api/v1/sync/push", sync::encode(sync::PushRequest{ops}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return sync::decodePushResult(r.body).results;
    }
    sync::OpResult pushOne(const sync::Op& o) { return push({o}).at(0); }

    /// The server's copy of a dossier, from the day's snapshot; null when it has none.
    json dossier(const std::string& code = kCode) {
        const auto snapshot =
            sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=2026-03-10").body);
        for (const auto& c : snapshot.changes)
            if (c.entityId == code) {
                json payload = json::parse(c.payload);
                CHECK(payload["status"] == c.status);
                return payload;
            }
        return nullptr;
    }

    /// `o` is rejected with `reason` in its answer and changes nothing on the server.
    void rejected(const sync::Op& o, const std::string& reason) {
        const json before = dossier(o.entityId);
        const auto stats = server.store.stats();
        const auto r = pushOne(o);
        INFO(r.error);
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find(reason) != std::string::npos);
        CHECK(dossier(o.entityId) == before);
        CHECK(server.store.stats().opsApplied == stats.opsApplied);
    }
};

}  // namespace

TEST_CASE("a forged status is refused: the server runs the status machine from its own state",
          "[server][authority][hostile]") {
    AuthorityFixture f;
    SECTION("forward claiming approved") {
        f.rejected(f.action(1, {{"action", "forward"}, {"to", "approved"}}),
                   "'forward' leads to in_progress");
    }
    SECTION("a status nobody knows, or 200 bytes of one") {
        f.rejected(f.action(1, {{"action", "forward"}, {"to", "hacked"}}), "leads to in_progress");
        f.rejected(f.action(1, {{"action", "forward"}, {"to", std::string(200, 's')}}),
                   "leads to in_progress");
    }
    SECTION("an action not allowed from the server's status") {
        f.rejected(f.action(1, {{"action", "result-ready"}, {"to", "result_ready"}}),
                   "'result-ready' is not allowed for a dossier that is received");
        f.rejected(f.action(1, {{"action", "return-result"},
                                {"returned_at", "2026-03-10T10:00:00+07:00"}}),
                   "is not allowed");
    }
    SECTION("an action the server does not know, or none") {
        f.rejected(f.action(1, {{"action", "approve-everything"}}), "unknown action");
        f.rejected(f.action(1, {{"to", "in_progress"}}), "the op has no action");
    }
    SECTION("a from that is not the server's") {
        f.rejected(f.action(1, {{"action", "forward"}, {"from", "in_progress"}}),
                   "on the server it is received");
    }
    SECTION("actions that need a reason or a later due time") {
        f.rejected(f.action(1, {{"action", "reject"}}), "'reject' needs a reason");
        f.rejected(f.action(1, {{"action", "postpone"},
                                {"reason", "x"},
                                {"due_at", "2026-03-11T09:00:00+07:00"}}),
                   "is not later than");
        f.rejected(f.action(1, {{"action", "postpone"}, {"reason", "x"}, {"due_at", "soon"}}),
                   "not an ISO date-time");
        f.rejected(f.action(1, {{"action", "reject"}, {"reason", "có\u202Eký tự điều khiển"}}),
                   "control character");
    }
    SECTION("an intake born approved, with a signed result") {
        const std::string code = std::string(kWard) + "-260310-1002";
        f.rejected(
            f.intake(code, {{"status", "approved"}, {"result_sha256", std::string(64, 'a')}}),
            "an intake starts received, not 'approved'");
        CHECK(f.dossier(code).is_null());
        // Fields a desk never writes are not stored, even on an intake that is right.
        REQUIRE(f.pushOne(f.intake(code, {{"result_sha256", std::string(64, 'a')},
                                          {"draft_sha256", "x"}}))
                    .outcome == OpOutcome::Applied);
        const json stored = f.dossier(code);
        CHECK_FALSE(stored.contains("result_sha256"));
        CHECK_FALSE(stored.contains("draft_sha256"));
    }
    SECTION("an intake whose code is not its entity id") {
        const std::string code = std::string(kWard) + "-260310-1003";
        f.rejected(f.intake(code, {{"code", std::string(kWard) + "-260310-1004"}}),
                   "is not its entity id");
        CHECK(f.dossier(code).is_null());
    }
    // Through every refusal the dossier stayed where it was, and a right op still applies.
    const auto ok = f.pushOne(f.action(1, {{"action", "forward"}, {"to", "in_progress"}}));
    INFO(ok.error);
    CHECK(ok.outcome == OpOutcome::Applied);
    CHECK(f.dossier()["status"] == "in_progress");
}

TEST_CASE("a supervisor's decisions need a supervisor as the op's author, an account of the ward",
          "[server][authority][hostile]") {
    AuthorityFixture f;
    REQUIRE(f.pushOne(f.action(1, {{"action", "forward"}})).outcome == OpOutcome::Applied);
    REQUIRE(f.pushOne(f.action(2, {{"action", "submit-for-approval"}})).outcome ==
            OpOutcome::Applied);
    SECTION("an officer sends back or rejects after review") {
        f.rejected(f.action(3, {{"action", "send-back"}, {"reason", "Thiếu chữ ký"}}),
                   "is a supervisor's decision");
        f.rejected(f.action(3, {{"action", "reject"}, {"reason", "Không đủ điều kiện"}}),
                   "is a supervisor's decision");
        f.rejected(f.action(3, {{"action", "approve"}, {"result_sha256", std::string(64, 'a')}}),
                   "is a supervisor's decision");
    }
    SECTION("an author who is not an account of the ward") {
        f.rejected(f.action(3, {{"action", "send-back"}, {"reason", "x"}}, "lan"),
                   "is not an account of ward");
        f.rejected(f.action(3, {{"action", "send-back"}, {"reason", "x"}}, "ai-do"),
                   "is not an account of ward");
    }
    SECTION("the supervisor's own op, carried by an officer's sync") {
        const auto r =
            f.pushOne(f.action(3, {{"action", "send-back"}, {"reason", "Thiếu chữ ký"}}, "hoa"));
        INFO(r.error);
        CHECK(r.outcome == OpOutcome::Applied);
        CHECK(f.dossier()["status"] == "in_progress");
    }
    SECTION("the supervisor in her own session") {
        auto supervisor = f.server.client();
        supervisor.login("hoa", kPassword);
        const sync::Op o = f.action(3, {{"action", "send-back"}, {"reason", "Thiếu chữ ký"}});
        const Reply r = supervisor.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{o}}));
        REQUIRE(r.status == 200);
        CHECK(sync::decodePushResult(r.body).results.at(0).outcome == OpOutcome::Applied);
    }
}

TEST_CASE("fields past core's limits or with control characters are refused per op, not per batch",
          "[server][authority][limits][hostile]") {
    AuthorityFixture f;
    const auto code = [](int n) {
        return std::string(kWard) + "-260310-" + std::to_string(1100 + n);
    };
    const json name = [](const std::string& fullName) {
        return json{{"applicant", {{"full_name", fullName}, {"address", "Hà Nội"}}}};
    }(std::string(64 * 1024, 'A'));
    std::vector<sync::Op> batch{
        f.intake(code(1)),
        f.intake(code(2), name),
        f.intake(code(3), {{"applicant", {{"full_name", "Nguyễn\u202EVăn An"}}}}),
        f.intake(code(4), {{"applicant", {{"full_name", "Nguyễn\nVăn An"}}}}),
        f.intake(code(5),
                 {{"applicant", {{"full_name", "Nguyễn Văn An"}, {"id_number", "12345"}}}}),
        f.intake(code(6),
                 {{"documents",
                   json::array({{{"name", "Tờ khai"}, {"form", "original"}, {"count", 0}}})}}),
        f.intake(code(7),
                 {{"attachments",
                   json::array({{{"sha256", "nope"}, {"file_name", "a.pdf"}, {"size", 1}}})}}),
        f.intake(code(8), {{"sets", 100000}}),
        f.intake(code(9)),
    };
    const auto results = f.push(batch);
    REQUIRE(results.size() == batch.size());
    CHECK(results[0].outcome == OpOutcome::Applied);
    CHECK(results[8].outcome == OpOutcome::Applied);
    const std::vector<std::string> reasons{"",
                                           "at most 300 are allowed",
                                           "control character U+202E",
                                           "control character U+000A",
                                           "12",
                                           "count",
                                           "sha256",
                                           "sets",
                                           ""};
    for (std::size_t i = 1; i + 1 < batch.size(); ++i) {
        INFO(i << ": " << results[i].error);
        CHECK(results[i].outcome == OpOutcome::Rejected);
        CHECK(results[i].error.find(reasons[i]) != std::string::npos);
        CHECK(results[i].error.size() < sync::kMaxTextBytes);
        CHECK(f.dossier(code(static_cast<int>(i) + 1)).is_null());
    }
    // An edit is checked as the intake was.
    f.rejected(
        [&] {
            sync::Op edit = f.action(1, {{"applicant", {{"full_name", "Lê\u0007Văn"}}}});
            edit.kind = sync::OpKind::DossierEdit;
            return edit;
        }(),
        "control character U+0007");
}

TEST_CASE("a desk's intake keeps the channel it came by, and cannot claim to be online",
          "[server][authority][online][hostile]") {
    AuthorityFixture f;
    const auto code = [](int n) {
        return std::string(kWard) + "-260310-" + std::to_string(1200 + n);
    };
    const auto results = f.push({
        f.intake(code(1), {{"channel", "post"}}),
        f.intake(code(2)),  // a desk from before channels: at the counter
        f.intake(code(3), {{"channel", "counter"}}),
        f.intake(code(4), {{"channel", "online"}}),
        f.intake(code(5), {{"channel", "by-pigeon"}}),
        f.intake(code(6), {{"channel", 2}}),
    });
    REQUIRE(results.size() == 6);
    for (std::size_t i = 0; i < 3; ++i) CHECK(results[i].outcome == OpOutcome::Applied);
    CHECK(f.dossier(code(1))["channel"] == "post");
    CHECK(f.dossier(code(2))["channel"] == "counter");
    CHECK(f.dossier(code(3))["channel"] == "counter");
    for (std::size_t i = 3; i < 6; ++i) {
        INFO(i << ": " << results[i].error);
        CHECK(results[i].outcome == OpOutcome::Rejected);
        CHECK(f.dossier(code(static_cast<int>(i) + 1)).is_null());
    }
    CHECK(results[3].error.find("counter or by post") != std::string::npos);
    CHECK(results[5].error.find("channel must be text") != std::string::npos);
}

TEST_CASE(
    "a desk's intake is read by core's payload codec: each wrong type or range is refused "
    "naming the field, and a portal's fields are not a desk's to give",
    "[server][authority][payload][hostile]") {
    AuthorityFixture f;
    const auto code = [](int n) {
        return std::string(kWard) + "-260310-" + std::to_string(1300 + n);
    };
    const std::vector<std::pair<json, std::string>> cases{
        {{{"sets", 4294967297LL}}, "sets is out of range"},
        {{{"sets", 2.5}}, "sets must be an integer"},
        {{{"register_seq", -1}}, "register_seq must be from 0"},
        {{{"documents", {{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1LL << 33}}}}},
         "documents[0].count is out of range"},
        {{{"documents",
           {{{"name", "Tờ khai"},
             {"form", "original"},
             {"count", 1},
             {"files", {"../../etc/passwd"}}}}}},
         "documents[0].files[0] is not a SHA-256"},
        {{{"attachments",
           {{{"sha256", std::string(64, 'a')}, {"file_name", "a.pdf"}, {"size", -5}}}}},
         "attachments[0].size is negative"},
        {{{"applicant", {{"full_name", "An"}, {"date_of_birth", "2003-13-01"}}}},
         "applicant.date_of_birth is not a date"},
        {{{"applicant", "An"}}, "applicant must be an object"},
        {{{"received_at", "yesterday"}}, "received_at is not an ISO date-time"},
        {{{"fee_vnd", -1}}, "fee_vnd must be from 0"},
        {{{"documents",
           {{{"name", "Tờ khai"},
             {"form", "original"},
             {"count", 1},
             {"files", {std::string(64, 'e')}}}}}},
         "which is not one of the dossier's attachments"},
    };
    std::vector<sync::Op> ops;
    for (std::size_t i = 0; i < cases.size(); ++i)
        ops.push_back(f.intake(code(static_cast<int>(i)), cases[i].first));
    const auto results = f.push(ops);
    REQUIRE(results.size() == cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        INFO(i << ": " << results[i].error);
        CHECK(results[i].outcome == OpOutcome::Rejected);
        CHECK(results[i].error.find(cases[i].second) != std::string::npos);
        CHECK(f.dossier(code(static_cast<int>(i))).is_null());
    }
    // A desk cannot claim a submission's portal reference, submission time or a return.
    const std::string right = code(50);
    REQUIRE(f.pushOne(f.intake(right, {{"portal_ref", "DVC-1"},
                                       {"submitted_at", "2026-03-09T08:00:00+07:00"},
                                       {"returned_at", "2026-03-10T09:00:00+07:00"}}))
                .outcome == OpOutcome::Applied);
    const json stored = f.dossier(right);
    CHECK_FALSE(stored.contains("portal_ref"));
    // A document holding one of the attachments keeps it (the desk's digitised documents).
    const std::string scanned = code(51);
    const std::string sha(64, 'd');
    REQUIRE(
        f
            .pushOne(f.intake(
                scanned,
                {{"documents",
                  {{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1}, {"files", {sha}}}}},
                 {"attachments", {{{"sha256", sha}, {"file_name", "to-khai.pdf"}, {"size", 10}}}}}))
            .outcome == OpOutcome::Applied);
    CHECK(f.dossier(scanned)["documents"][0]["files"] == json::array({sha}));
    CHECK_FALSE(stored.contains("submitted_at"));
    CHECK_FALSE(stored.contains("returned_at"));
    CHECK(stored["status"] == "received");
}

TEST_CASE("a dossier.files op gives one document more files, checked, and nothing else changes",
          "[server][authority][documents][hostile]") {
    AuthorityFixture f;
    const auto files = [](const std::string& sha) {
        return json::array({{{"sha256", sha}, {"file_name", "to-khai.pdf"}, {"size", 2048}}});
    };
    const auto filesOp = [&](std::int64_t base, json payload) {
        sync::Op o = f.action(base, payload);
        o.kind = sync::OpKind::DossierFiles;
        return o;
    };
    const std::string sha(64, 'c');
    f.rejected(filesOp(1, {{"document", 2}, {"document_name", "Tờ khai"}, {"files", files(sha)}}),
               "has no document 2");
    f.rejected(filesOp(1, {{"document", 1}, {"document_name", "Giấy khác"}, {"files", files(sha)}}),
               "is 'Tờ khai' on the server");
    f.rejected(
        filesOp(1, {{"document", 1}, {"document_name", "Tờ khai"}, {"files", json::array()}}),
        "names no files");
    f.rejected(filesOp(1, {{"document", 1}, {"document_name", "Tờ khai"}, {"files", files("ab")}}),
               "not 64 lowercase hex digits");
    CHECK(f.dossier()["documents"][0].value("files", json::array()).empty());
    CHECK(f.dossier()["version"] == 1);

    const auto ok = f.pushOne(
        filesOp(1, {{"document", 1}, {"document_name", "Tờ khai"}, {"files", files(sha)}}));
    INFO(ok.error);
    REQUIRE(ok.outcome == OpOutcome::Applied);
    const json stored = f.dossier();
    CHECK(stored["documents"][0]["files"] == json::array({sha}));
    CHECK(stored["attachments"] == files(sha));
    CHECK(stored["status"] == "received");
    CHECK(stored["version"] == 2);
}
