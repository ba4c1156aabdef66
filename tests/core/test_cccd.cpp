// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "motcua/core/cccd.h"

using motcua::Cccd;
using motcua::Errc;
using motcua::Gender;
using namespace std::chrono;

namespace {

motcua::Date ymd(int y, unsigned m, unsigned d) {
    return motcua::Date{year{y}, month{m}, day{d}};
}

Errc errorOf(std::string_view text, std::optional<motcua::Date> dob = {}) {
    try {
        if (dob) {
            Cccd::parse(text, *dob);
        } else {
            Cccd::parse(text);
        }
    } catch (const motcua::Error& e) {
        CHECK_FALSE(std::string(e.what()).empty());
        // check() must agree with parse() for live validation.
        const std::optional<motcua::Error> checked = Cccd::check(text, dob);
        REQUIRE(checked.has_value());
        CHECK(checked->code() == e.code());
        return e.code();
    }
    FAIL("no error for '" << text << "'");
    return Errc::InvalidArgument;
}

}  // namespace

TEST_CASE("valid CCCD numbers decode gender, century and province", "[cccd]") {
    struct Case {
        const char* number;
        Gender gender;
        int year;
        const char* province;
    };
    for (const Case& c : {Case{"001099012345", Gender::Male, 1999, "Hà Nội"},
                          Case{"001199012345", Gender::Female, 1999, "Hà Nội"},
                          Case{"079203001234", Gender::Male, 2003, "Hồ Chí Minh"},
                          Case{"079305001234", Gender::Female, 2005, "Hồ Chí Minh"},
                          Case{"046400000001", Gender::Male, 2100, "Thừa Thiên Huế"},
                          Case{"096501000001", Gender::Female, 2101, "Cà Mau"},
                          Case{"077060123456", Gender::Male, 1960, "Bà Rịa - Vũng Tàu"}}) {
        INFO(c.number);
        const Cccd cccd = Cccd::parse(c.number);
        CHECK(cccd.digits() == c.number);
        CHECK(cccd.gender() == c.gender);
        CHECK(cccd.birthYear() == c.year);
        CHECK(cccd.provinceName() == c.province);
        CHECK(cccd.provinceCode() == std::string_view(c.number).substr(0, 3));
        CHECK_FALSE(Cccd::check(c.number).has_value());
        const Cccd withDob = Cccd::parse(c.number, ymd(c.year, 6, 30));
        CHECK(withDob.digits() == c.number);
        CHECK_FALSE(Cccd::check(c.number, ymd(c.year, 1, 1)).has_value());
    }
    CHECK(Cccd::parse(" 001099012345\r\n").digits() == "001099012345");
    CHECK(Cccd::parse("\t001099012345 ", ymd(1999, 1, 1)).digits() == "001099012345");
}

TEST_CASE("every CCCD error class, in documented precedence", "[cccd]") {
    CHECK(errorOf("") == Errc::CccdEmpty);
    CHECK(errorOf(" \r\n") == Errc::CccdEmpty);
    CHECK(errorOf("00109901234") == Errc::CccdWrongLength);
    CHECK(errorOf("0010990123456") == Errc::CccdWrongLength);
    CHECK(errorOf("1") == Errc::CccdWrongLength);
    CHECK(errorOf("00109901234a") == Errc::CccdNotDigits);
    CHECK(errorOf("001 099012345") == Errc::CccdNotDigits);
    CHECK(errorOf("abc") == Errc::CccdNotDigits);                       // non-digits outrank length
    CHECK(errorOf("００１０９９０１２３４５") == Errc::CccdNotDigits);  // fullwidth digits
    CHECK(errorOf(std::string_view("00109901234\0", 12)) == Errc::CccdNotDigits);
    CHECK(errorOf("003099012345") == Errc::CccdUnknownProvince);
    CHECK(errorOf("000099012345") == Errc::CccdUnknownProvince);
    CHECK(errorOf("097099012345") == Errc::CccdUnknownProvince);
    CHECK(errorOf("999099012345") == Errc::CccdUnknownProvince);
    CHECK(errorOf("003699012345") == Errc::CccdUnknownProvince);  // province before digit 4
    for (const char* bad : {"001699012345", "001799012345", "001899012345", "001999012345"}) {
        CHECK(errorOf(bad) == Errc::CccdBadCenturyDigit);
    }
    CHECK(errorOf("001099012345", ymd(2099, 1, 1)) == Errc::CccdCenturyMismatch);
    CHECK(errorOf("001299012345", ymd(1999, 1, 1)) == Errc::CccdCenturyMismatch);
    CHECK(errorOf("001499012345", ymd(1999, 1, 1)) == Errc::CccdCenturyMismatch);
    CHECK(errorOf("001099012345", ymd(1998, 12, 31)) == Errc::CccdBirthYearMismatch);
    CHECK(errorOf("001203012345", ymd(2004, 1, 1)) == Errc::CccdBirthYearMismatch);
    // Century is judged before the two year digits.
    CHECK(errorOf("001099012345", ymd(2098, 1, 1)) == Errc::CccdCenturyMismatch);
}

TEST_CASE("cccdProvinceName knows exactly the 63 codes", "[cccd]") {
    int assigned = 0;
    for (int code = 0; code < 1000; ++code) {
        std::string text = std::to_string(code);
        text.insert(0, 3 - text.size(), '0');
        if (motcua::cccdProvinceName(text)) ++assigned;
    }
    CHECK(assigned == 63);
    CHECK(motcua::cccdProvinceName("001") == "Hà Nội");
    CHECK(motcua::cccdProvinceName("046") == "Thừa Thiên Huế");
    CHECK(motcua::cccdProvinceName("048") == "Đà Nẵng");
    CHECK(motcua::cccdProvinceName("066") == "Đắk Lắk");
    CHECK(motcua::cccdProvinceName("079") == "Hồ Chí Minh");
    CHECK(motcua::cccdProvinceName("096") == "Cà Mau");
    CHECK_FALSE(motcua::cccdProvinceName("003"));
    CHECK_FALSE(motcua::cccdProvinceName(""));
    CHECK_FALSE(motcua::cccdProvinceName("1"));
    CHECK_FALSE(motcua::cccdProvinceName("0011"));
}
