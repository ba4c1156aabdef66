// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's tracking page in a real browser: Debian's Chromium, headless, against the built
// motcua-server over loopback TLS. Chromium trusts the test CA through its own throwaway NSS
// database (never --ignore-certificate-errors). The page before and after the dossier's result,
// a wrong key and an unknown code alike, the result downloaded through the page's route and
// checked by `motcua verify`, and a screenshot at 360x740 in build/screenshots.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "motcua/signing/certificate.h"
#include "server_fixture.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;
using sync::OpOutcome;

namespace {

const std::string kServer = MOTCUA_SERVER_PATH;
const std::string kCli = MOTCUA_CLI_PATH;
const std::string kCode = std::string(kWard) + "-260310-1001";
const std::string kKey = "9d2f41c07ab35e68f0c1d2e3a4b5c6d7";

/// Chromium with a home of its own whose NSS database trusts `caFile` for servers.
class HeadlessChromium {
public:
    HeadlessChromium(const TempDir& dir, const std::string& caFile) : m_home(dir.file("home")) {
        std::filesystem::create_directories(m_home + "/.pki/nssdb");
        const std::string db = "sql:" + shellQuote(m_home + "/.pki/nssdb");
        const auto made =
            runTool("certutil -N -d " + db + " --empty-password && certutil -A -d " + db +
                    " -n motcua-test-ca -t C,, -i " + shellQuote(caFile) + " && echo ok");
        if (made.out.find("ok") == std::string::npos)
            throw std::runtime_error("certutil could not make Chromium's NSS database");
        if (runTool("command -v chromium").exitCode != 0)
            throw std::runtime_error("chromium is missing (scripts/install-deps.sh installs it)");
    }

    /// The DOM Chromium rendered for `url`.
    std::string dumpDom(const std::string& url) const {
        return run("--dump-dom " + shellQuote(url));
    }

    /// A screenshot of `url` at 360x740 into `png`.
    void screenshot(const std::string& url, const std::string& png) const {
        run("--window-size=360,740 --screenshot=" + shellQuote(png) + " " + shellQuote(url));
    }

private:
    std::string run(const std::string& args) const {
        const auto r = runTool("HOME=" + shellQuote(m_home) +
                               " timeout 60 chromium --headless --no-sandbox --disable-gpu "
                               "--no-first-run --user-data-dir=" +
                               shellQuote(m_home + "/profile") + " " + args);
        if (r.exitCode != 0)
            throw std::runtime_error("chromium failed (" + std::to_string(r.exitCode) +
                                     "): " + r.out);
        return r.out;
    }
    std::string m_home;
};

/// `motcua-server ARGS`, its standard input from `input` (a command and a pipe, or "").
std::string serverTool(const std::string& input, const std::string& args) {
    const auto r = runTool(input + shellQuote(kServer) + " " + args + " 2>&1");
    INFO(r.out);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

}  // namespace

TEST_CASE(
    "the citizen's page in headless Chromium: before and after the result, the same for a "
    "wrong key and an unknown code, the download verifying with motcua verify",
    "[server][citizen][browser]") {
    const SigningFixture& signingPki = SigningFixture::instance();
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = shellQuote(database.target);
    const std::string password = "printf '%s\\n' " + shellQuote(kPassword) + " | ";
    serverTool(password, "user add --db " + db +
                             " --username binh --full-name 'Trần Thị Bình' --role officer --ward " +
                             kWard + " --password-stdin");
    serverTool(password,
               "user add --db " + db +
                   " --username hoa --full-name 'Phạm Thị Hoa' --role supervisor --ward " + kWard +
                   " --cert " + shellQuote(signingPki.file("rsa.pem")) + " --password-stdin");
    const json limit{{"unit", "working_days"}, {"value", 3}};
    const std::string catalog = dir.write(
        "catalog.json",
        json{{"procedures",
              {{{"code", "1.001193"}, {"name", "Đăng ký khai sinh"}, {"time_limit", limit}}}}}
            .dump());
    serverTool("", "catalog import --db " + db + " " + shellQuote(catalog));

    std::vector<std::string> args{kServer};
    for (const auto& a : database.serverArgs()) args.push_back(a);
    for (const std::string& a :
         {std::string("--listen"), std::string("127.0.0.1:0"), std::string("--tls-cert"),
          pki.serverCert, std::string("--tls-key"), pki.serverKey, std::string("--trust"),
          signingPki.rootPem()})
        args.push_back(a);
    Child server(args, dir.file("server.log"));
    const std::string line = server.readLine(std::chrono::seconds(20));
    INFO(readFileForTest(dir.file("server.log")));
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    const int port = std::stoi(line.substr(line.rfind(':') + 1));
    const std::string origin = "https://127.0.0.1:" + std::to_string(port);

    // The desk takes the dossier and forwards it, then submits a draft for approval.
    TestClient desk(static_cast<std::uint16_t>(port), pki.caCert);
    desk.login("binh", kPassword);
    int seq = 0;
    const auto push = [&](sync::OpKind kind, std::int64_t base, const json& payload,
                          const std::string& author = "") {
        sync::Op o;
        o.opId = "op-" + std::to_string(++seq);
        o.deviceId = "desk-1";
        o.seq = seq;
        o.kind = kind;
        o.entityId = kCode;
        o.baseVersion = base;
        o.payload = payload.dump();
        o.author = author;
        const Reply r = desk.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{o}}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        const auto result = sync::decodePushResult(r.body).results.at(0);
        INFO(result.error);
        REQUIRE(result.outcome == OpOutcome::Applied);
    };
    const auto upload = [&](const std::string& bytes) {
        const std::string sha = sha256Hex(bytes);
        const Reply r =
            desk.send("PUT", "/api/v1/blobs/" + sha, bytes, {{"Content-Type", "application/pdf"}});
        REQUIRE((r.status == 201 || r.status == 200));
        return sha;
    };
    json patch{{"tracking_key", kKey},
               {"applicant",
                {{"full_name", "Nguyễn Thị Hoa"},
                 {"id_number", "001199012345"},
                 {"address", "Số 5 ngõ Trúc Lạc"},
                 {"phone", "0987654321"},
                 {"email", "hoa.nguyen@example.vn"}}}};
    push(sync::OpKind::DossierIntake, 0, json::parse(intakePayload(kCode, patch)));
    push(sync::OpKind::DossierAction, 1, {{"action", "forward"}, {"to", "in_progress"}});
    const std::string draft = makeClassicPdf(false);
    const std::string draftSha = upload(draft);
    push(sync::OpKind::DossierAction, 2,
         {{"action", "submit-for-approval"},
          {"to", "awaiting_approval"},
          {"draft_sha256", draftSha},
          {"draft_file_name", "ket-qua.pdf"}});

    HeadlessChromium chromium(dir, pki.caCert);
    const std::string page = origin + "/tra-cuu/" + kCode + "?k=" + kKey;
    const std::string before = chromium.dumpDom(page);
    INFO(before);
    CHECK_THAT(before, Catch::Contains("lang=\"vi\""));
    CHECK_THAT(before, Catch::Contains("Đăng ký khai sinh"));
    CHECK_THAT(before, Catch::Contains("<dd class=\"status\">Chờ phê duyệt</dd>"));
    CHECK_THAT(before, Catch::Contains("</time>Đã tiếp nhận</li>"));
    CHECK_THAT(before, Catch::Contains("</time>Đang giải quyết</li>"));
    CHECK_THAT(before, Catch::Contains("</time>Chờ phê duyệt</li>"));
    CHECK_THAT(before, Catch::Contains("N.T.H."));
    CHECK_THAT(before, !Catch::Contains("Kết quả điện tử"));
    for (const char* personal : {"Nguyễn", "001199012345", "0987654321", "hoa.nguyen", "Trúc"})
        CHECK_THAT(before, !Catch::Contains(personal));

    // A wrong key and an unknown code: the one same page.
    std::string wrongKey = kKey;
    wrongKey[0] = wrongKey[0] == '0' ? '1' : '0';
    const std::string wrong = chromium.dumpDom(origin + "/tra-cuu/" + kCode + "?k=" + wrongKey);
    const std::string unknown =
        chromium.dumpDom(origin + "/tra-cuu/" + std::string(kWard) + "-260310-1999?k=" + kKey);
    CHECK_THAT(wrong, Catch::Contains("Không tìm thấy hồ sơ"));
    CHECK(wrong == unknown);

    // The supervisor approves with her signed result, which the server numbers -KQ01.
    TokenLogin token;
    const std::string result =
        signing::signPdf(draft, *token.signer(kRsaId), signOptions("Phê duyệt kết quả"));
    const std::string resultSha = upload(result);
    push(sync::OpKind::DossierAction, 3,
         {{"action", "approve"},
          {"from", "awaiting_approval"},
          {"to", "approved"},
          {"due_at", "2026-03-20T17:00:00+07:00"},
          {"result_sha256", resultSha}},
         "hoa");
    const std::string after = chromium.dumpDom(page);
    INFO(after);
    CHECK_THAT(after, Catch::Contains("<dd class=\"status\">Đã phê duyệt</dd>"));
    CHECK_THAT(after, Catch::Contains("</time>Đã phê duyệt</li>"));
    CHECK_THAT(after, Catch::Contains("Kết quả điện tử"));
    CHECK_THAT(after, Catch::Contains(kCode + "-KQ01"));
    CHECK_THAT(after, Catch::Contains("<span class=\"ok\">hợp lệ</span>"));

    const std::string shots = MOTCUA_SCREENSHOT_DIR;
    std::filesystem::create_directories(shots);
    const std::string png = shots + "/citizen-page-360x740.png";
    std::filesystem::remove(png);
    chromium.screenshot(page, png);
    CHECK(std::filesystem::file_size(png) > 1000);

    // The download through the page's route, as the link gives it, verifies with `motcua verify`.
    TestClient phone(static_cast<std::uint16_t>(port), pki.caCert);
    phone.protocol = std::nullopt;
    const Reply download = phone.get("/tra-cuu/" + kCode + "/" + kCode + "-KQ01?k=" + kKey);
    REQUIRE(download.status == 200);
    CHECK(download.header("Content-Disposition") ==
          "attachment; filename=\"" + kCode + "-KQ01.pdf\"");
    const std::string file = dir.write("downloaded.pdf", download.body);
    const auto verified = runTool(shellQuote(kCli) + " verify " + shellQuote(file) + " --trust " +
                                  shellQuote(signingPki.rootPem()) + " 2>&1");
    INFO(verified.out);
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out, Catch::Contains("signature 1: VALID"));
    CHECK(server.stop(SIGTERM, std::chrono::seconds(20)) == 0);
}
