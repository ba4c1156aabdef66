// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online submissions through the portal endpoint (docs/ONLINE.md), as a connector and as a
// hostile client would send them: what is stored, what each ward's desks pull, and that a bad
// submission stores nothing.
#include <algorithm>
#include <functional>
#include <mutex>
#include <regex>
#include <thread>

#include "portal_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

/// What a refusal must leave: no dossier, no change, no grant.
struct Untouched {
    PortalFixture& f;
    server::Stats before = f.server.store.stats();
    std::size_t changes = f.pulled(f.desk).size();
    void check() {
        const auto after = f.server.store.stats();
        CHECK(after.dossiers == before.dossiers);
        CHECK(f.pulled(f.desk).size() == changes);
    }
};

}  // namespace

TEST_CASE("a submission gets the server's code and deadline, and its ward's desks pull it",
          "[server][portal]") {
    PortalFixture f;
    const std::string scan = pdfWithText("to khai");
    const std::string photo = pngBytes("anh the");
    const std::string scanSha = PortalFixture::upload(f.portal, scan);
    const std::string photoSha = PortalFixture::upload(f.portal, photo);
    // Before the submission the ward cannot see the connector's uploads.
    CHECK(f.desk.send("HEAD", "/api/v1/blobs/" + scanSha).status == 404);

    json b = PortalFixture::body("DVC-2026-0001", {scanSha, photoSha});
    b["documents"].push_back(
        {{"name", "Giấy chứng sinh"}, {"form", "copy"}, {"count", 1}, {"files", {scanSha}}});
    const Reply r = f.submit(b);
    INFO(r.body);
    REQUIRE(r.status == 201);
    const json receipt = json::parse(r.body);
    const std::string code = receipt["code"];
    const std::string day = formatIsoDate(toLocal(std::chrono::system_clock::now()).date());
    const std::string yymmdd = day.substr(2, 2) + day.substr(5, 2) + day.substr(8, 2);
    CHECK(code == std::string(kWard) + "-" + yymmdd + "-0001");
    const std::string decideBy = receipt["decide_by"];
    CHECK(parseIsoDateTime(decideBy) > parseIsoDateTime(b["submitted_at"].get<std::string>()));

    const auto changes = f.submissionChanges(f.desk);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].entityId == code);
    CHECK(changes[0].status == "awaiting_acceptance");
    CHECK(changes[0].version == 1);
    const json p = json::parse(changes[0].payload);
    CHECK(p["code"] == code);
    CHECK(p["status"] == "awaiting_acceptance");
    CHECK(p["channel"] == "online");
    CHECK(p["portal_ref"] == "DVC-2026-0001");
    CHECK(parseIsoDateTime(p["submitted_at"].get<std::string>()) ==
          parseIsoDateTime(b["submitted_at"].get<std::string>()));
    CHECK(p["received_at"] == p["submitted_at"]);
    CHECK(p["due_at"] == decideBy);
    CHECK(p["procedure"] == "1.001193");
    CHECK(p["applicant"]["id_number"] == "001090001234");
    CHECK(p["applicant"]["email"] == "binh@example.vn");
    REQUIRE(p["documents"].size() == 2);
    CHECK(p["documents"][0] == json{{"name", "Tờ khai đăng ký khai sinh"},
                                    {"form", "original"},
                                    {"count", 1},
                                    {"files", {scanSha, photoSha}}});
    CHECK(p["documents"][1]["files"] == json{scanSha});
    // Every file once, with its size and a name the desk shows.
    REQUIRE(p["attachments"].size() == 2);
    CHECK(p["attachments"][0]["sha256"] == scanSha);
    CHECK(p["attachments"][0]["size"] == scan.size());
    CHECK(p["attachments"][0]["file_name"] == "Tờ khai đăng ký khai sinh (1).pdf");
    CHECK(p["attachments"][1]["sha256"] == photoSha);
    CHECK(p["attachments"][1]["file_name"] == "Tờ khai đăng ký khai sinh (2).png");
    CHECK(p["sets"] == 1);
    CHECK(p["fee_vnd"] == 0);
    CHECK(p["return_channel"] == "online");
    CHECK(p["register_book"] == 0);
    CHECK(p["register_seq"] == 0);
    CHECK(p["received_by"] == "");
    CHECK(p["version"] == 1);

    // The ward's desks may now read the files; another ward may not, nor learn of them.
    const Reply head = f.desk.send("HEAD", "/api/v1/blobs/" + scanSha);
    CHECK(head.status == 200);
    CHECK(f.desk.get("/api/v1/blobs/" + photoSha).body == photo);
    TestClient neighbour = f.server.client();
    neighbour.login("lan", kPassword);
    CHECK(neighbour.send("HEAD", "/api/v1/blobs/" + scanSha).status == 404);
    CHECK(f.submissionChanges(neighbour).empty());

    // The next submission of the day takes the next number of the server's part.
    CHECK(f.submitted("DVC-2026-0002") == std::string(kWard) + "-" + yymmdd + "-0002");
}

TEST_CASE("the same reference again is answered with the same code and changes nothing",
          "[server][portal]") {
    PortalFixture f;
    const std::string sha = PortalFixture::upload(f.portal, pdfWithText("a"));
    const json b = PortalFixture::body("DVC-7", {sha});
    const Reply first = f.submit(b);
    REQUIRE(first.status == 201);
    const auto stats = f.server.store.stats();
    const Reply again = f.submit(b);
    CHECK(again.status == 200);
    CHECK(json::parse(again.body) == json::parse(first.body));
    CHECK(f.server.store.stats().dossiers == stats.dossiers);
    CHECK(f.submissionChanges(f.desk).size() == 1);
}

TEST_CASE("a decision deadline follows the ward's allowance", "[server][portal]") {
    PortalFixture f;
    f.server.store.setDecisionAllowance(kWard, "3d");
    CHECK(f.server.store.decisionAllowance(kWard) == "3d");
    CHECK(f.server.store.decisionAllowance(kOtherWard) == "1d");
    CHECK_THROWS_AS(f.server.store.setDecisionAllowance(kWard, "0d"), server::ServerError);
    CHECK_THROWS_AS(f.server.store.setDecisionAllowance("no ward", "1d"), server::ServerError);
    // Monday 2026-03-09 10:00, three working days: Thursday 10:00.
    const std::string sha = PortalFixture::upload(f.portal, pdfWithText("b"));
    const Reply r = f.submit(
        PortalFixture::body("DVC-8", {sha}, {{"submitted_at", "2026-03-09T10:00:00+07:00"}}));
    REQUIRE(r.status == 201);
    CHECK(json::parse(r.body)["decide_by"] == "2026-03-12T10:00:00+07:00");
}

TEST_CASE("bad submissions are refused with a reason and nothing is stored",
          "[server][portal][hostile]") {
    PortalFixture f;
    const std::string sha = PortalFixture::upload(f.portal, pdfWithText("c"));
    Untouched untouched{f};
    const auto refused = [&](const json& b, int status, const std::string& code) {
        const Reply r = f.submit(b);
        INFO(b.dump() << " -> " << r.body);
        CHECK(r.status == status);
        if (r.status >= 400) CHECK(json::parse(r.body)["error"]["code"] == code);
    };
    const json good = PortalFixture::body("DVC-BAD", {sha});
    json b;

    SECTION("an unknown procedure") {
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"procedure", "1.999999"}}), 400,
                "MalformedBody");
    }
    SECTION("a procedure not offered in that ward") {
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"procedure", "1.004227"}}), 400,
                "MalformedBody");
    }
    SECTION("an unknown ward") {
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"ward", "000.00.99.H30"}}), 400,
                "MalformedBody");
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"ward", "../etc"}}), 400, "MalformedBody");
    }
    SECTION("a bad CCCD, or one that disagrees with the date of birth or gender") {
        for (const auto& [key, value] :
             std::vector<std::pair<std::string, json>>{{"id_number", "001090001235x"},
                                                       {"id_number", "999090001234"},
                                                       {"id_number", ""},
                                                       {"date_of_birth", "1991-05-12"},
                                                       {"gender", "nu"}}) {
            b = good;
            b["applicant"][key] = value;
            refused(b, 400, "MalformedBody");
        }
    }
    SECTION("an e-mail that is not one address") {
        for (const char* email : {"a@b, c@d", "a@b> NOTIFY=NEVER", "root", "<a@b>"}) {
            b = good;
            b["applicant"]["email"] = email;
            refused(b, 400, "MalformedBody");
        }
    }
    SECTION(
        "a submission time before online submissions existed, or one the calendar cannot "
        "count from") {
        for (const char* at : {"2019-12-31T23:59:00+07:00", "1900-01-01T00:00:00+14:00"}) {
            b = good;
            b["submitted_at"] = at;
            refused(b, 400, "MalformedBody");
        }
    }
    SECTION("a file named but not uploaded") {
        refused(PortalFixture::body("DVC-BAD", {sha256Hex("never uploaded")}), 422, "HashMismatch");
    }
    SECTION("a file another connector uploaded, or a desk") {
        TestClient other = f.server.client();
        PortalFixture::login(other, "congtp");
        const std::string theirs = PortalFixture::upload(other, pdfWithText("theirs"));
        refused(PortalFixture::body("DVC-BAD", {theirs}), 422, "HashMismatch");
        const std::string desks = PortalFixture::upload(f.desk, pdfWithText("desk's"));
        refused(PortalFixture::body("DVC-BAD", {desks}), 422, "HashMismatch");
    }
    SECTION("a file whose hash is not a hash") {
        refused(PortalFixture::body("DVC-BAD", {"ABC"}), 400, "MalformedBody");
    }
    SECTION("a file that is neither PDF, JPEG nor PNG") {
        const std::string text = PortalFixture::upload(f.portal, "#!/bin/sh\nrm -rf /\n");
        refused(PortalFixture::body("DVC-BAD", {text}), 422, "Unsupported");
    }
    SECTION("oversize fields and counts") {
        b = good;
        b["applicant"]["full_name"] = std::string(301, 'a');
        refused(b, 400, "MalformedBody");
        b = good;
        b["applicant"]["address"] = "line\u202Eevil";
        refused(b, 400, "MalformedBody");
        b = good;
        b["portal_ref"] = std::string(129, 'r');
        refused(b, 400, "MalformedBody");
        b = good;
        b["documents"][0]["name"] = std::string(501, 'd');
        refused(b, 400, "MalformedBody");
        b = good;
        b["documents"][0]["count"] = 0;
        refused(b, 400, "MalformedBody");
        b = good;
        b["documents"] = json::array();
        for (int i = 0; i < 101; ++i) b["documents"].push_back(good["documents"][0]);
        refused(b, 400, "MalformedBody");
    }
    SECTION("a channel that is not online or post, a bad return channel") {
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"channel", "counter"}}), 400,
                "MalformedBody");
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"return_channel", "pigeon"}}), 400,
                "MalformedBody");
    }
    SECTION("a submission time in the future or not a time") {
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"submitted_at", localIn(60)}}), 400,
                "MalformedBody");
        refused(PortalFixture::body("DVC-BAD", {sha}, {{"submitted_at", "hôm qua"}}), 400,
                "MalformedBody");
    }
    SECTION("missing or mistyped fields, not JSON") {
        b = good;
        b.erase("portal_ref");
        refused(b, 400, "MalformedBody");
        b = good;
        b["documents"][0]["files"] = sha;
        refused(b, 400, "MalformedBody");
        const Reply r = f.portal.post("/api/v1/portal/submissions", "{\"portal_ref\":");
        CHECK(r.status == 400);
        // Nested deep enough to exhaust a recursive parser's stack.
        const Reply deep = f.portal.post("/api/v1/portal/submissions",
                                         std::string(4'000'000, '[') + std::string(4'000'000, ']'));
        CHECK(deep.status == 400);
        CHECK(f.portal.post("/api/v1/portal/submissions", "[]").status == 400);
    }
    SECTION("another connector's reference") {
        TestClient other = f.server.client();
        PortalFixture::login(other, "congtp");
        const std::string theirs = PortalFixture::upload(other, pdfWithText("theirs"));
        REQUIRE(f.submit(PortalFixture::body("DVC-TAKEN", {theirs}), &other).status == 201);
        untouched.before = f.server.store.stats();
        untouched.changes = f.pulled(f.desk).size();
        refused(PortalFixture::body("DVC-TAKEN", {sha}), 409, "Conflict");
        // And the other connector's submission cannot be read by this one.
        const std::string code = f.submissionChanges(f.desk).at(0).entityId;
        CHECK(f.portal.get("/api/v1/portal/submissions/" + code).status == 404);
    }
    SECTION("a desk account posting to the portal endpoint") {
        const Reply r = f.submit(good, &f.desk);
        CHECK(r.status == 403);
        CHECK(json::parse(r.body)["error"]["code"] == "Forbidden");
    }
    SECTION("a portal account pushing, pulling, counting") {
        sync::Op op;
        op.opId = "x";
        op.deviceId = "portal";
        op.seq = 1;
        op.kind = sync::OpKind::DossierIntake;
        op.entityId = std::string(kWard) + "-260310-1001";
        op.payload = intakePayload(op.entityId);
        CHECK(f.portal.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{op}})).status ==
              403);
        CHECK(f.portal.get("/api/v1/sync/pull?cursor=0").status == 403);
        CHECK(f.portal.get("/api/v1/sync/counts?from=2026-03-01&to=2026-03-02").status == 403);
        CHECK(f.portal.get("/api/v1/sync/snapshot?day=2026-03-10").status == 403);
    }
    SECTION("without a token, or with a wrong method") {
        TestClient anonymous = f.server.client();
        CHECK(anonymous.post("/api/v1/portal/submissions", good.dump()).status == 401);
        CHECK(f.portal.get("/api/v1/portal/submissions").status == 405);
    }
    untouched.check();
}

TEST_CASE("a desk cannot take the server's part of the day's codes", "[server][portal][hostile]") {
    PortalFixture f;
    sync::Op op;
    op.opId = "intake-0001";
    op.deviceId = "desk-1";
    op.seq = 1;
    op.kind = sync::OpKind::DossierIntake;
    op.entityId = std::string(kWard) + "-260310-0001";
    op.payload = intakePayload(op.entityId);
    const auto results = f.push(f.desk, {op});
    CHECK(results.at(0).outcome == sync::OpOutcome::Rejected);
}

TEST_CASE("a submission sent back is resubmitted under its reference and returns to the inbox",
          "[server][portal]") {
    PortalFixture f;
    const std::string code = f.submitted("DVC-RE");
    auto results = f.push(f.desk, {f.decision(code, 1, f.sendBack(code, f.desk))});
    REQUIRE(results.at(0).outcome == sync::OpOutcome::Applied);

    const std::string added = PortalFixture::upload(f.portal, pngBytes("bổ sung"));
    json b = PortalFixture::body("DVC-RE", {added});
    b["documents"][0]["name"] = "Bản sao giấy chứng sinh";
    const Reply r = f.submit(b);
    INFO(r.body);
    CHECK(r.status == 200);
    CHECK(json::parse(r.body)["code"] == code);

    const auto changes = f.submissionChanges(f.desk);
    REQUIRE(changes.size() == 2);
    CHECK(changes[1].entityId == code);
    CHECK(changes[1].version == 3);
    CHECK(changes[1].status == "awaiting_acceptance");
    const json p = json::parse(changes[1].payload);
    CHECK(p["documents"][0]["name"] == "Bản sao giấy chứng sinh");
    CHECK(p["attachments"][0]["sha256"] == added);
    CHECK(p["version"] == 3);
    // A resubmission's deadline runs from now, not from the first submission.
    CHECK(parseIsoDateTime(p["due_at"].get<std::string>()) >
          toLocal(std::chrono::system_clock::now()));
    CHECK(f.desk.send("HEAD", "/api/v1/blobs/" + added).status == 200);
    // Now it is awaiting acceptance again: the same reference is a retry.
    CHECK(f.submit(b).status == 200);
    CHECK(f.submissionChanges(f.desk).size() == 2);
    // A resubmission of another procedure is refused.
    f.push(f.desk, {f.decision(code, 3, f.sendBack(code, f.desk))});
    CHECK(f.submit(PortalFixture::body("DVC-RE", {added}, {{"procedure", "1.000894"}})).status ==
          400);
}

TEST_CASE("decisions on a submission apply once, each with its form, and a second desk conflicts",
          "[server][portal][decisions]") {
    PortalFixture f;
    const std::string code = f.submitted("DVC-D1");
    TestClient other = f.server.client();
    other.login("hoa", kPassword);

    SECTION(
        "a desk cannot edit a submission's applicant, so its notices go where the citizen "
        "said") {
        sync::Op edit = f.decision(
            code, 1,
            {{"applicant", {{"full_name", "Trần Văn Bình"}, {"email", "desk@attacker.test"}}}});
        edit.kind = sync::OpKind::DossierEdit;
        const auto results = f.push(f.desk, {edit});
        REQUIRE(results.at(0).outcome == sync::OpOutcome::Rejected);
        CHECK(results.at(0).error.find("cannot be edited") != std::string::npos);
    }
    SECTION("accept, then the other desk's refusal made on the same version is a conflict") {
        const json accept = f.acceptance(code, f.desk);
        const sync::Op op = f.decision(code, 1, accept);
        auto results = f.push(f.desk, {op});
        REQUIRE(results.at(0).outcome == sync::OpOutcome::Applied);
        CHECK(results.at(0).serverVersion == 2);
        results = f.push(other, {f.decision(code, 1, f.sendBack(code, other, "refuse"), "desk-2")});
        CHECK(results.at(0).outcome == sync::OpOutcome::Conflict);
        CHECK(results.at(0).serverVersion == 2);
        // The same op again is a duplicate, not a second decision.
        CHECK(f.push(f.desk, {op}).at(0).outcome == sync::OpOutcome::Duplicate);
        const auto changes = f.pulled(f.desk);
        const json last = json::parse(changes.back().payload);
        CHECK(last["status"] == "received");
        CHECK(last["form_sha256"] == accept["form_sha256"]);
        CHECK(last["form_file_name"] == "mau-01.pdf");
        CHECK(last["register_book"] == 1);
        CHECK(last["register_seq"] == 7);
        CHECK(f.server.store.notices(false).size() == 1);
    }
    SECTION("a decision whose form is missing, not a PDF, or not the ward's is rejected") {
        json accept = f.acceptance(code, f.desk);
        accept["form_sha256"] = sha256Hex("not uploaded");
        CHECK(f.push(f.desk, {f.decision(code, 1, accept)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        accept["form_sha256"] = PortalFixture::upload(f.desk, pngBytes("not a pdf"));
        CHECK(f.push(f.desk, {f.decision(code, 1, accept)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        TestClient neighbour = f.server.client();
        neighbour.login("lan", kPassword);
        accept["form_sha256"] = PortalFixture::upload(neighbour, pdfWithText("neighbour"));
        CHECK(f.push(f.desk, {f.decision(code, 1, accept)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        accept.erase("form_sha256");
        CHECK(f.push(f.desk, {f.decision(code, 1, accept)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        json refuse = f.sendBack(code, f.desk, "refuse");
        refuse.erase("form_sha256");
        CHECK(f.push(f.desk, {f.decision(code, 1, refuse)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        CHECK(f.server.store.notices(false).empty());
    }
    SECTION("an acceptance before the submission, in the future, or due before it is rejected") {
        json accept = f.acceptance(code, f.desk);
        for (const auto& [key, value] :
             std::vector<std::pair<std::string, std::string>>{{"received_at", localIn(-24 * 60)},
                                                              {"received_at", localIn(60)},
                                                              {"due_at", localIn(-5)}}) {
            json bad = accept;
            bad[key] = value;
            const auto r = f.push(f.desk, {f.decision(code, 1, bad)}).at(0);
            INFO(key << " " << value << ": " << r.error);
            CHECK(r.outcome == sync::OpOutcome::Rejected);
        }
        json noRegister = accept;
        noRegister.erase("register_seq");
        CHECK(f.push(f.desk, {f.decision(code, 1, noRegister)}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        CHECK(f.server.store.notices(false).empty());
    }
    SECTION("a refusal is final") {
        REQUIRE(f.push(f.desk, {f.decision(code, 1, f.sendBack(code, f.desk, "refuse"))})
                    .at(0)
                    .outcome == sync::OpOutcome::Applied);
        CHECK(f.push(f.desk, {f.decision(code, 2, f.acceptance(code, f.desk))}).at(0).outcome ==
              sync::OpOutcome::Rejected);
        CHECK(f.submit(PortalFixture::body("DVC-D1", {})).status == 200);
    }
}

TEST_CASE("the connector reads its submission's status and notices, and their forms",
          "[server][portal][notices]") {
    PortalFixture f;
    const std::string code = f.submitted("DVC-N1");
    const std::string path = "/api/v1/portal/submissions/" + code;
    Reply r = f.portal.get(path);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body) ==
          json{{"code", code}, {"status", "awaiting_acceptance"}, {"notices", json::array()}});

    const json supplement = f.sendBack(code, f.desk);
    REQUIRE(f.push(f.desk, {f.decision(code, 1, supplement)}).at(0).outcome ==
            sync::OpOutcome::Applied);
    r = f.portal.get(path);
    REQUIRE(r.status == 200);
    json status = json::parse(r.body);
    CHECK(status["status"] == "awaiting_resubmission");
    REQUIRE(status["notices"].size() == 1);
    CHECK(status["notices"][0]["kind"] == "supplement_requested");
    CHECK(status["notices"][0]["form_sha256"] == supplement["form_sha256"]);
    // The form of its notice is the connector's to download; the desk's other blobs are not.
    const Reply form =
        f.portal.get("/api/v1/blobs/" + supplement["form_sha256"].get<std::string>());
    CHECK(form.status == 200);
    CHECK(form.body.rfind("%PDF", 0) == 0);
    CHECK(f.portal.send("HEAD", "/api/v1/blobs/" + supplement["form_sha256"].get<std::string>())
              .status == 200);
    const std::string deskOnly = PortalFixture::upload(f.desk, pdfWithText("internal"));
    CHECK(f.portal.get("/api/v1/blobs/" + deskOnly).status == 404);

    // Nobody else learns that the code exists.
    TestClient other = f.server.client();
    PortalFixture::login(other, "congtp");
    CHECK(other.get(path).status == 404);
    CHECK(other.get("/api/v1/blobs/" + supplement["form_sha256"].get<std::string>()).status == 404);
    CHECK(other.get("/api/v1/portal/submissions/" + std::string(kWard) + "-260101-0999").status ==
          404);
    CHECK(other.get("/api/v1/portal/submissions/" + std::string(300, 'x')).status == 404);
    CHECK(f.desk.get(path).status == 403);

    const auto waiting = f.server.store.notices(true);
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].code == code);
    CHECK(waiting[0].email == "binh@example.vn");
    CHECK_FALSE(waiting[0].sent);
}

TEST_CASE("connector accounts have no ward and are refused one", "[server][portal]") {
    PortalFixture f;
    CHECK_THROWS_AS(f.server.store.addUser({"x", "X", "portal", kWard, kPassword}, 1000),
                    server::ServerError);
    CHECK_THROWS_AS(f.server.store.addUser({"y", "Y", "bogus", kWard, kPassword}, 1000),
                    server::ServerError);
    // No ward pulls a connector's account.
    for (const auto& c : f.pulled(f.desk)) CHECK(c.entityId != "congthongtin");
}

TEST_CASE("submissions at once get distinct codes, and one reference racing itself is taken once",
          "[server][portal][concurrency]") {
    PortalFixture f;
    constexpr int kThreads = 4;
    constexpr int kEach = 5;
    std::vector<std::string> files;
    for (int i = 0; i < kThreads * kEach; ++i)
        files.push_back(PortalFixture::upload(f.portal, pdfWithText("scan " + std::to_string(i))));
    std::mutex mutex;
    std::vector<std::string> codes;
    std::vector<int> statuses;
    const auto run = [&](int thread, const std::function<json(int)>& bodyOf) {
        TestClient client = f.server.client();
        client.token = f.portal.token;
        for (int i = 0; i < kEach; ++i) {
            const Reply r =
                client.post("/api/v1/portal/submissions", bodyOf(thread * kEach + i).dump());
            std::lock_guard lock(mutex);
            statuses.push_back(r.status);
            if (r.status == 200 || r.status == 201)
                codes.push_back(json::parse(r.body)["code"].get<std::string>());
        }
    };
    SECTION("distinct references") {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back(run, t, [&](int n) {
                return PortalFixture::body("DVC-C" + std::to_string(n), {files[std::size_t(n)]});
            });
        for (auto& t : threads) t.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 201) == kThreads * kEach);
        std::sort(codes.begin(), codes.end());
        CHECK(std::adjacent_find(codes.begin(), codes.end()) == codes.end());
        CHECK(codes.back().substr(codes.back().size() - 4) == "0020");
        CHECK(f.submissionChanges(f.desk).size() == std::size_t(kThreads * kEach));
    }
    SECTION("the same reference from every thread") {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back(run, t,
                                 [&](int) { return PortalFixture::body("DVC-SAME", {files[0]}); });
        for (auto& t : threads) t.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
        CHECK(std::count(statuses.begin(), statuses.end(), 200) == kThreads * kEach - 1);
        CHECK(
            std::all_of(codes.begin(), codes.end(), [&](const auto& c) { return c == codes[0]; }));
        CHECK(f.submissionChanges(f.desk).size() == 1);
    }
    TestClient::reportContractBreaches();
}

TEST_CASE("the decision deadline is counted on the imported calendar: Tết 2026 and a swap Saturday",
          "[server][portal][calendar]") {
    PortalFixture f;
    f.server.store.importShared("calendar.import", R"({"years": {"2026": {
        "days_off": [{"date": "2026-02-16", "note": "Tết"}, {"date": "2026-02-17", "note": "Tết"},
                     {"date": "2026-02-18", "note": "Tết"}, {"date": "2026-02-19", "note": "Tết"},
                     {"date": "2026-02-20", "note": "Tết"}],
        "work_days": [{"date": "2026-02-28", "note": "Làm bù"}]}}})");
    const auto decideBy = [&](const std::string& ref, const std::string& at) {
        const std::string sha = PortalFixture::upload(f.portal, pdfWithText(ref));
        const Reply r = f.submit(PortalFixture::body(ref, {sha}, {{"submitted_at", at}}));
        INFO(r.body);
        REQUIRE(r.status == 201);
        return json::parse(r.body)["decide_by"].get<std::string>();
    };
    f.server.store.setDecisionAllowance(kWard, "8h");
    // Friday before Tết, an hour before closing: seven office hours are left for after it.
    CHECK(decideBy("DVC-TET", "2026-02-13T16:00:00+07:00") == "2026-02-23T16:30:00+07:00");
    // Submitted at night during Tết: the clock starts when the office opens after it, and a
    // day has seven and a half office hours.
    CHECK(decideBy("DVC-TET-2", "2026-02-18T22:00:00+07:00") == "2026-02-24T08:00:00+07:00");
    f.server.store.setDecisionAllowance(kWard, "1d");
    // The Saturday made a working day counts.
    CHECK(decideBy("DVC-SWAP", "2026-02-27T16:00:00+07:00") == "2026-02-28T16:00:00+07:00");
}

TEST_CASE("a catalog or calendar table the desks and the deadlines could not use is not imported",
          "[server][portal][calendar]") {
    PortalFixture f;
    const auto stats = f.server.store.stats();
    CHECK_THROWS_AS(f.server.store.importShared("calendar.import", R"({"years": {"twenty": {}}})"),
                    server::ServerError);
    CHECK_THROWS_AS(
        f.server.store.importShared(
            "calendar.import", R"({"years": {"2026": {"days_off": [{"date": "2027-01-01"}]}}})"),
        server::ServerError);
    CHECK_THROWS_AS(f.server.store.importShared("catalog.import", R"({"procedures": [{}]})"),
                    server::ServerError);
    CHECK_THROWS_AS(f.server.store.importShared("catalog.import", R"({"procedures": []})"),
                    server::ServerError);
    // The catalog in force is still the fixture's.
    const std::string sha = PortalFixture::upload(f.portal, pdfWithText("x"));
    CHECK(f.submit(PortalFixture::body("DVC-CAL", {sha})).status == 201);
    CHECK(f.server.store.stats().dossiers == stats.dossiers + 1);
}
