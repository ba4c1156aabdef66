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

TEST_CASE("motcua scan CODE --document N makes the scan that document's file", "[scan][cli]") {
    useSaneTestBackend("Grid");
    TempDir dir;
    REQUIRE(runCli(dir, {"init", "--unit-code", "000.00.15.H30", "--unit-name", "UBND phường Bồ Đề",
                         "--desk", "3", "--officer", "Trần Thị Bình"})
                .exitCode == 0);
    const auto intake = runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001099012345",
                                     "--name", "Nguyễn Văn Đức", "--dob", "1999-01-01", "--gender",
                                     "nam", "--address", "Hà Nội", "--json"});
    INFO(intake.err);
    REQUIRE(intake.exitCode == 0);
    const std::string code = nlohmann::json::parse(intake.out).at("code");
    // A document the dossier does not have: refused before any paper is fed.
    const auto none =
        runCli(dir, {"scan", code, "--document", "9", "--device", "test:0", "--pages", "1"});
    CHECK(none.exitCode == 2);
    CHECK(none.err.find("scanning") == std::string::npos);

    const auto r = runCli(dir, {"scan", code, "--document", "1", "--device", "test:0",
                                "--resolution", "200", "--pages", "3", "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const auto answer = nlohmann::json::parse(r.out);
    CHECK(answer.at("document") == 1);
    CHECK(answer.at("pages") == 3);
    const std::string sha = answer.at("sha256");
    const auto shown = nlohmann::json::parse(runCli(dir, {"show", code, "--json"}).out);
    CHECK(shown.at("documents")[0].at("digitised") == true);
    CHECK(shown.at("documents")[0].at("files") == nlohmann::json::array({sha}));
    CHECK(shown.at("documents")[1].at("digitised") == false);
    // The blob is the three-page colour PDF at 200 dpi.
    const std::string blob = dir.file("blobs/" + sha.substr(0, 2) + "/" + sha.substr(2));
    REQUIRE(std::filesystem::exists(blob));
    const auto images = pdfImages(blob);
    REQUIRE(images.size() == 3);
    for (const auto& image : images) {
        CHECK(image.color == "rgb");
        CHECK(image.xPpi == 200);
        CHECK(image.yPpi == 200);
    }
    CHECK(runTool("qpdf --check " + shellQuote(blob)).exitCode == 0);
    const auto outbox = nlohmann::json::parse(runCli(dir, {"outbox", "--json"}).out);
    CHECK(outbox.at("ops").back().at("kind") == "dossier.files");
    // A usage error: a code without --document, or both a code and --out.
    CHECK(runCli(dir, {"scan", code}).exitCode == 1);
    CHECK(runCli(dir, {"scan", code, "--document", "1", "--out", dir.file("x.pdf")}).exitCode == 1);
}
