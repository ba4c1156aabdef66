// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>
#include <string>

#include "motcua/protocol/protocol.h"

using namespace motcua::sync;

namespace {

Op sampleOp(int n = 1) {
    Op op;
    op.opId = "0f8e1c2a-0000-4000-8000-00000000000" + std::to_string(n);
    op.deviceId = "desk-device-1";
    op.seq = n;
    op.kind = OpKind::DossierIntake;
    op.entityId = "000.00.15.H30-260310-2001";
    op.baseVersion = 0;
    // Keys in sorted order: that is how the desk's store writes payloads, so the text round-trips.
    op.payload =
        R"({"applicant":{"full_name":"Nguyễn Văn Đức"},"code":"000.00.15.H30-260310-2001"})";
    return op;
}

SyncError::Code errorCode(const std::string& body) {
    try {
        decodePushRequest(body);
    } catch (const SyncError& e) {
        return e.code();
    }
    FAIL("decoded without an error: " << body);
    return SyncError::Code::Malformed;
}

std::string messageOf(const std::string& body) {
    try {
        decodePushRequest(body);
    } catch (const SyncError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("a push request survives encoding and decoding", "[sync][codec]") {
    PushRequest request;
    request.ops.push_back(sampleOp(1));
    Op action = sampleOp(2);
    action.kind = OpKind::DossierAction;
    action.baseVersion = 1;
    action.payload = R"({"action":"forward","to":"in_progress"})";
    request.ops.push_back(action);
    const PushRequest decoded = decodePushRequest(encode(request));
    CHECK(decoded == request);
    CHECK(decoded.ops[0].payload.find("Nguyễn Văn Đức") != std::string::npos);
}

TEST_CASE("push results, pull responses, sessions and errors round-trip", "[sync][codec]") {
    PushResult result{{{"a", OpOutcome::Applied, 1, ""},
                       {"b", OpOutcome::Duplicate, 1, ""},
                       {"c", OpOutcome::Conflict, 3, "the server has version 3"},
                       {"d", OpOutcome::Rejected, std::nullopt, "another ward's dossier"}}};
    CHECK(decodePushResult(encode(result)) == result);

    PullResponse pull{{{5, "dossier.intake", "X-1", 1, "received", R"({"a":1})"},
                       {9, "dossier.action", "X-1", 2, "in_progress", "{}"}},
                      9,
                      true};
    CHECK(decodePullResponse(encode(pull)) == pull);

    Session session{"tok", "binh", "Trần Thị Bình", "officer", "000.00.15.H30", 1790000000};
    CHECK(decodeSession(encode(session)) == session);

    ErrorBody error{"MalformedBody", "ops[0].seq must be an integer"};
    CHECK(decodeErrorBody(encode(error)) == error);

    const LoginRequest login = decodeLoginRequest(encode(LoginRequest{"binh", "mật khẩu"}));
    CHECK(login.username == "binh");
    CHECK(login.password == "mật khẩu");
}

TEST_CASE("op kinds and outcomes have exactly the protocol's names", "[sync][codec]") {
    CHECK(opKindName(OpKind::DossierIntake) == "dossier.intake");
    CHECK(opKindName(OpKind::DossierAction) == "dossier.action");
    CHECK(opKindName(OpKind::DossierEdit) == "dossier.edit");
    CHECK(parseOpKind("dossier.delete") == std::nullopt);
    CHECK(opOutcomeName(OpOutcome::Conflict) == "conflict");
    CHECK(parseOpOutcome("applied") == OpOutcome::Applied);
    CHECK(parseOpOutcome("Applied") == std::nullopt);
    CHECK(kProtocolHeader == "X-MotCua-Protocol");
    CHECK(kProtocolVersion == 1);
}

TEST_CASE("malformed push requests are refused with an error naming the field", "[sync][codec]") {
    const std::string good = encode(PushRequest{{sampleOp()}});
    REQUIRE_NOTHROW(decodePushRequest(good));

    CHECK(errorCode("") == SyncError::Code::Malformed);
    CHECK(errorCode("{") == SyncError::Code::Malformed);
    CHECK(errorCode("[]") == SyncError::Code::Malformed);
    CHECK(errorCode("null") == SyncError::Code::Malformed);
    CHECK(errorCode(R"({})") == SyncError::Code::Malformed);
    CHECK(messageOf(R"({})").find("push.ops") != std::string::npos);
    CHECK(errorCode(R"({"ops":{}})") == SyncError::Code::Malformed);
    CHECK(errorCode(R"({"ops":[1]})") == SyncError::Code::Malformed);

    const std::string base =
        R"({"op_id":"a","device_id":"d","seq":1,"kind":"dossier.intake","entity_id":"X","base_version":0,"payload":{}})";
    CHECK_NOTHROW(decodePushRequest(R"({"ops":[)" + base + "]}"));

    auto with = [&](const std::string& from, const std::string& to) {
        std::string op = base;
        const auto at = op.find(from);
        REQUIRE(at != std::string::npos);
        op.replace(at, from.size(), to);
        return R"({"ops":[)" + op + "]}";
    };
    // Wrong types.
    CHECK(errorCode(with(R"("seq":1)", R"("seq":"1")")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("seq":1)", R"("seq":1.5)")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("seq":1)", R"("seq":true)")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("seq":1)", R"("seq":-1)")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("seq":1)", R"("seq":18446744073709551615)")) ==
          SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("op_id":"a")", R"("op_id":7)")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("op_id":"a")", R"("op_id":"")")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("payload":{})", R"("payload":"{}")")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("payload":{})", R"("payload":[])")) == SyncError::Code::Malformed);
    CHECK(errorCode(with(R"("base_version":0)", R"("base_version":null)")) ==
          SyncError::Code::Malformed);
    // Missing fields.
    CHECK(errorCode(with(R"("entity_id":"X",)", "")) == SyncError::Code::Malformed);
    CHECK(messageOf(with(R"("entity_id":"X",)", "")) == "missing field ops[0].entity_id");
    CHECK(errorCode(with(R"(,"payload":{})", "")) == SyncError::Code::Malformed);
    // Unknown op kinds.
    CHECK(errorCode(with("dossier.intake", "dossier.delete")) == SyncError::Code::Unsupported);
    CHECK(messageOf(with("dossier.intake", "dossier.delete")).find("dossier.delete") !=
          std::string::npos);
    // Oversized values.
    CHECK(errorCode(with(R"("op_id":"a")", R"("op_id":")" + std::string(kMaxIdBytes + 1, 'a') +
                                               "\"")) == SyncError::Code::TooLarge);
    CHECK(errorCode(with(R"("payload":{})",
                         R"("payload":{"x":")" + std::string(kMaxPayloadBytes, 'x') + "\"}")) ==
          SyncError::Code::TooLarge);
    // Invalid UTF-8 inside a string.
    CHECK(errorCode(with(R"("entity_id":"X")", "\"entity_id\":\"\xff\xfe\"")) ==
          SyncError::Code::Malformed);
}

TEST_CASE("oversized bodies, batches and nesting are refused before work is done",
          "[sync][codec]") {
    CHECK(errorCode(std::string(kMaxBodyBytes + 1, ' ')) == SyncError::Code::TooLarge);

    std::string many = R"({"ops":[)";
    for (std::size_t i = 0; i <= kMaxOpsPerPush; ++i) many += (i ? ",1" : "1");
    many += "]}";
    CHECK(errorCode(many) == SyncError::Code::TooLarge);

    std::string deep =
        R"({"ops":[{"op_id":"a","device_id":"d","seq":1,"kind":"dossier.intake","entity_id":"X","base_version":0,"payload":)";
    for (int i = 0; i < 100; ++i) deep += R"({"a":)";
    deep += "1";
    for (int i = 0; i < 100; ++i) deep += "}";
    deep += "}]}";
    CHECK(errorCode(deep) == SyncError::Code::TooLarge);
}

TEST_CASE("malformed answers from a server are refused too", "[sync][codec]") {
    CHECK_THROWS_AS(decodePushResult(R"({"results":[{"op_id":"a","result":"maybe"}]})"), SyncError);
    CHECK_THROWS_AS(decodePushResult(R"({"results":[{"op_id":"a"}]})"), SyncError);
    CHECK_THROWS_AS(
        decodePushResult(R"({"results":[{"op_id":"a","result":"applied","server_version":"2"}]})"),
        SyncError);
    // Changes must come in the server's order, and the cursor may not go back.
    CHECK_THROWS_AS(
        decodePullResponse(
            R"({"changes":[{"seq":5,"kind":"k","entity_id":"e","version":1,"status":"s","payload":{}},)"
            R"({"seq":4,"kind":"k","entity_id":"e","version":1,"status":"s","payload":{}}],"cursor":5,"more":false})"),
        SyncError);
    CHECK_THROWS_AS(
        decodePullResponse(
            R"({"changes":[{"seq":5,"kind":"k","entity_id":"e","version":1,"status":"s","payload":{}}],"cursor":4,"more":false})"),
        SyncError);
    CHECK_THROWS_AS(decodePullResponse(R"({"changes":[],"cursor":0})"), SyncError);
    CHECK_THROWS_AS(
        decodeSession(
            R"({"token":"t","user":{"username":"u","full_name":"","role":"root","ward":"w"},"expires_at":1})"),
        SyncError);
    CHECK_THROWS_AS(decodeLoginRequest(R"({"username":"u"})"), SyncError);
    CHECK_THROWS_AS(decodeLoginRequest(R"({"username":"u","password":["p"]})"), SyncError);
}

TEST_CASE("day counts round-trip and are decoded strictly", "[sync][codec][counts]") {
    const CountsResponse counts{"000.00.15.H30",
                                {{"2026-02-28", 1}, {"2026-03-09", 2}, {"2026-03-10", 0}}};
    CHECK(encode(counts) ==
          R"({"days":[{"day":"2026-02-28","dossiers":1},{"day":"2026-03-09","dossiers":2},)"
          R"({"day":"2026-03-10","dossiers":0}],"ward":"000.00.15.H30"})");
    CHECK(decodeCountsResponse(encode(counts)) == counts);
    CHECK(decodeCountsResponse(R"({"ward":"W","days":[]})") == CountsResponse{"W", {}});

    auto refused = [](const std::string& body) {
        try {
            decodeCountsResponse(body);
        } catch (const SyncError& e) {
            return std::string(e.what());
        }
        return std::string("<decoded>");
    };
    CHECK(refused(R"({"days":[]})").find("ward") != std::string::npos);
    CHECK(refused(R"({"ward":"W"})").find("days") != std::string::npos);
    CHECK(refused(R"({"ward":"W","days":[{"day":"2026-03-10"}]})").find("dossiers") !=
          std::string::npos);
    CHECK(refused(R"({"ward":"W","days":[{"day":"2026-03-10","dossiers":-1}]})").find("dossiers") !=
          std::string::npos);
    CHECK(
        refused(R"({"ward":"W","days":[{"day":"2026-03-10","dossiers":"1"}]})").find("dossiers") !=
        std::string::npos);
    for (const char* day : {"2026-02-30", "2026-3-10", "10/03/2026", "2026-03-10T00:00", ""})
        CHECK(refused(std::string(R"({"ward":"W","days":[{"day":")") + day + R"(","dossiers":1}]})")
                  .find("day") != std::string::npos);
    // Ascending, each day once.
    CHECK(
        refused(
            R"({"ward":"W","days":[{"day":"2026-03-10","dossiers":1},{"day":"2026-03-09","dossiers":1}]})")
            .find("ascending") != std::string::npos);
    CHECK(
        refused(
            R"({"ward":"W","days":[{"day":"2026-03-10","dossiers":1},{"day":"2026-03-10","dossiers":1}]})")
            .find("ascending") != std::string::npos);
    std::string tooMany = R"({"ward":"W","days":[)";
    for (int i = 0; i < kMaxCountDays + 1; ++i)
        tooMany += std::string(i ? "," : "") + R"({"day":"2026-01-01","dossiers":1})";
    tooMany += "]}";
    CHECK_THROWS_MATCHES(decodeCountsResponse(tooMany), SyncError,
                         Catch::Matchers::Predicate<SyncError>([](const SyncError& e) {
                             return e.code() == SyncError::Code::TooLarge;
                         }));
}

TEST_CASE("a day's snapshot round-trips, ordered by code rather than by seq",
          "[sync][codec][snapshot]") {
    const PullResponse snapshot{
        {{9, "dossier.snapshot", "X-260310-1001", 2, "in_progress", R"({"status":"in_progress"})"},
         {4, "dossier.snapshot", "X-260310-1002", 1, "received", "{}"}},
        0,
        true};
    CHECK(decodeSnapshotResponse(encode(snapshot)) == snapshot);
    // What pull refuses (seq going back, cursor behind) is the snapshot's normal shape ...
    CHECK_THROWS_AS(decodePullResponse(encode(snapshot)), SyncError);
    // ... while codes out of order, another kind or a missing field are refused.
    auto swapped = snapshot;
    std::swap(swapped.changes[0], swapped.changes[1]);
    CHECK_THROWS_AS(decodeSnapshotResponse(encode(swapped)), SyncError);
    auto same = snapshot;
    same.changes[1].entityId = same.changes[0].entityId;
    CHECK_THROWS_AS(decodeSnapshotResponse(encode(same)), SyncError);
    auto otherKind = snapshot;
    otherKind.changes[0].kind = "dossier.intake";
    CHECK_THROWS_AS(decodeSnapshotResponse(encode(otherKind)), SyncError);
    CHECK_THROWS_AS(decodeSnapshotResponse(R"({"changes":[],"cursor":0})"), SyncError);
    CHECK_THROWS_AS(
        decodeSnapshotResponse(
            R"({"changes":[{"seq":0,"kind":"dossier.snapshot","entity_id":"e","version":1,"status":"s","payload":{}}],"cursor":0,"more":false})"),
        SyncError);
    CHECK_THROWS_AS(
        decodeSnapshotResponse(
            R"({"changes":[{"seq":3,"kind":"dossier.snapshot","entity_id":"e","version":1,"status":"s","payload":[]}],"cursor":0,"more":false})"),
        SyncError);
    CHECK(kSnapshotKind == "dossier.snapshot");
}
