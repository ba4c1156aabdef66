// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's tracking page, GET /tra-cuu/CODE?k=KEY, through the real server over loopback:
// what it shows (nothing personal but initials, every value escaped), the one 404 for a wrong
// key and an unknown code, the rate limit, and the electronic results' downloads with what the
// verifier says of their signatures. The results here are written into the server's dossier by
// hand, to show what no approval makes (an unsigned file, a hostile file name);
// test_server_e_results follows a real approval's result to the page.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motcua/core/tracking_key.h"
#include "motcua/signing/verify.h"
#include "server_fixture.h"
#include "server_results.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;
using sync::OpOutcome;

namespace {

const std::string kCode = std::string(kWard) + "-260310-1001";
const std::string kKey = "5f1c0e9a7b3d4c2e8f6a1b0c9d8e7f60";

Date day(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

struct CitizenFixture {
    std::shared_ptr<FixedClock> clock =
        std::make_shared<FixedClock>(LocalDateTime::at(day(2026, 3, 12), 10, 0));
    ServerFixture server{clock};
    TestClient desk = server.client();
    TestClient browser = server.client();  ///< no token, no protocol header: a phone's browser
    int seq = 0;

    CitizenFixture() {
        const json limit{{"unit", "working_days"}, {"value", 3}};
        server.store.importShared(
            "catalog.import",
            json{{"procedures",
                  {{{"code", "1.001193"}, {"name", "Đăng ký khai sinh"}, {"time_limit", limit}}}}}
                .dump());
        desk.login("binh", kPassword);
        browser.protocol = std::nullopt;
    }

    sync::OpResult push(sync::OpKind kind, const std::string& code, std::int64_t base,
                        const json& payload) {
        sync::Op o;
        o.opId = "op-" + std::to_string(++seq);
        o.deviceId = "desk-1";
        o.seq = seq;
        o.kind = kind;
        o.entityId = code;
        o.baseVersion = base;
        o.payload = payload.dump();
        const Reply r = desk.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{o}}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return sync::decodePushResult(r.body).results.at(0);
    }

    /// A desk's intake of Nguyễn Thị Hoa, with all her personal data, and `key`.
    sync::OpResult intake(const std::string& code, const json& key) {
        json patch{{"applicant",
                    {{"full_name", "Nguyễn Thị Hoa"},
                     {"id_number", "001199012345"},
                     {"address", "Số 5 ngõ Trúc Lạc, Ba Đình"},
                     {"phone", "0987654321"},
                     {"email", "hoa.nguyen@example.vn"},
                     {"date_of_birth", "1999-02-03"},
                     {"gender", "nu"}}}};
        if (!key.is_null()) patch["tracking_key"] = key;
        return push(sync::OpKind::DossierIntake, code, 0, json::parse(intakePayload(code, patch)));
    }

    void forward(const std::string& code, std::int64_t base) {
        REQUIRE(push(sync::OpKind::DossierAction, code, base,
                     {{"action", "forward"}, {"to", "in_progress"}})
                    .outcome == OpOutcome::Applied);
    }

    Reply page(const std::string& code, const std::string& key) {
        return browser.get("/tra-cuu/" + code + "?k=" + key);
    }

    /// The server's dossier JSON, as pull serves it.
    json serverDossier(const std::string& code) {
        const Reply r = desk.get("/api/v1/sync/pull?cursor=0");
        REQUIRE(r.status == 200);
        json found;
        for (const auto& c : sync::decodePullResponse(r.body).changes)
            if (c.entityId == code) found = json::parse(c.payload);
        return found;
    }

    void setResults(const std::string& code, const json& results) {
        setServerResults(server.database, code, results);
    }

    std::string upload(const std::string& bytes) {
        const std::string sha = sha256Hex(bytes);
        const Reply r =
            desk.send("PUT", "/api/v1/blobs/" + sha, bytes, {{"Content-Type", "application/pdf"}});
        REQUIRE((r.status == 201 || r.status == 200));
        return sha;
    }
};

void checkPageHeaders(const Reply& r) {
    CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(r.header("Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'");
    CHECK(r.header("X-Content-Type-Options") == "nosniff");
    CHECK(r.header("Referrer-Policy") == "no-referrer");
    CHECK(r.header("Cache-Control") == "no-store");
}

}  // namespace

TEST_CASE(
    "the citizen's page shows the procedure, the status in words, the appointment and the "
    "steps, and of the applicant only the initials",
    "[server][citizen]") {
    CitizenFixture f;
    REQUIRE(f.intake(kCode, kKey).outcome == OpOutcome::Applied);
    f.clock->advance(std::chrono::minutes(30));
    f.forward(kCode, 1);

    const Reply r = f.page(kCode, kKey);
    REQUIRE(r.status == 200);
    checkPageHeaders(r);
    const std::string& html = r.body;
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(html, Catch::Contains("<html lang=\"vi\">"));
    CHECK_THAT(html, Catch::Contains("<meta charset=\"utf-8\">"));
    CHECK_THAT(html, Catch::Contains("name=\"viewport\" content=\"width=device-width"));
    CHECK_THAT(html, Catch::Contains("Đăng ký khai sinh"));
    CHECK_THAT(html, Catch::Contains(kCode));
    CHECK_THAT(html, Catch::Contains("<dd class=\"status\">Đang giải quyết</dd>"));
    // The appointment, and each step at its time: the receipt's, then the forward the server
    // applied at 10:30.
    CHECK_THAT(html, Catch::Contains("Ngày hẹn trả kết quả</dt><dd>13/03/2026 09:00"));
    CHECK_THAT(html, Catch::Contains("10/03/2026 09:00</time>Đã tiếp nhận"));
    CHECK_THAT(html, Catch::Contains("12/03/2026 10:30</time>Đang giải quyết"));
    CHECK_THAT(html, Catch::Contains("<dd>N.T.H.</dd>"));
    for (const char* personal : {"Nguyễn", "Hoa", "001199012345", "0987654321", "hoa.nguyen",
                                 "example.vn", "Trúc Lạc", "1999", "Ba Đình"})
        CHECK_THAT(html, !Catch::Contains(personal));
    CHECK_THAT(html, !Catch::Contains("<script"));
    CHECK_THAT(html, !Catch::Contains("Kết quả điện tử"));  // no result yet
}

TEST_CASE("a wrong key, an unknown code and a dossier without a key get the one same 404 page",
          "[server][citizen]") {
    CitizenFixture f;
    REQUIRE(f.intake(kCode, kKey).outcome == OpOutcome::Applied);
    const Reply unknown = f.page(std::string(kWard) + "-260310-1999", kKey);
    REQUIRE(unknown.status == 404);
    checkPageHeaders(unknown);
    CHECK_THAT(unknown.body, Catch::Contains("Không tìm thấy hồ sơ"));
    CHECK_THAT(unknown.body, Catch::Contains("<html lang=\"vi\">"));
    std::string wrongKey = kKey;
    wrongKey.back() = wrongKey.back() == '0' ? '1' : '0';
    for (const std::string& path :
         {"/tra-cuu/" + kCode + "?k=" + wrongKey, "/tra-cuu/" + kCode,
          "/tra-cuu/" + kCode + "?k=", "/tra-cuu/" + kCode + "?k=" + kKey + "&k=" + kKey,
          "/tra-cuu/" + kCode + "?k=" + std::string(kKey).substr(0, 31),
          "/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=" + kKey,
          "/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=" + wrongKey}) {
        INFO(path);
        const Reply r = f.browser.get(path);
        CHECK(r.status == unknown.status);
        CHECK(r.body == unknown.body);
        CHECK(r.header("Content-Type") == unknown.header("Content-Type"));
    }
    // No code at all is an unknown code too. openapi.yaml does not describe the address (its
    // lint refuses a path that ends in '/'), so this one request is not held to it.
    {
        TestClient bare = f.server.client();
        bare.protocol = std::nullopt;
        bare.holdsToContract = false;
        const Reply r = bare.get("/tra-cuu/?k=" + kKey);
        CHECK(r.status == unknown.status);
        CHECK(r.body == unknown.body);
        CHECK(r.header("Content-Type") == unknown.header("Content-Type"));
    }
    // A dossier the server keeps without a key (taken before the page) is not found by any key.
    const std::string old = std::string(kWard) + "-260310-1002";
    REQUIRE(f.intake(old, nullptr).outcome == OpOutcome::Applied);
    const std::string made = f.serverDossier(old).value("tracking_key", std::string());
    CHECK(isTrackingKey(made));  // a desk's intake without a key gets one from the server
    CHECK(f.page(old, made).status == 200);
    CHECK(f.page(old, kKey).body == unknown.body);
}

TEST_CASE("the server keeps the desk's tracking key and refuses a malformed one",
          "[server][citizen]") {
    CitizenFixture f;
    REQUIRE(f.intake(kCode, kKey).outcome == OpOutcome::Applied);
    CHECK(f.serverDossier(kCode).at("tracking_key") == kKey);
    const auto bad = f.intake(std::string(kWard) + "-260310-1003", "ABCDEF");
    CHECK(bad.outcome == OpOutcome::Rejected);
    CHECK_THAT(bad.error, Catch::Contains("tracking_key"));
}

TEST_CASE("the citizen's page is rate-limited per client address, with Retry-After",
          "[server][citizen]") {
    CitizenFixture f;
    REQUIRE(f.intake(kCode, kKey).outcome == OpOutcome::Applied);
    const server::ServerConfig defaults;
    for (int i = 0; i < defaults.trackingBurst; ++i) {
        INFO(i);
        REQUIRE(f.page(kCode, kKey).status == 200);
    }
    const Reply limited = f.page(kCode, kKey);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") ==
          std::to_string(
              std::chrono::duration_cast<std::chrono::seconds>(defaults.trackingRefill).count()));
    checkPageHeaders(limited);
    CHECK_THAT(limited.body, !Catch::Contains("Đăng ký khai sinh"));
    // The downloads count too, and the desks' API is not limited by it.
    CHECK(f.browser.get("/tra-cuu/" + kCode + "/x?k=" + kKey).status == 429);
    CHECK(f.desk.get("/api/v1/sync/pull?cursor=0").status == 200);
    // One refill later, one more request.
    f.clock->advance(defaults.trackingRefill);
    CHECK(f.page(kCode, kKey).status == 200);
    CHECK(f.page(kCode, kKey).status == 429);
}

TEST_CASE(
    "an electronic result is listed with its signatures' verdict and downloads as the "
    "signed PDF",
    "[server][citizen]") {
    const SigningFixture& pki = SigningFixture::instance();
    CitizenFixture f;
    f.server.store.setTrust({pki.rootPem()}, {});
    REQUIRE(f.intake(kCode, kKey).outcome == OpOutcome::Applied);
    TokenLogin token;
    const std::string signedPdf =
        signing::signPdf(makeClassicPdf(false), *token.signer(kRsaId), signOptions("Kết quả"));
    const std::string unsignedPdf = makeClassicPdf(true);
    const auto reports = signing::verifyPdf(signedPdf, {pki.rootPem()});
    REQUIRE(reports.size() == 1);
    REQUIRE(reports[0].ok());
    const std::string signedSha = f.upload(signedPdf);
    const std::string unsignedSha = f.upload(unsignedPdf);
    f.setResults(kCode, json::array({{{"code", kCode + "-KQ01"},
                                      {"sha256", signedSha},
                                      {"file_name", "<script>alert(1)</script>.pdf"},
                                      {"size", signedPdf.size()},
                                      {"at", "2026-03-12T15:00:00+07:00"}},
                                     {{"code", kCode + "-KQ02"},
                                      {"sha256", unsignedSha},
                                      {"file_name", "ban-sao.pdf"},
                                      {"size", unsignedPdf.size()},
                                      {"at", "2026-03-12T16:00:00+07:00"}}}));

    const Reply r = f.page(kCode, kKey);
    REQUIRE(r.status == 200);
    const std::string& html = r.body;
    CHECK_THAT(html, Catch::Contains("Kết quả điện tử"));
    CHECK_THAT(html, Catch::Contains("href=\"/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=" + kKey +
                                     "\" download>"));
    CHECK_THAT(html, !Catch::Contains("<script>"));
    CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;.pdf"));
    CHECK_THAT(html, Catch::Contains("Chữ ký số: " + reports[0].signer +
                                     " — <span class=\"ok\">hợp lệ</span>"));
    CHECK_THAT(html, Catch::Contains("Tệp không có chữ ký số."));

    const Reply download = f.browser.get("/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=" + kKey);
    REQUIRE(download.status == 200);
    CHECK(download.header("Content-Type") == "application/pdf");
    CHECK(download.header("Content-Disposition") ==
          "attachment; filename=\"" + kCode + "-KQ01.pdf\"");
    CHECK(download.header("Cache-Control") == "no-store");
    CHECK(download.body == signedPdf);

    // Without the CA among the server's trust anchors, the same signature is not valid.
    f.server.store.setTrust({}, {});
    CHECK_THAT(f.page(kCode, kKey).body,
               Catch::Contains(reports[0].signer + " — <span class=\"bad\">không hợp lệ</span>"));
    // A result the dossier does not list, and a listed one with the wrong key, are the 404.
    const Reply unknown = f.page(std::string(kWard) + "-260310-1999", kKey);
    CHECK(f.browser.get("/tra-cuu/" + kCode + "/" + kCode + "-KQ03?k=" + kKey).body ==
          unknown.body);
    CHECK(f.browser
              .get("/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=00000000000000000000000000000000")
              .status == 404);
}

TEST_CASE(
    "an online submission gets a tracking key, returned to the portal and kept through a "
    "retry",
    "[server][citizen]") {
    CitizenFixture f;
    f.server.store.addUser({"congthongtin", "Cổng DVC quốc gia", "portal", "", kPassword}, 1000);
    TestClient portal = f.server.client();
    const Reply login = portal.post("/api/v1/sessions",
                                    sync::encode(sync::LoginRequest{"congthongtin", kPassword}));
    REQUIRE(login.status == 201);
    portal.token = json::parse(login.body)["token"].get<std::string>();
    const std::string pdf = "%PDF-1.4\n% scan\n%%EOF\n";
    REQUIRE(portal
                .send("PUT", "/api/v1/blobs/" + sha256Hex(pdf), pdf,
                      {{"Content-Type", "application/octet-stream"}})
                .status == 201);
    const json body{
        {"portal_ref", "DVC-1"},
        {"ward", kWard},
        {"procedure", "1.001193"},
        {"channel", "online"},
        {"submitted_at", "2026-03-12T08:00:00+07:00"},
        {"applicant", {{"full_name", "Trần Văn Bình"}, {"id_number", "001090001234"}}},
        {"documents",
         {{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1}, {"files", {sha256Hex(pdf)}}}}},
        {"return_channel", "online"}};
    const Reply first = portal.post("/api/v1/portal/submissions", body.dump());
    INFO(first.body);
    REQUIRE(first.status == 201);
    const json receipt = json::parse(first.body);
    const std::string key = receipt.at("tracking_key");
    CHECK(isTrackingKey(key));
    const Reply again = portal.post("/api/v1/portal/submissions", body.dump());
    REQUIRE(again.status == 200);
    CHECK(json::parse(again.body).at("tracking_key") == key);

    const Reply r = f.page(receipt.at("code"), key);
    REQUIRE(r.status == 200);
    CHECK_THAT(r.body, Catch::Contains("<dd class=\"status\">Chờ tiếp nhận</dd>"));
    CHECK_THAT(r.body, Catch::Contains("12/03/2026 08:00</time>Chờ tiếp nhận"));
    CHECK_THAT(r.body, Catch::Contains("<dd>T.V.B.</dd>"));
    CHECK_THAT(r.body, Catch::Contains("Hạn tiếp nhận hồ sơ"));
}
