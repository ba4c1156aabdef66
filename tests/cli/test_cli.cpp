// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The `motcua` command line as scripts and later checks use it: real binary, real files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "signing/pdf_samples.h"
#include "motcua/store/store.h"
#include "motcua/store/ward_lock.h"

using namespace motcua::test;
using nlohmann::json;

namespace {

const std::string kQr =
    "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 Phố X, Phường Y, Thành phố Hà "
    "Nội|15042021";

void initWard(const TempDir& dir) {
    const auto r = runCli(dir, {"init", "--unit-code", "000.00.15.H30", "--unit-name",
                                "UBND phường Bồ Đề", "--desk", "3", "--officer", "Trần Thị Bình"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

std::string intake(const TempDir& dir, std::vector<std::string> extra) {
    std::vector<std::string> args{"intake"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = runCli(dir, args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out.substr(0, r.out.find('\n'));
}

}  // namespace

TEST_CASE("motcua --version and usage errors", "[cli]") {
    TempDir dir;
    const auto v = runCli(dir, {"--version"});
    CHECK(v.exitCode == 0);
    CHECK_THAT(v.out, Catch::StartsWith("motcua "));
    CHECK(runCli(dir, {}).exitCode == 1);
    CHECK(runCli(dir, {"frobnicate"}).exitCode == 1);
    CHECK(runCli(dir, {"list", "--bogus"}).exitCode == 1);
    CHECK(runCli(dir, {"intake", "--procedure"}).exitCode == 1);
    // No database yet: a clear message, not a crash and not an empty file.
    const auto noDb = runCli(dir, {"list"});
    CHECK(noDb.exitCode == 5);
    CHECK_THAT(noDb.err, Catch::Contains("motcua init"));
}

TEST_CASE("init, intake from a QR scan, list, show, act and audit from the command line", "[cli]") {
    TempDir dir;
    initWard(dir);
    CHECK(runCli(dir, {"init", "--unit-code", "H30", "--unit-name", "X", "--desk", "1"}).exitCode ==
          4);

    const auto j = runCli(
        dir, {"intake", "--procedure", "2.000815", "--qr", kQr + "\r\n", "--pages", "3", "--json"});
    INFO(j.err);
    REQUIRE(j.exitCode == 0);
    const json created = json::parse(j.out);
    const std::string code = created.at("code");
    CHECK_THAT(code, Catch::Matches(R"(000\.00\.15\.H30-\d{6}-3001)"));
    CHECK(created.at("id") == 1);
    CHECK_THAT(created.at("due_at").get<std::string>(), Catch::EndsWith("+07:00"));
    CHECK(created.at("fee_vnd") == 5000);

    const auto typed = intake(dir, {"--procedure", "1.004873", "--id", "001199012345", "--name",
                                    "Lê Thị Hoa", "--dob", "1999-05-05", "--gender", "nu",
                                    "--address", "Hà Nội", "--received", "2026-02-13T10:00"});
    CHECK(typed == "000.00.15.H30-260213-3001");

    for (const char* query : {"nguyen van duc", "Nguyễn Văn Đức", "NGUYEN VAN DUC"}) {
        const auto l = runCli(dir, {"list", "--search", query, "--json"});
        REQUIRE(l.exitCode == 0);
        const json list = json::parse(l.out);
        REQUIRE(list.size() == 1);
        CHECK(list[0].at("code") == code);
        CHECK(list[0].at("applicant_name") == "NGUYỄN VĂN ĐỨC");
        for (const char* field : {"id", "status", "procedure", "received_at", "due_at"})
            CHECK(list[0].contains(field));
    }

    // Not allowed in this state: exit 4, nothing changes.
    const auto before = json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending").get<int>();
    CHECK(before == 2);
    CHECK(runCli(dir, {"act", code, "approve"}).exitCode == 4);
    CHECK(runCli(dir, {"act", code, "reject"}).exitCode == 2);  // reason required
    CHECK(runCli(dir, {"act", code, "launch"}).exitCode == 1);
    CHECK(runCli(dir, {"act", "000.00.15.H30-260101-9999", "forward"}).exitCode == 3);
    CHECK(json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending") == before);

    CHECK(runCli(dir, {"act", code, "forward"}).exitCode == 0);
    CHECK(runCli(dir,
                 {"act", code, "postpone", "--reason", "Cần xác minh", "--due", "2030-01-02T10:00"})
              .exitCode == 0);
    const auto s = runCli(dir, {"show", code, "--json"});
    REQUIRE(s.exitCode == 0);
    const json shown = json::parse(s.out);
    CHECK(shown.at("status") == "in_progress");
    CHECK(shown.at("due_at") == "2030-01-02T10:00:00+07:00");
    REQUIRE(shown.at("history").size() == 3);
    CHECK(shown.at("history")[2].at("reason") == "Cần xác minh");
    CHECK(shown.at("applicant").at("date_of_birth") == "1999-01-01");

    const auto outbox = json::parse(runCli(dir, {"outbox", "--json"}).out);
    CHECK(outbox.at("pending") == 4);
    CHECK(outbox.at("ops").size() == 4);
    CHECK(outbox.at("ops")[0].at("kind") == "dossier.intake");

    const auto edit =
        runCli(dir, {"edit", code, "--name", "Nguyễn Văn Đức", "--phone", "0912345678", "--json"});
    REQUIRE(edit.exitCode == 0);
    CHECK(json::parse(edit.out).at("applicant").at("phone") == "0912345678");
    CHECK(json::parse(runCli(dir, {"list", "--search", "Nguyễn Văn Đức", "--json"}).out)[0].at(
              "applicant_name") == "Nguyễn Văn Đức");
    CHECK(runCli(dir, {"edit", code, "--id", "0010990"}).exitCode == 2);

    CHECK(runCli(dir, {"audit", "verify"}).exitCode == 0);
    CHECK(runCli(dir, {"show", "000.00.15.H30-260101-9999"}).exitCode == 3);
}

TEST_CASE("bad applicant input gets exit 2 and a message naming the problem", "[cli]") {
    TempDir dir;
    initWard(dir);
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const std::vector<Case> cases{
        {{"--qr", "001099012345|123456789|NGUYỄN VĂN A|01011999|Nam"}, "QrFieldCount"},
        {{"--qr", "001099012345||NGUYỄN VĂN A|31021999|Nam|Hà Nội|15042021"}, "QrBadBirthDate"},
        {{"--id", "00109901234", "--name", "A", "--dob", "1999-01-01", "--gender", "nam",
          "--address", "x"},
         "CccdWrongLength"},
        {{"--id", "999099012345", "--name", "A", "--dob", "1999-01-01", "--gender", "nam",
          "--address", "x"},
         "CccdUnknownProvince"},
        {{"--id", "001099012345", "--name", "A", "--dob", "1998-01-01", "--gender", "nam",
          "--address", "x"},
         "CccdBirthYearMismatch"},
        {{"--id", "001099012345", "--name", "A", "--dob", "1999-02-30", "--gender", "nam",
          "--address", "x"},
         "InvalidDate"},
        {{"--id", "001099012345", "--name", "A", "--dob", "1999-01-01", "--gender", "x",
          "--address", "x"},
         "InvalidArgument"},
        // Past core's limits: names and addresses of 100 KB each, as once blocked a desk's outbox.
        {{"--id", "001099012345", "--name", std::string(100 * 1024, 'A'), "--dob", "1999-01-01",
          "--gender", "nam", "--address", std::string(100 * 1024, 'B')},
         "FieldTooLong"},
        {{"--id", "001099012345", "--name", "Nguyễn \u202EVăn", "--dob", "1999-01-01", "--gender",
          "nam", "--address", "x"},
         "ControlCharacter"},
        {{"--id", "001099012345", "--name", "Nguyễn \x1b[2JVăn", "--dob", "1999-01-01", "--gender",
          "nam", "--address", "x"},
         "ControlCharacter"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"--json", "intake", "--procedure", "2.000815"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto r = runCli(dir, args);
        INFO(c.mentions << ": " << r.err);
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.out, Catch::Contains(c.mentions));
    }
    CHECK(runCli(dir, {"intake", "--procedure", "9.999999", "--qr", kQr}).exitCode == 3);
    CHECK(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--received",
                       "2026-13-01T10:00"})
              .exitCode == 2);
    CHECK(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--id", "001099012345"})
              .exitCode == 1);
    CHECK(json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending") == 0);
}

TEST_CASE("the CLI never prints raw control characters, whatever it is given", "[cli]") {
    TempDir dir;
    initWard(dir);
    // An argument echoed in a usage error, with an escape sequence and a bidirectional override.
    const auto r = runCli(dir, {"\x1b[2J\x1b]0;pwned\x07\u202Eevil\u009b31m"});
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Catch::Contains("unknown command"));
    for (const std::string& raw :
         {std::string("\x1b"), std::string("\x07"), std::string("\u202E"), std::string("\u009b")}) {
        CHECK(r.err.find(raw) == std::string::npos);
        CHECK(r.out.find(raw) == std::string::npos);
    }
    CHECK_THAT(r.err, Catch::Contains("\uFFFD[2J"));
    CHECK_THAT(r.err, Catch::Contains("\uFFFDevil\uFFFD31m"));
}

TEST_CASE("due-date, catalog and demo commands", "[cli]") {
    TempDir dir;
    initWard(dir);
    const auto due =
        runCli(dir, {"due-date", "--procedure", "2.000815", "--received", "2026-02-13T16:00"});
    CHECK(due.exitCode == 0);
    CHECK(due.out == "2026-02-23T17:00:00+07:00\n");  // after the cut-off, across Tết 2026
    CHECK(runCli(dir, {"due-date", "--procedure", "1.004873", "--received", "2026-02-13T10:00"})
              .out == "2026-02-25T10:00:00+07:00\n");
    CHECK(runCli(dir, {"due-date", "--procedure", "0.000000", "--received", "2026-02-13T10:00"})
              .exitCode == 3);

    const auto cat = runCli(dir, {"catalog", "list", "--search", "chung thuc", "--json"});
    REQUIRE(cat.exitCode == 0);
    const json list = json::parse(cat.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0].at("code") == "2.000815");
    CHECK(list[0].at("fee").at("max_per_copy") == 200000);

    const auto bad = dir.write("bad.json", R"({"procedures":[{"code":"x"}]})");
    CHECK(runCli(dir, {"catalog", "import", bad}).exitCode == 2);
    const auto good =
        dir.write("good.json", R"({"procedures":[{"code":"1.000001","name":"Thủ tục thử",
        "time_limit":{"unit":"working_hours","value":4}}]})");
    CHECK(runCli(dir, {"catalog", "import", good}).exitCode == 0);
    CHECK(runCli(dir, {"catalog", "list", "--search", "thu tuc thu"}).out ==
          "1.000001  Thủ tục thử\n");

    const auto demo = runCli(dir, {"demo", "--dossiers", "500", "--json"});
    REQUIRE(demo.exitCode == 0);
    CHECK(json::parse(demo.out).at("dossiers") == 500);
    CHECK(json::parse(runCli(dir, {"list", "--limit", "1000", "--json"}).out).size() == 500);
    CHECK(runCli(dir, {"audit", "verify"}).exitCode == 0);
}

TEST_CASE("a tampered audit log makes audit verify exit 2 naming the entry", "[cli]") {
    TempDir dir;
    initWard(dir);
    intake(dir, {"--procedure", "2.000815", "--qr", kQr});
    intake(dir, {"--procedure", "2.000815", "--qr", kQr});
    const std::string sql = "UPDATE audit SET actor = 'kẻ gian' WHERE seq = 2;";
    const std::string cmd = "sqlite3 '" + dir.file("ward.db") + "' \"" + sql + "\"";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const auto r = runCli(dir, {"audit", "verify"});
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("entry 2"));
}

TEST_CASE("motcua account add takes the password from the environment or stdin, never argv",
          "[cli]") {
    TempDir dir;
    initWard(dir);
    ::setenv("MOTCUA_TEST_PASSWORD", "mật khẩu 1", 1);
    CHECK(runCli(dir, {"account", "add", "--name", "Lê Văn Tâm", "--password-env",
                       "MOTCUA_TEST_PASSWORD"})
              .exitCode == 0);
    ::unsetenv("MOTCUA_TEST_PASSWORD");
    CHECK(runCli(dir, {"account", "add", "--name", "Lê Văn Tâm", "--password-env",
                       "MOTCUA_TEST_PASSWORD"})
              .exitCode == 1);
    CHECK(runCli(dir, {"account", "add", "--name", "Ai đó"}).exitCode == 1);
    CHECK(runCli(dir, {"account", "add", "--name", "Ai đó", "--password", "x"}).exitCode == 1);
    CHECK(json::parse(runCli(dir, {"account", "list", "--json"}).out) ==
          json::array({"Lê Văn Tâm"}));
}

TEST_CASE("motcua settings stores where the desk syncs, as the settings dialog does", "[cli]") {
    TempDir dir;
    initWard(dir);
    const auto none = runCli(dir, {"settings"});
    CHECK(none.exitCode == 0);
    CHECK_THAT(none.out, Catch::Contains("server: (none)"));

    // Bad input changes nothing: plain http, a CA bundle that is not there.
    const auto http = runCli(dir, {"settings", "--server", "http://127.0.0.1:8443"});
    CHECK(http.exitCode == 2);
    CHECK_THAT(http.err, Catch::Contains("https://"));
    CHECK(runCli(dir, {"settings", "--server", "https://127.0.0.1:8443", "--ca",
                       dir.file("missing.pem")})
              .exitCode == 2);
    CHECK(json::parse(runCli(dir, {"settings", "--json"}).out)["server_url"] == "");

    // A relative CA path is kept absolute, for a desk started from another folder.
    const std::string ca = dir.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    const std::string relative = std::filesystem::relative(ca).string();
    REQUIRE(relative.front() != '/');
    const auto set =
        runCli(dir, {"settings", "--server", "https://127.0.0.1:8443", "--ca", relative});
    INFO(set.err);
    CHECK(set.exitCode == 0);
    // Changing one keeps the others.
    CHECK(runCli(dir, {"settings", "--tsa", "http://127.0.0.1:8080/tsa"}).exitCode == 0);
    const motcua::SystemClock clock;
    {
        auto store = motcua::store::Store::open(dir.file("ward.db"), false, clock);
        const auto config = store.settings().deskConfig();
        CHECK(config.serverUrl == "https://127.0.0.1:8443");
        CHECK(std::filesystem::equivalent(config.caFile, ca));
        CHECK(config.caFile.front() == '/');
        CHECK(config.tsaUrl == "http://127.0.0.1:8080/tsa");
    }
    CHECK(runCli(dir, {"settings", "--server", ""}).exitCode == 0);
    CHECK(json::parse(runCli(dir, {"settings", "--json"}).out)["server_url"] == "");
    CHECK(runCli(dir, {"audit", "verify"}).exitCode == 0);
}

TEST_CASE("a ward a desk has open is refused to motcua commands, exit 5 naming the desk",
          "[cli][lock]") {
    TempDir dir;
    initWard(dir);
    {
        const auto desk = motcua::store::WardLock::acquire(
            dir.file("ward.db"), motcua::store::WardLock::Mode::Exclusive, "motcua-desk, pid 4242");
        const auto r = runCli(dir, {"--json", "list"});
        CHECK(r.exitCode == 5);
        CHECK_THAT(r.err, Catch::Contains("motcua-desk, pid 4242"));
        CHECK(json::parse(r.out)["error"]["code"] == "Locked");
        CHECK(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr}).exitCode == 5);
    }
    // The desk gone, the same commands work, and nothing was written meanwhile.
    CHECK(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr}).exitCode == 0);
    CHECK(json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending") == 1);
}

TEST_CASE("motcua act approve needs a signed result: an unsigned draft is refused, nothing changes",
          "[cli]") {
    TempDir dir;
    initWard(dir);
    const std::string code = intake(dir, {"--procedure", "1.004873", "--qr", kQr});
    const std::string draft = dir.write("draft.pdf", makeClassicPdf(false));
    REQUIRE(runCli(dir, {"act", code, "forward"}).exitCode == 0);
    REQUIRE(runCli(dir, {"act", code, "submit-for-approval", "--result", draft}).exitCode == 0);
    const auto pending = json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending");
    const auto unsignedDraft = runCli(dir, {"act", code, "approve", "--result", draft});
    CHECK(unsignedDraft.exitCode == 2);
    CHECK_THAT(unsignedDraft.err, Catch::Contains("no valid signature"));
    CHECK(runCli(dir, {"act", code, "approve"}).exitCode == 2);  // no result at all
    CHECK(json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending") == pending);
    CHECK_THAT(runCli(dir, {"show", code}).out, Catch::Contains("awaiting_approval"));
}

TEST_CASE(
    "intake --document-file gives a document its file, and show --json tells what is digitised",
    "[cli][documents]") {
    TempDir dir;
    initWard(dir);
    const std::string form = dir.write("to-khai.pdf", "%PDF-1.4 to khai");
    const std::string photo = dir.write("anh.jpg", "anh");
    const std::string code = intake(dir, {"--procedure", "2.000815", "--qr", kQr, "--document-file",
                                          "1=" + form, "--attach", photo});
    const json shown = json::parse(runCli(dir, {"show", code, "--json"}).out);
    const json& documents = shown.at("documents");
    REQUIRE(documents.size() >= 2);
    CHECK(documents[0].at("digitised") == true);
    CHECK(documents[0].at("files").size() == 1);
    CHECK(documents.back().at("name") == "Giấy tờ khác");
    CHECK(documents.back().at("digitised") == true);
    CHECK(shown.at("digitised") == (documents.size() == 2));
    CHECK(shown.at("attachments").size() == 2);

    for (const std::string& bad :
         std::vector<std::string>{"0=" + form, "x=" + form, "1=", form, "=" + form}) {
        const auto r =
            runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--document-file", bad});
        INFO(bad << ": " << r.err);
        CHECK(r.exitCode == 1);  // a usage error
    }
    const auto outOfRange = runCli(
        dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--document-file", "99=" + form});
    CHECK(outOfRange.exitCode == 2);
    CHECK_THAT(outOfRange.err, Catch::Contains("document 99"));
    CHECK(json::parse(runCli(dir, {"outbox", "--json"}).out).at("pending") == 1);
}
