// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua` on bad ground: bytes that are not UTF-8, files that are not a ward database, a damaged
// database, a sync error where no command expects one, and --help after every command.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "cli_runner.h"

using namespace motcua::test;
using nlohmann::json;

namespace {

void initWard(const TempDir& dir) {
    const auto r = runCli(dir, {"init", "--unit-code", "000.00.15.H30", "--unit-name",
                                "UBND phường Bồ Đề", "--desk", "3"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

/// Runs the sqlite3 shell on the ward and returns its output.
std::string sqlite(const TempDir& dir, const std::string& sql) {
    const std::string out = dir.file(".sqlite-out");
    const std::string cmd = "sqlite3 '" + dir.file("ward.db") + "' \"" + sql + "\" > '" + out + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    return readFileForTest(out);
}

}  // namespace

TEST_CASE("motcua --json reports an error naming bytes that are not UTF-8 instead of aborting",
          "[cli][json]") {
    TempDir dir;
    const std::string badPath = dir.file("ph\xff\xfeng.db");
    const auto r = runCli(dir, {"--json", "--db", badPath, "list"});
    CHECK(r.exitCode == 5);
    const json error = json::parse(r.out);
    CHECK(error["error"]["code"] == "NotInitialized");
    CHECK_THAT(error["error"]["message"].get<std::string>(),
               Catch::Contains("ph\xef\xbf\xbd\xef\xbf\xbdng.db"));

    const auto usage = runCli(dir, {"--json", "show", "--\xff"});
    CHECK(usage.exitCode == 1);
    CHECK(json::parse(usage.out)["error"]["code"] == "Usage");
}

TEST_CASE("every command listed by motcua --help answers --help with its own usage",
          "[cli][help]") {
    TempDir dir;
    const auto help = runCli(dir, {"--help"});
    REQUIRE(help.exitCode == 0);
    CHECK_THAT(help.out, Catch::Contains("exit codes:") && Catch::Contains("  6    ") &&
                             Catch::Contains("  5    "));
    std::set<std::string> commands;
    std::istringstream lines(help.out);
    const std::regex listed("^  ([a-z][a-z-]*)( .*)?$");
    for (std::string line; std::getline(lines, line);)
        if (std::smatch m; std::regex_match(line, m, listed)) commands.insert(m[1]);
    CHECK(commands.size() == 23);
    for (const auto& command : commands) {
        INFO(command);
        const auto r = runCli(dir, {command, "--help"});
        CHECK(r.exitCode == 0);
        CHECK_THAT(r.out, Catch::StartsWith("usage: motcua [--db PATH] [--json] " + command + " "));
        CHECK(r.err.empty());
        CHECK(runCli(dir, {"help", command}).out == r.out);
    }
    CHECK_FALSE(std::filesystem::exists(dir.file("ward.db")));  // --help opens nothing
    // After other arguments too, and with the subcommand's own words.
    CHECK(runCli(dir, {"catalog", "list", "--help"}).exitCode == 0);
    CHECK(runCli(dir, {"act", "CODE", "forward", "--help"}).exitCode == 0);
    CHECK(runCli(dir, {"help", "frobnicate"}).exitCode == 1);
}

TEST_CASE("a read command on an empty file says it is not a ward database and leaves it empty",
          "[cli][open]") {
    TempDir dir;
    dir.write("ward.db", "");
    for (const std::vector<std::string>& args : {std::vector<std::string>{"list"},
                                                 {"show", "X"},
                                                 {"outbox"},
                                                 {"audit", "verify"},
                                                 {"sync", "status"},
                                                 {"account", "list"}}) {
        INFO(args.front());
        const auto r = runCli(dir, args);
        CHECK(r.exitCode == 5);
        CHECK_THAT(r.err, Catch::Contains("not a ward database") && Catch::Contains("motcua init"));
        CHECK(std::filesystem::file_size(dir.file("ward.db")) == 0);
    }
    // init makes it one.
    initWard(dir);
    CHECK(runCli(dir, {"list"}).exitCode == 0);
}

TEST_CASE("audit verify runs SQLite's integrity check and fails on a damaged database",
          "[cli][integrity]") {
    TempDir dir;
    initWard(dir);
    for (int i = 0; i < 3; ++i)
        REQUIRE(runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001099012345", "--name",
                             "Nguyễn Văn Đức", "--dob", "1999-01-01", "--gender", "nam",
                             "--address", "Hà Nội"})
                    .exitCode == 0);
    REQUIRE(runCli(dir, {"audit", "verify"}).exitCode == 0);
    const auto root = std::stoll(
        sqlite(dir, "SELECT rootpage FROM sqlite_master WHERE name = 'dossiers_by_received'"));
    const auto pageSize = std::stoll(sqlite(dir, "PRAGMA page_size"));
    REQUIRE_FALSE(std::filesystem::exists(dir.file("ward.db-wal")));
    {
        // The index's root becomes an empty leaf: well formed, every entry lost.
        std::fstream file(dir.file("ward.db"), std::ios::in | std::ios::out | std::ios::binary);
        std::string page(static_cast<std::size_t>(pageSize), '\0');
        page[0] = 0x0a;
        page[5] = static_cast<char>((pageSize >> 8) & 0xff);
        page[6] = static_cast<char>(pageSize & 0xff);
        file.seekp((root - 1) * pageSize);
        file.write(page.data(), static_cast<std::streamsize>(page.size()));
    }
    const auto r = runCli(dir, {"audit", "verify"});
    CHECK(r.exitCode == 5);
    CHECK_THAT(r.err, Catch::Contains("damaged") && Catch::Contains("dossiers_by_received"));
    const auto j = runCli(dir, {"--json", "audit", "verify"});
    CHECK(j.exitCode == 5);
    const json report = json::parse(j.out);
    CHECK(report["ok"] == false);
    CHECK_FALSE(report["integrity"].empty());
}

TEST_CASE("a sync error no command catches exits 6, not 5", "[cli][sync]") {
    TempDir dir;
    initWard(dir);
    ::setenv("MOTCUA_TEST_SYNC_PASSWORD", "mật khẩu 1", 1);
    // The CA bundle cannot be loaded: the transport fails before any pass begins.
    const auto r = runCli(dir, {"--json", "sync", "--server", "https://127.0.0.1:1", "--ca",
                                dir.file("missing-ca.pem"), "--user", "binh", "--password-env",
                                "MOTCUA_TEST_SYNC_PASSWORD", "--once"});
    ::unsetenv("MOTCUA_TEST_SYNC_PASSWORD");
    CHECK(r.exitCode == 6);
    CHECK_THAT(r.err, Catch::Contains("missing-ca.pem"));
    CHECK(json::parse(r.out)["error"]["code"] == "Network");
}
