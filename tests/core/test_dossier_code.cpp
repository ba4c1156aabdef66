// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "support/errc_of.h"

#include <set>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"

using namespace motcua;
using motcua::test::errcOf;
using namespace std::chrono;

TEST_CASE("dossier codes format and parse", "[code]") {
    const Date day{year{2026}, month{1}, std::chrono::day{5}};
    const auto code = DossierCode::forDesk("000.00.15.H30", day, 2, 7);
    CHECK(code.str() == "000.00.15.H30-260105-2007");
    CHECK(code.desk() == 2);
    const auto back = DossierCode::parse("000.00.15.H30-260105-2007");
    CHECK(back == code);
    CHECK(back.unitCode() == "000.00.15.H30");
    CHECK(back.sequence() == 2007);
}

TEST_CASE("desks never collide on the same day", "[code]") {
    const Date day{year{2026}, month{2}, std::chrono::day{13}};
    std::set<std::string> seen;
    for (int desk = 1; desk <= 9; ++desk)
        for (int n = 1; n <= 999; ++n)
            CHECK(seen.insert(DossierCode::forDesk("H30", day, desk, n).str()).second);
    CHECK(seen.size() == 9 * 999);
}

TEST_CASE("bad dossier codes and desk numbers are named", "[code]") {
    const Date day{year{2026}, month{1}, std::chrono::day{5}};
    CHECK(errcOf([&] { DossierCode::forDesk("H30", day, 0, 1); }) == Errc::DeskNumberRange);
    CHECK(errcOf([&] { DossierCode::forDesk("H30", day, 10, 1); }) == Errc::DeskNumberRange);
    CHECK(errcOf([&] { DossierCode::forDesk("H30", day, 1, 1000); }) == Errc::SequenceExhausted);
    for (const char* bad : {"", "H30", "H30-260105", "H30-261305-1001", "H30-260230-1001",
                            "H30-26010-1001", "H30-260105-101", "H30-260105-10011", "-260105-1001",
                            "H 30-260105-1001", "H30-2601O5-1001", "H30..X-260105-1001"}) {
        INFO(bad);
        CHECK(errcOf([&] { DossierCode::parse(bad); }) == Errc::DossierCodeFormat);
    }
}

TEST_CASE("unit codes follow QCVN 102", "[code]") {
    CHECK(isValidUnitCode("000.00.00.H30"));
    CHECK(isValidUnitCode("H30"));
    CHECK_FALSE(isValidUnitCode(""));
    CHECK_FALSE(isValidUnitCode("000-00"));
    CHECK_FALSE(isValidUnitCode(".H30"));
    CHECK_FALSE(isValidUnitCode("H30."));
    CHECK_FALSE(isValidUnitCode("H..30"));
}
