// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "support/run_tool.h"

using namespace motcua::test;
using nlohmann::json;

namespace {
const std::string kQr =
    "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 Phố X, Phường Y, Thành phố Hà "
    "Nội|15042021";

std::string setUp(const TempDir& dir) {
    REQUIRE(runCli(dir, {"init", "--unit-code", "000.00.15.H30", "--unit-name", "UBND phường Bồ Đề",
                         "--desk", "1"})
                .exitCode == 0);
    const auto r = runCli(
        dir, {"intake", "--procedure", "1.004873", "--qr", kQr, "--received", "2026-03-10T09:00"});
    REQUIRE(r.exitCode == 0);
    return r.out.substr(0, r.out.find('\n'));
}
}  // namespace

TEST_CASE("motcua print writes a form, or fails cleanly leaving no file", "[cli][print]") {
    TempDir dir;
    const auto code = setUp(dir);
    const auto out = dir.file("receipt.pdf");
    const auto ok = runCli(dir, {"print", code, "--form", "receipt", "--out", out});
    INFO(ok.err);
    REQUIRE(ok.exitCode == 0);
    const auto text = runTool("pdftotext " + shellQuote(out) + " -").out;
    CHECK_THAT(text, Catch::Contains(code));
    CHECK_THAT(text, Catch::Contains("NGUYỄN VĂN ĐỨC"));

    CHECK(
        runCli(dir, {"print", code, "--form", "rejection", "--out", dir.file("r.pdf")}).exitCode ==
        4);
    CHECK(runCli(dir, {"print", "000.00.15.H30-260310-1999", "--form", "receipt", "--out",
                       dir.file("x.pdf")})
              .exitCode == 3);
    CHECK(runCli(dir, {"print", code, "--form", "poster", "--out", dir.file("x.pdf")}).exitCode ==
          1);
    CHECK(runCli(dir, {"print", code, "--form", "receipt"}).exitCode == 1);
    // The receipt's two copies as the A5 halves of one sheet: one landscape page.
    REQUIRE(runCli(dir, {"print", code, "--form", "receipt", "--sheets", "halves", "--out",
                         dir.file("h.pdf")})
                .exitCode == 0);
    CHECK_THAT(runTool("pdfinfo " + shellQuote(dir.file("h.pdf"))).out,
               Catch::Contains("Pages:           1"));
    CHECK(runCli(dir, {"print", code, "--form", "receipt", "--sheets", "quarters", "--out",
                       dir.file("x.pdf")})
              .exitCode == 1);
    const auto unwritable =
        runCli(dir, {"print", code, "--form", "receipt", "--out", out + "/inside.pdf"});
    CHECK(unwritable.exitCode == 5);
    CHECK_THAT(unwritable.err, Catch::Contains("inside.pdf"));
    for (const char* name : {"r.pdf", "x.pdf"})
        CHECK_FALSE(std::filesystem::exists(dir.file(name)));

    REQUIRE(runCli(dir, {"act", code, "reject", "--reason", "Không thuộc thẩm quyền"}).exitCode ==
            0);
    CHECK(
        runCli(dir, {"print", code, "--form", "rejection", "--out", dir.file("r.pdf")}).exitCode ==
        0);
    CHECK_THAT(runTool("pdftotext " + shellQuote(dir.file("r.pdf")) + " -").out,
               Catch::Contains("Không thuộc thẩm quyền"));
}

TEST_CASE("motcua register exports the date range as XLSX and CSV", "[cli][register]") {
    TempDir dir;
    const auto code = setUp(dir);
    REQUIRE(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--received",
                         "2026-03-12T10:00"})
                .exitCode == 0);
    REQUIRE(runCli(dir, {"intake", "--procedure", "2.000815", "--qr", kQr, "--received",
                         "2026-04-01T10:00"})
                .exitCode == 0);

    const auto csv = runCli(dir, {"register", "--from", "2026-03-01", "--to", "2026-03-31", "--out",
                                  dir.file("so.csv"), "--json"});
    INFO(csv.err);
    REQUIRE(csv.exitCode == 0);
    CHECK(json::parse(csv.out).at("rows") == 2);
    const auto text = readFileForTest(dir.file("so.csv"));
    CHECK_THAT(text, Catch::Contains(code));
    CHECK_THAT(text, !Catch::Contains("260401"));

    REQUIRE(runCli(dir, {"register", "--from", "2026-03-01", "--to", "2026-04-30", "--out",
                         dir.file("so.xlsx")})
                .exitCode == 0);
    const auto sheet =
        runTool("unzip -p " + shellQuote(dir.file("so.xlsx")) + " xl/sharedStrings.xml").out;
    CHECK_THAT(sheet, Catch::Contains("NGUYỄN VĂN ĐỨC"));
    CHECK_THAT(sheet, Catch::Contains("000.00.15.H30-260401-1001"));

    CHECK(runCli(dir, {"register", "--from", "2026-03-31", "--to", "2026-03-01", "--out",
                       dir.file("a.csv")})
              .exitCode == 2);
    CHECK(runCli(dir, {"register", "--from", "2026-03-01", "--to", "2026-03-31", "--out",
                       dir.file("a.pdf")})
              .exitCode == 2);
    CHECK(runCli(dir, {"register", "--from", "2026-03-01", "--to", "2026-03-31", "--out",
                       dir.file("none/a.csv")})
              .exitCode == 5);
    CHECK_FALSE(std::filesystem::exists(dir.file("a.csv")));
}
