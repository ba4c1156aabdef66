// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <array>
#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/vietnamese_text.h"

using motcua::composeVietnamese;
using motcua::foldForSearch;
using motcua::isValidUtf8;
using motcua::toUpperVietnamese;
using motcua::trim;

namespace {

struct LetterRow {
    const char* letters;  // six NFC letters: no tone, grave, acute, hook, tilde, dot below
    std::array<const char*, 6> nfd;
    char folded;
};

// Written out literally (not derived from the code under test); the decompositions are the
// canonical NFD of Unicode, where dot below (ccc 220) and horn (ccc 216) sort before
// circumflex/breve and the tones (ccc 230).
const std::array<LetterRow, 24> kRows{{
    {"aàáảãạ", {"a", "a\u0300", "a\u0301", "a\u0309", "a\u0303", "a\u0323"}, 'a'},
    {"ăằắẳẵặ",
     {"a\u0306", "a\u0306\u0300", "a\u0306\u0301", "a\u0306\u0309", "a\u0306\u0303",
      "a\u0323\u0306"},
     'a'},
    {"âầấẩẫậ",
     {"a\u0302", "a\u0302\u0300", "a\u0302\u0301", "a\u0302\u0309", "a\u0302\u0303",
      "a\u0323\u0302"},
     'a'},
    {"eèéẻẽẹ", {"e", "e\u0300", "e\u0301", "e\u0309", "e\u0303", "e\u0323"}, 'e'},
    {"êềếểễệ",
     {"e\u0302", "e\u0302\u0300", "e\u0302\u0301", "e\u0302\u0309", "e\u0302\u0303",
      "e\u0323\u0302"},
     'e'},
    {"iìíỉĩị", {"i", "i\u0300", "i\u0301", "i\u0309", "i\u0303", "i\u0323"}, 'i'},
    {"oòóỏõọ", {"o", "o\u0300", "o\u0301", "o\u0309", "o\u0303", "o\u0323"}, 'o'},
    {"ôồốổỗộ",
     {"o\u0302", "o\u0302\u0300", "o\u0302\u0301", "o\u0302\u0309", "o\u0302\u0303",
      "o\u0323\u0302"},
     'o'},
    {"ơờớởỡợ",
     {"o\u031B", "o\u031B\u0300", "o\u031B\u0301", "o\u031B\u0309", "o\u031B\u0303",
      "o\u031B\u0323"},
     'o'},
    {"uùúủũụ", {"u", "u\u0300", "u\u0301", "u\u0309", "u\u0303", "u\u0323"}, 'u'},
    {"ưừứửữự",
     {"u\u031B", "u\u031B\u0300", "u\u031B\u0301", "u\u031B\u0309", "u\u031B\u0303",
      "u\u031B\u0323"},
     'u'},
    {"yỳýỷỹỵ", {"y", "y\u0300", "y\u0301", "y\u0309", "y\u0303", "y\u0323"}, 'y'},
    {"AÀÁẢÃẠ", {"A", "A\u0300", "A\u0301", "A\u0309", "A\u0303", "A\u0323"}, 'a'},
    {"ĂẰẮẲẴẶ",
     {"A\u0306", "A\u0306\u0300", "A\u0306\u0301", "A\u0306\u0309", "A\u0306\u0303",
      "A\u0323\u0306"},
     'a'},
    {"ÂẦẤẨẪẬ",
     {"A\u0302", "A\u0302\u0300", "A\u0302\u0301", "A\u0302\u0309", "A\u0302\u0303",
      "A\u0323\u0302"},
     'a'},
    {"EÈÉẺẼẸ", {"E", "E\u0300", "E\u0301", "E\u0309", "E\u0303", "E\u0323"}, 'e'},
    {"ÊỀẾỂỄỆ",
     {"E\u0302", "E\u0302\u0300", "E\u0302\u0301", "E\u0302\u0309", "E\u0302\u0303",
      "E\u0323\u0302"},
     'e'},
    {"IÌÍỈĨỊ", {"I", "I\u0300", "I\u0301", "I\u0309", "I\u0303", "I\u0323"}, 'i'},
    {"OÒÓỎÕỌ", {"O", "O\u0300", "O\u0301", "O\u0309", "O\u0303", "O\u0323"}, 'o'},
    {"ÔỒỐỔỖỘ",
     {"O\u0302", "O\u0302\u0300", "O\u0302\u0301", "O\u0302\u0309", "O\u0302\u0303",
      "O\u0323\u0302"},
     'o'},
    {"ƠỜỚỞỠỢ",
     {"O\u031B", "O\u031B\u0300", "O\u031B\u0301", "O\u031B\u0309", "O\u031B\u0303",
      "O\u031B\u0323"},
     'o'},
    {"UÙÚỦŨỤ", {"U", "U\u0300", "U\u0301", "U\u0309", "U\u0303", "U\u0323"}, 'u'},
    {"ƯỪỨỬỮỰ",
     {"U\u031B", "U\u031B\u0300", "U\u031B\u0301", "U\u031B\u0309", "U\u031B\u0303",
      "U\u031B\u0323"},
     'u'},
    {"YỲÝỶỸỴ", {"Y", "Y\u0300", "Y\u0301", "Y\u0309", "Y\u0303", "Y\u0323"}, 'y'},
}};

// Splits valid UTF-8 into one string per code point (test helper, trusts its input).
std::vector<std::string> codePoints(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        out.emplace_back(text.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace

TEST_CASE("every Vietnamese letter composes from NFD and folds", "[text]") {
    int letterCount = 2;  // đ and Đ, checked below
    for (std::size_t r = 0; r < kRows.size(); ++r) {
        const LetterRow& row = kRows[r];
        const std::vector<std::string> letters = codePoints(row.letters);
        REQUIRE(letters.size() == 6);
        const std::vector<std::string> upper = codePoints(kRows[r % 12 + 12].letters);
        for (std::size_t tone = 0; tone < 6; ++tone) {
            INFO("row " << row.letters << " tone " << tone);
            if (tone != 0 || letters[tone].size() > 1) ++letterCount;  // plain ASCII isn't counted
            CHECK(composeVietnamese(row.nfd[tone]) == letters[tone]);
            CHECK(composeVietnamese(letters[tone]) == letters[tone]);
            CHECK(foldForSearch(letters[tone]) == std::string(1, row.folded));
            CHECK(foldForSearch(row.nfd[tone]) == std::string(1, row.folded));
            CHECK(toUpperVietnamese(letters[tone]) == upper[tone]);
            CHECK(isValidUtf8(letters[tone]));
        }
    }
    CHECK(letterCount == 134);
    CHECK(foldForSearch("đĐ") == "dd");
    CHECK(toUpperVietnamese("đ") == "Đ");
    CHECK(toUpperVietnamese("Đ") == "Đ");
    CHECK(composeVietnamese("đĐ") == "đĐ");
}

TEST_CASE("marks compose in any order and onto partly composed letters", "[text]") {
    CHECK(composeVietnamese("a\u0302\u0323") == "ậ");
    CHECK(composeVietnamese("u\u0323\u031B") == "ự");
    CHECK(composeVietnamese("o\u0301\u031B") == "ớ");
    CHECK(composeVietnamese("e\u0301\u0302") == "ế");
    CHECK(composeVietnamese("A\u0300\u0306") == "Ằ");
    CHECK(composeVietnamese("â\u0323") == "ậ");
    CHECK(composeVietnamese("ạ\u0302") == "ậ");
    CHECK(composeVietnamese("ư\u0301") == "ứ");
    CHECK(composeVietnamese("Ơ\u0323") == "Ợ");
    CHECK(composeVietnamese("é\u0302") == "ế");
    CHECK(composeVietnamese("Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c") ==
          "Nguyễn Văn Đức");
}

TEST_CASE("non-Vietnamese mark sequences are left unchanged", "[text]") {
    for (const char* text : {"a\u0308", "e\u0306", "x\u0301", "a\u0301\u0301", "a\u0302\u0306",
                             "i\u0302", "ấ\u0301", "a\u0301\u0308", "\u0301a", "đ\u0301",
                             "o\u031B\u031B", "u\u0302", "Müller", "東京 😀", ""}) {
        INFO(text);
        CHECK(composeVietnamese(text) == text);
    }
    // Only the offending letter is kept as is; its neighbours still compose.
    CHECK(composeVietnamese("a\u0308 e\u0302") == "a\u0308 ê");
}

TEST_CASE("invalid UTF-8 is detected strictly and passed through", "[text]") {
    using namespace std::string_view_literals;
    for (std::string_view valid :
         {""sv, "abc"sv, "Nguyễn"sv, "\xC2\x80"sv, "\xE0\xA0\x80"sv, "\xED\x9F\xBF"sv,
          "\xEE\x80\x80"sv, "\xF0\x90\x80\x80"sv, "\xF4\x8F\xBF\xBF"sv, "a\0b"sv}) {
        CHECK(isValidUtf8(valid));
    }
    for (std::string_view invalid :
         {"\xC0\x80"sv, "\xC1\xBF"sv, "\xE0\x80\x80"sv, "\xE0\x9F\xBF"sv, "\xF0\x80\x80\x80"sv,
          "\xF0\x8F\xBF\xBF"sv, "\xED\xA0\x80"sv, "\xED\xBF\xBF"sv, "\xF4\x90\x80\x80"sv,
          "\xF5\x80\x80\x80"sv, "\xE1\xBA"sv, "\xC3"sv, "\x80"sv, "\xFF"sv, "\xFE"sv,
          "a\xE1\xBA"
          "a"sv,
          "\xC3\x28"sv}) {
        INFO(invalid.size());
        CHECK_FALSE(isValidUtf8(invalid));
        CHECK(composeVietnamese(invalid) == std::string(invalid));
    }
    const std::string mixed = "a\u0301 \xFF";
    CHECK(composeVietnamese(mixed) == mixed);  // invalid anywhere: returned as is
    CHECK(foldForSearch("A\xFF"
                        "B") ==
          "a\xFF"
          "b");
    CHECK(toUpperVietnamese("ư\xFF"
                            "đ") ==
          "Ư\xFF"
          "Đ");
}

TEST_CASE("foldForSearch folds names, whitespace and NFD", "[text]") {
    CHECK(foldForSearch("Nguyễn Văn Đức") == "nguyen van duc");
    CHECK(foldForSearch("NGUYEN VAN DUC") == "nguyen van duc");
    CHECK(foldForSearch("Nguyễn Văn ĐỨC") == "nguyen van duc");
    CHECK(foldForSearch("Nguye\u0302\u0303n Va\u0306n \u0110u\u031B\u0301c") == "nguyen van duc");
    CHECK(foldForSearch("  Trần\t\tThị \r\n Bích\u00A0\u00A0Ngọc  ") == "tran thi bich ngoc");
    CHECK(foldForSearch("\u00A0 \t") == "");
    CHECK(foldForSearch("") == "");
    CHECK(foldForSearch("Phường 7, Quận 3") == "phuong 7, quan 3");
    CHECK(foldForSearch("Müller Ça 東京 😀") == "müller Ça 東京 😀");
    CHECK(foldForSearch("a\u0308") == "a");  // any combining mark is dropped
}

TEST_CASE("toUpperVietnamese and trim", "[text]") {
    CHECK(toUpperVietnamese("Nguyễn Văn đức, phường ưu") == "NGUYỄN VĂN ĐỨC, PHƯỜNG ƯU");
    CHECK(toUpperVietnamese("e\u0302\u0301") == "E\u0302\u0301");
    CHECK(toUpperVietnamese("ü 東京 1/2") == "ü 東京 1/2");
    CHECK(trim("  \t\r\nabc d \r\n") == "abc d");
    CHECK(trim("") == "");
    CHECK(trim(" \r\n ") == "");
    CHECK(trim("\u00A0a") == "\u00A0a");  // only ASCII whitespace
}

TEST_CASE("text functions survive random bytes", "[text]") {
    std::mt19937 rng(20260213);
    const std::vector<std::string> pieces = {"a",      "o",      "u",      "E",      "đ",
                                             "ư",      " ",      "\u00A0", "\u0300", "\u0301",
                                             "\u0302", "\u0306", "\u0309", "\u031B", "\u0303",
                                             "\u0323", "\u0308", "ế",      "x"};
    for (int i = 0; i < 5000; ++i) {
        std::string bytes;
        const int length = std::uniform_int_distribution<int>(0, 24)(rng);
        for (int k = 0; k < length; ++k) {
            bytes += static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        }
        const std::string composed = composeVietnamese(bytes);
        CHECK(isValidUtf8(composed) == isValidUtf8(bytes));
        CHECK(foldForSearch(bytes).size() <= bytes.size());
        CHECK(toUpperVietnamese(bytes).size() == bytes.size());

        std::string text;  // valid text of letters and marks: composing must not change the fold
        for (int k = 0; k < length; ++k) {
            text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        }
        INFO(text);
        CHECK(isValidUtf8(composeVietnamese(text)));
        CHECK(foldForSearch(composeVietnamese(text)) == foldForSearch(text));
        CHECK(composeVietnamese(composeVietnamese(text)) == composeVietnamese(text));
    }
}
