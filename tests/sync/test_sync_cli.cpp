// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua sync` as ward IT scripts it: the real binary against the real server on loopback.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "../cli/cli_runner.h"
#include "../server/server_fixture.h"

using namespace motcua::test;
using nlohmann::json;

namespace {

void initDesk(const TempDir& dir) {
    REQUIRE(runCli(dir, {"init", "--unit-code", kWard, "--unit-name", "UBND phường Bồ Đề", "--desk",
                         "4"})
                .exitCode == 0);
    for (const char* name : {"Nguyễn Văn An", "Trần Thị Hoa"})
        REQUIRE(runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001099012345", "--name",
                             name, "--dob", "1999-01-01", "--gender", "nam", "--address", "Hà Nội"})
                    .exitCode == 0);
}

std::vector<std::string> syncArgs(std::uint16_t port, const std::string& ca,
                                  std::vector<std::string> extra) {
    std::vector<std::string> args{"sync",
                                  "--server",
                                  "https://127.0.0.1:" + std::to_string(port),
                                  "--ca",
                                  ca,
                                  "--user",
                                  "binh",
                                  "--password-env",
                                  "MOTCUA_TEST_PASSWORD"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

TEST_CASE(
    "motcua sync --once drains the outbox, reports, and exits 6 with nothing lost when the server "
    "is away",
    "[sync][cli]") {
    ServerFixture server;
    TempDir dir;
    initDesk(dir);
    ::setenv("MOTCUA_TEST_PASSWORD", kPassword, 1);

    // No server on that port: exit 6, the two intakes still queued, the error recorded.
    const auto away = runCli(dir, syncArgs(1, server.pki.caCert, {"--once"}));
    CHECK(away.exitCode == 6);
    CHECK_THAT(away.err, Catch::Contains("nothing is lost"));
    const auto status = json::parse(runCli(dir, {"sync", "status", "--json"}).out);
    CHECK(status.at("pending") == 2);
    CHECK_FALSE(status.at("last_error").get<std::string>().empty());
    CHECK(status.at("last_success").is_null());

    // A wrong password: exit 2, nothing sent.
    ::setenv("MOTCUA_TEST_PASSWORD", "sai", 1);
    CHECK(runCli(dir, syncArgs(server.https.port(), server.pki.caCert, {"--once"})).exitCode == 2);
    ::setenv("MOTCUA_TEST_PASSWORD", kPassword, 1);
    CHECK(server.store.stats().dossiers == 0);

    // A CA that did not sign the server: refused, exit 6 (no connection was made).
    TempDir other;
    const TestPki otherPki(other);
    CHECK(runCli(dir, syncArgs(server.https.port(), otherPki.caCert, {"--once"})).exitCode == 6);

    const auto ok =
        runCli(dir, syncArgs(server.https.port(), server.pki.caCert, {"--once", "--json"}));
    INFO(ok.err);
    REQUIRE(ok.exitCode == 0);
    const auto report = json::parse(ok.out);
    CHECK(report.at("pushed") == 2);
    CHECK(report.at("applied") == 2);
    CHECK(report.at("pending") == 0);
    CHECK(report.at("count_check").at("agrees") == true);
    CHECK(server.store.stats().dossiers == 2);
    const auto after = json::parse(runCli(dir, {"sync", "status", "--json"}).out);
    CHECK(after.at("last_error") == "");
    CHECK(after.at("last_success").is_string());
    // Without a password source: a usage error, and never a password on the command line.
    CHECK(runCli(dir, {"sync", "--server", "https://127.0.0.1:1", "--user", "binh", "--once"})
              .exitCode == 1);
    CHECK(runCli(dir, {"sync", "--server", "http://127.0.0.1:1", "--user", "binh", "--password-env",
                       "MOTCUA_TEST_PASSWORD", "--once"})
              .exitCode != 0);
}

TEST_CASE("motcua sync without --once keeps syncing until SIGTERM", "[sync][cli]") {
    ServerFixture server;
    TempDir dir;
    initDesk(dir);
    ::setenv("MOTCUA_TEST_PASSWORD", kPassword, 1);
    auto args = syncArgs(server.https.port(), server.pki.caCert, {"--interval", "1"});
    args.insert(args.begin(), {MOTCUA_CLI_PATH, "--db", dir.file("ward.db")});
    const std::string outPath = dir.file("worker.out");
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(out, 1);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    // Work taken while the worker runs reaches the server on a later pass.
    for (int i = 0; i < 100 && server.store.stats().dossiers < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(server.store.stats().dossiers == 2);
    REQUIRE(
        runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001099012345", "--name",
                     "Lê Văn Ba", "--dob", "1999-01-01", "--gender", "nam", "--address", "Hà Nội"})
            .exitCode == 0);
    for (int i = 0; i < 100 && server.store.stats().dossiers < 3; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(server.store.stats().dossiers == 3);
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_THAT(readFileForTest(outPath), Catch::Contains("pushed 1"));
}
