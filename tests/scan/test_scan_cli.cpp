// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "sane_test_backend.h"

using namespace motcua::test;

TEST_CASE("motcua scan --list-devices lists SANE's test device, also as JSON", "[scan][cli]") {
    useSaneTestBackend();
    TempDir dir;
    const auto text = runCli(dir, {"scan", "--list-devices"});
    INFO(text.err);
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::StartsWith("test:0\tNoname frontend-tester (virtual device)\n"));
    const auto json = runCli(dir, {"scan", "--list-devices", "--json"});
    REQUIRE(json.exitCode == 0);
    const auto devices = nlohmann::json::parse(json.out).at("devices");
    REQUIRE(devices.size() == 2);
    CHECK(devices[1].at("name") == "test:1");
    CHECK(devices[1].at("vendor") == "Noname");
}

TEST_CASE("motcua scan --out writes the feeder's pages as one PDF, with progress on stderr",
          "[scan][cli]") {
    useSaneTestBackend();
    TempDir dir;
    const auto pdf = dir.file("scan.pdf");
    const auto r = runCli(dir, {"scan", "--out", pdf, "--device", "test:1", "--resolution", "100",
                                "--mode", "gray", "--pages", "2"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out == pdf + "\n");
    // Into a file (not a terminal), one progress line a page.
    CHECK(r.err == "motcua: scanning page 1\nmotcua: scanning page 2\nmotcua: 2 pages scanned\n");
    const auto images = pdfImages(pdf);
    REQUIRE(images.size() == 2);
    CHECK(images[1].color == "gray");
    CHECK(images[1].xPpi == 100);
    CHECK(runTool("qpdf --check " + shellQuote(pdf)).exitCode == 0);
}

TEST_CASE("motcua scan fails with the right exit code and writes no file", "[scan][cli]") {
    useSaneTestBackend();
    TempDir dir;
    const auto pdf = dir.file("scan.pdf");
    const auto noDevice = runCli(dir, {"scan", "--out", pdf, "--device", "test:9"});
    CHECK(noDevice.exitCode == 3);
    CHECK_THAT(noDevice.err, Catch::Contains("'test:9'"));
    const auto resolution = runCli(dir, {"--json", "scan", "--out", pdf, "--resolution", "5000"});
    CHECK(resolution.exitCode == 2);
    CHECK(nlohmann::json::parse(resolution.out).at("error").at("code") == "Unsupported");
    CHECK(runCli(dir, {"scan", "--out", pdf, "--mode", "sepia"}).exitCode == 1);
    CHECK(runCli(dir, {"scan"}).exitCode == 1);
    CHECK_FALSE(std::filesystem::exists(pdf));
}
