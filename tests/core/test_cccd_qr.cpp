// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/cccd.h"
#include "motcua/core/vietnamese_text.h"

using motcua::CccdQr;
using motcua::Errc;
using motcua::Gender;
using namespace std::chrono;

namespace {

const std::string kQr =
    "001099012345|123456789|NGUYỄN VĂN A|01011999|Nam|Số 1 Phố X, Phường Y, Thành phố Hà Nội|"
    "15042021";
const std::string kAddress = "Số 1 Phố X, Phường Y, Thành phố Hà Nội";

motcua::Date ymd(int y, unsigned m, unsigned d) {
    return motcua::Date{year{y}, month{m}, day{d}};
}

// The QR with field `index` replaced.
std::string withField(std::size_t index, std::string_view value, std::string base = kQr) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t bar; (bar = base.find('|', start)) != std::string::npos; start = bar + 1) {
        fields.push_back(base.substr(start, bar - start));
    }
    fields.push_back(base.substr(start));
    fields.at(index) = std::string(value);
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "|" : "") + fields[i];
    return out;
}

Errc errorOf(std::string_view text) {
    try {
        CccdQr::parse(text);
    } catch (const motcua::Error& e) {
        CHECK_FALSE(std::string(e.what()).empty());
        return e.code();
    }
    FAIL("no error for '" << text << "'");
    return Errc::InvalidArgument;
}

}  // namespace

TEST_CASE("the synthetic chip-card QR parses", "[qr]") {
    const CccdQr qr = CccdQr::parse(kQr);
    CHECK(qr.number == "001099012345");
    CHECK(qr.oldId == "123456789");
    CHECK(qr.fullName == "NGUYỄN VĂN A");
    CHECK(qr.dateOfBirth == ymd(1999, 1, 1));
    CHECK(qr.gender == Gender::Male);
    CHECK(qr.address == kAddress);
    REQUIRE(qr.issuedOn.has_value());
    CHECK(*qr.issuedOn == ymd(2021, 4, 15));

    const motcua::Applicant applicant = qr.toApplicant();
    CHECK(applicant.idNumber == "001099012345");
    CHECK(applicant.fullName == "NGUYỄN VĂN A");
    CHECK(applicant.dateOfBirth == ymd(1999, 1, 1));
    CHECK(applicant.gender == Gender::Male);
    CHECK(applicant.address == kAddress);
    CHECK(applicant.phone.empty());
    CHECK(applicant.email.empty());
}

TEST_CASE("QR variants scanners produce", "[qr]") {
    SECTION("6-field variant without issue date") {
        const CccdQr qr = CccdQr::parse(kQr.substr(0, kQr.rfind('|')));
        CHECK_FALSE(qr.issuedOn.has_value());
        CHECK(qr.address == kAddress);
    }
    SECTION("empty seventh field reads as no issue date") {
        CHECK_FALSE(CccdQr::parse(withField(6, "")).issuedOn.has_value());
    }
    SECTION("empty or 12-digit old ID") {
        CHECK(CccdQr::parse(withField(1, "")).oldId.empty());
        CHECK(CccdQr::parse(withField(1, "001099000111")).oldId == "001099000111");
    }
    SECTION("trailing CR/LF and spaces") {
        CHECK(CccdQr::parse(kQr + "\r\n").issuedOn == ymd(2021, 4, 15));
        CHECK(CccdQr::parse(kQr + "\n").number == "001099012345");
        CHECK(CccdQr::parse(kQr + " \r").number == "001099012345");
    }
    SECTION("NFD name and address are composed, fields trimmed") {
        const CccdQr qr =
            CccdQr::parse(withField(5, " Pho\u0302\u0301 Hue\u0302\u0301 ",
                                    withField(2, " NGUYE\u0302\u0303N VA\u0306N A\u0323 ")));
        CHECK(qr.fullName == "NGUYỄN VĂN Ạ");
        CHECK(qr.address == "Phố Huế");
    }
    SECTION("gender in any case, NFC or NFD, with or without diacritics") {
        for (const char* male : {"Nam", "NAM", "nam", " Nam "}) {
            CHECK(CccdQr::parse(withField(4, male)).gender == Gender::Male);
        }
        for (const char* female :
             {"Nữ", "NỮ", "nữ", "Nu", "NU", "nu", "Nu\u031B\u0303", "NU\u0303\u031B"}) {
            INFO(female);
            CHECK(CccdQr::parse(withField(4, female)).gender == Gender::Female);
        }
    }
    SECTION("female 2000s number") {
        const CccdQr qr = CccdQr::parse(
            "079304001234||TRẦN THỊ BÍCH|29022004|Nữ|Phường 7, Quận 3, TP Hồ Chí Minh|01032021");
        CHECK(qr.dateOfBirth == ymd(2004, 2, 29));
        CHECK(qr.gender == Gender::Female);
    }
}

TEST_CASE("each bad QR field has its own error", "[qr]") {
    CHECK(errorOf("") == Errc::QrEmpty);
    CHECK(errorOf("\r\n") == Errc::QrEmpty);
    CHECK(errorOf("|") == Errc::QrFieldCount);
    CHECK(errorOf("001099012345") == Errc::QrFieldCount);
    CHECK(errorOf(kQr.substr(0, kQr.find("|Số"))) == Errc::QrFieldCount);  // 5 fields
    CHECK(errorOf(kQr + "|extra") == Errc::QrFieldCount);
    CHECK(errorOf(std::string(100000, '|')) == Errc::QrFieldCount);
    CHECK(errorOf("||||||") == Errc::QrBadNumber);
    CHECK(errorOf("|||||") == Errc::QrBadNumber);
    CHECK(errorOf(withField(0, "")) == Errc::QrBadNumber);
    CHECK(errorOf(withField(0, "00109901234")) == Errc::QrBadNumber);
    CHECK(errorOf(withField(0, "0010990123456")) == Errc::QrBadNumber);
    CHECK(errorOf(withField(0, "00109901234x")) == Errc::QrBadNumber);
    CHECK(errorOf(withField(0, std::string("00109901234\0", 12))) == Errc::QrBadNumber);
    // A well-formed number that is wrong keeps its Cccd* code.
    CHECK(errorOf(withField(0, "003099012345")) == Errc::CccdUnknownProvince);
    CHECK(errorOf(withField(0, "001699012345")) == Errc::CccdBadCenturyDigit);
    CHECK(errorOf(withField(3, "01012099")) == Errc::CccdCenturyMismatch);
    CHECK(errorOf(withField(3, "01011998")) == Errc::CccdBirthYearMismatch);
    for (const char* oldId : {"12345678", "1234567890", "12345678a", "123 456 789", "x"}) {
        CHECK(errorOf(withField(1, oldId)) == Errc::QrBadOldId);
    }
    CHECK(errorOf(withField(2, "")) == Errc::QrEmptyName);
    CHECK(errorOf(withField(2, " \t ")) == Errc::QrEmptyName);
    for (const char* dob : {"", "1011999", "010119990", "32011999", "29021999", "01131999",
                            "00011999", "01-01-99", "1999-01-01", "0101199x"}) {
        INFO(dob);
        CHECK(errorOf(withField(3, dob)) == Errc::QrBadBirthDate);
    }
    for (const char* gender : {"", "X", "Nữa", "Male", "N", "1"}) {
        INFO(gender);
        CHECK(errorOf(withField(4, gender)) == Errc::QrBadGender);
    }
    CHECK(errorOf(withField(5, "")) == Errc::QrEmptyAddress);
    CHECK(errorOf(withField(5, "  ")) == Errc::QrEmptyAddress);
    for (const char* issued : {"15042021x", "31022021", "1504202", "01011998"}) {
        INFO(issued);
        CHECK(errorOf(withField(6, issued)) == Errc::QrBadIssueDate);
    }
    CHECK(errorOf(withField(2,
                            "NGUY\xC3"
                            " VAN A")) == Errc::InvalidUtf8);
    CHECK(errorOf(withField(5, "\xED\xA0\x80")) == Errc::InvalidUtf8);
}

TEST_CASE("looksLikeQr spots scanner payloads", "[qr]") {
    CHECK(CccdQr::looksLikeQr(kQr));
    CHECK(CccdQr::looksLikeQr(kQr + "\r\n"));
    CHECK(CccdQr::looksLikeQr(kQr.substr(0, kQr.rfind('|'))));
    CHECK(CccdQr::looksLikeQr("001099012345||||||"));
    CHECK_FALSE(CccdQr::looksLikeQr(""));
    CHECK_FALSE(CccdQr::looksLikeQr("001099012345"));
    CHECK_FALSE(CccdQr::looksLikeQr("001099012345|||||||"));  // 7 bars
    CHECK_FALSE(CccdQr::looksLikeQr("001099012345||||"));     // 4 bars
    CHECK_FALSE(CccdQr::looksLikeQr("00109901234|||||"));
    CHECK_FALSE(CccdQr::looksLikeQr("0010990123456|||||"));
    CHECK_FALSE(CccdQr::looksLikeQr("Nguyễn Văn A|||||"));
}

TEST_CASE("random and mutated QR payloads only ever throw motcua::Error", "[qr]") {
    std::mt19937 rng(42);
    const auto pick = [&rng](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(rng);
    };
    const std::string alphabet = "0123456789|||| \r\nNam\xE1\xBB\xAF\xCC\x81\xFF";
    int parsed = 0;
    const auto attempt = [&parsed](const std::string& text) {
        try {
            const CccdQr qr = CccdQr::parse(text);
            ++parsed;
            // Whatever gets through must be usable as is.
            CHECK(qr.number.size() == 12);
            CHECK_FALSE(qr.fullName.empty());
            CHECK_FALSE(qr.address.empty());
            CHECK(motcua::isValidUtf8(qr.fullName));
            CHECK(motcua::isValidUtf8(qr.address));
        } catch (const motcua::Error&) {
            // expected
        }
        CccdQr::looksLikeQr(text);
    };
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        const int length = pick(0, 120);
        for (int k = 0; k < length; ++k) {
            text += i % 2 == 0 ? static_cast<char>(pick(0, 255))
                               : alphabet[static_cast<std::size_t>(
                                     pick(0, static_cast<int>(alphabet.size()) - 1))];
        }
        REQUIRE_NOTHROW(attempt(text));
    }
    for (int i = 0; i < 20000; ++i) {
        std::string text = kQr;
        for (int edits = pick(1, 4); edits > 0; --edits) {
            const auto at = static_cast<std::size_t>(pick(0, static_cast<int>(text.size())));
            const char byte = pick(0, 3) == 0 ? '|' : static_cast<char>(pick(0, 255));
            switch (pick(0, 2)) {
                case 0:
                    text.insert(at, 1, byte);
                    break;
                case 1:
                    if (at < text.size()) text.erase(at, 1);
                    break;
                default:
                    if (at < text.size()) text[at] = byte;
                    break;
            }
        }
        REQUIRE_NOTHROW(attempt(text));
    }
    CHECK(parsed > 0);  // some mutations (e.g. inside the address) stay valid
    std::string huge(1 << 20, 'a');
    huge.replace(0, kQr.size(), kQr);
    REQUIRE_NOTHROW(attempt(huge));
}
