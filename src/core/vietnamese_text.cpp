// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/vietnamese_text.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace motcua {
namespace {

// The Vietnamese alphabet is closed: 12 vowels x 6 tones (+ đ) covers every letter a name or
// address can hold, so a fixed table replaces a general Unicode normaliser (no ICU in core).
constexpr int kVowelCount = 12;
constexpr int kToneCount = 6;          // none, grave, acute, hook above, tilde, dot below
constexpr int kDStroke = kVowelCount;  // pseudo vowel index for đ/Đ

// Rows: a ă â e ê i o ô ơ u ư y; columns: tones in the order above. Lower case only; the
// upper-case code point is derived by upperOf().
constexpr std::array<std::array<char32_t, kToneCount>, kVowelCount> kLowerLetters{{
    {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1},  // a
    {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7},  // ă
    {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD},  // â
    {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9},  // e
    {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7},  // ê
    {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB},  // i
    {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD},  // o
    {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9},  // ô
    {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3},  // ơ
    {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5},  // u
    {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1},  // ư
    {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5},  // y
}};
constexpr char32_t kLowerD = 0x0111;
constexpr char32_t kUpperD = 0x0110;

// What a search folds each vowel row to; index kDStroke is đ.
constexpr std::array<char, kVowelCount + 1> kFolded{'a', 'a', 'a', 'e', 'e', 'i', 'o',
                                                    'o', 'o', 'u', 'u', 'y', 'd'};

enum Modifier : int { kNoMod = 0, kBreve, kCircumflex, kHorn };
// Each vowel row as base letter (index into "aeiouy") plus modifier, for composition.
constexpr std::array<int, kVowelCount> kRowBase{0, 0, 0, 1, 1, 2, 3, 3, 3, 4, 4, 5};
constexpr std::array<int, kVowelCount> kRowModifier{kNoMod,      kBreve, kCircumflex, kNoMod,
                                                    kCircumflex, kNoMod, kNoMod,      kCircumflex,
                                                    kHorn,       kNoMod, kHorn,       kNoMod};

// Both cases live in two dense code point ranges; the gap between them is never Vietnamese.
constexpr char32_t kRangeALow = 0x00C0;
constexpr char32_t kRangeAHigh = 0x01B0;
constexpr char32_t kRangeBLow = 0x1EA0;
constexpr char32_t kRangeBHigh = 0x1EF9;
constexpr int kCodesPerCase = kVowelCount * kToneCount + 1;  // + đ

constexpr char32_t upperOf(char32_t lower) {
    // Latin-1 and ASCII pair at a distance of 0x20; Latin Extended-A/B and Extended Additional
    // keep upper case at the even code point just before the lower-case one.
    return lower < 0x100 ? lower - 0x20 : lower - 1;
}

struct Letter {
    int row = 0;   // 0..11 vowel row, or kDStroke
    int tone = 0;  // 0..5
    bool upper = false;
};

template <char32_t Low, char32_t High>
constexpr std::array<std::uint8_t, High - Low + 1> buildRange() {
    // Entry 0 means "not a Vietnamese letter", otherwise 1 + packed Letter.
    std::array<std::uint8_t, High - Low + 1> table{};
    auto put = [&table](char32_t cp, int packed) {
        if (cp >= Low && cp <= High) table[cp - Low] = static_cast<std::uint8_t>(packed + 1);
    };
    for (int row = 0; row < kVowelCount; ++row) {
        for (int tone = 0; tone < kToneCount; ++tone) {
            const char32_t lower =
                kLowerLetters[static_cast<std::size_t>(row)][static_cast<std::size_t>(tone)];
            put(lower, row * kToneCount + tone);
            put(upperOf(lower), kCodesPerCase + row * kToneCount + tone);
        }
    }
    put(kLowerD, kDStroke * kToneCount);
    put(kUpperD, kCodesPerCase + kDStroke * kToneCount);
    return table;
}

constexpr auto kRangeA = buildRange<kRangeALow, kRangeAHigh>();
constexpr auto kRangeB = buildRange<kRangeBLow, kRangeBHigh>();

constexpr Letter unpack(int packed) {
    Letter letter;
    letter.upper = packed >= kCodesPerCase;
    if (letter.upper) packed -= kCodesPerCase;
    letter.row = packed / kToneCount;
    letter.tone = packed % kToneCount;
    return letter;
}

std::optional<Letter> letterOf(char32_t cp) {
    if (cp < 0x80) {
        const bool upper = cp >= 'A' && cp <= 'Z';
        switch (upper ? cp + 0x20 : cp) {
            case 'a':
                return Letter{0, 0, upper};
            case 'e':
                return Letter{3, 0, upper};
            case 'i':
                return Letter{5, 0, upper};
            case 'o':
                return Letter{6, 0, upper};
            case 'u':
                return Letter{9, 0, upper};
            case 'y':
                return Letter{11, 0, upper};
            default:
                return std::nullopt;
        }
    }
    std::uint8_t entry = 0;
    if (cp >= kRangeALow && cp <= kRangeAHigh) {
        entry = kRangeA[cp - kRangeALow];
    } else if (cp >= kRangeBLow && cp <= kRangeBHigh) {
        entry = kRangeB[cp - kRangeBLow];
    }
    if (entry == 0) return std::nullopt;
    return unpack(entry - 1);
}

char32_t codePointOf(const Letter& letter) {
    const char32_t lower = letter.row == kDStroke
                               ? kLowerD
                               : kLowerLetters[static_cast<std::size_t>(letter.row)]
                                              [static_cast<std::size_t>(letter.tone)];
    return letter.upper ? upperOf(lower) : lower;
}

bool isCombiningMark(char32_t cp) {
    return cp >= 0x0300 && cp <= 0x036F;
}

int toneOfMark(char32_t mark) {
    switch (mark) {
        case 0x0300:
            return 1;
        case 0x0301:
            return 2;
        case 0x0309:
            return 3;
        case 0x0303:
            return 4;
        case 0x0323:
            return 5;
        default:
            return 0;
    }
}

int modifierOfMark(char32_t mark) {
    switch (mark) {
        case 0x0306:
            return kBreve;
        case 0x0302:
            return kCircumflex;
        case 0x031B:
            return kHorn;
        default:
            return kNoMod;
    }
}

int rowOf(int base, int modifier) {
    for (int row = 0; row < kVowelCount; ++row) {
        if (kRowBase[static_cast<std::size_t>(row)] == base &&
            kRowModifier[static_cast<std::size_t>(row)] == modifier) {
            return row;
        }
    }
    return -1;
}

bool isContinuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// Decodes one strict UTF-8 sequence at `pos`; returns its length, or 0 when the bytes there
// are not well-formed (the callers that tolerate bad input then pass one byte through).
std::size_t decodeAt(std::string_view text, std::size_t pos, char32_t& cp) {
    const auto byteAt = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byteAt(pos);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;   // allowed range of the second byte; excludes overlongs,
    unsigned char high = 0xBF;  // surrogates and code points past U+10FFFF
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        cp = b0 & 0x0Fu;
        if (b0 == 0xE0) low = 0xA0;
        if (b0 == 0xED) high = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        cp = b0 & 0x07u;
        if (b0 == 0xF0) low = 0x90;
        if (b0 == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (text.size() - pos < length) return 0;
    const unsigned char b1 = byteAt(pos + 1);
    if (b1 < low || b1 > high) return 0;
    cp = (cp << 6) | (b1 & 0x3Fu);
    for (std::size_t i = 2; i < length; ++i) {
        const unsigned char b = byteAt(pos + i);
        if (!isContinuation(b)) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    return length;
}

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Applies the combining marks in text[begin, end) to `letter`. Marks may come in any order
// (NFD puts dot below and horn first; hand-typed or legacy input does not), but each of
// tone and modifier may appear once and the result must be a Vietnamese letter.
std::optional<Letter> applyMarks(Letter letter, std::string_view text, std::size_t begin,
                                 std::size_t end) {
    int base = kRowBase[static_cast<std::size_t>(letter.row)];
    int modifier = kRowModifier[static_cast<std::size_t>(letter.row)];
    for (std::size_t pos = begin; pos < end;) {
        char32_t mark = 0;
        pos += decodeAt(text, pos, mark);
        if (const int tone = toneOfMark(mark); tone != 0) {
            if (letter.tone != 0) return std::nullopt;
            letter.tone = tone;
        } else if (const int mod = modifierOfMark(mark); mod != kNoMod) {
            if (modifier != kNoMod) return std::nullopt;
            modifier = mod;
        } else {
            return std::nullopt;
        }
    }
    letter.row = rowOf(base, modifier);
    if (letter.row < 0) return std::nullopt;
    return letter;
}

}  // namespace

void appendUtf8(std::string& out, char32_t cp) {
    const auto byte = [](char32_t v) { return static_cast<char>(static_cast<unsigned char>(v)); };
    if (cp < 0x80) {
        out += byte(cp);
    } else if (cp < 0x800) {
        out += byte(0xC0 | (cp >> 6));
        out += byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += byte(0xE0 | (cp >> 12));
        out += byte(0x80 | ((cp >> 6) & 0x3F));
        out += byte(0x80 | (cp & 0x3F));
    } else {
        out += byte(0xF0 | (cp >> 18));
        out += byte(0x80 | ((cp >> 12) & 0x3F));
        out += byte(0x80 | ((cp >> 6) & 0x3F));
        out += byte(0x80 | (cp & 0x3F));
    }
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t cp = 0;
        const std::size_t length = decodeAt(text, pos, cp);
        if (length == 0) return false;
        pos += length;
    }
    return true;
}

std::string composeVietnamese(std::string_view text) {
    if (!isValidUtf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t cp = 0;
        const std::size_t length = decodeAt(text, pos, cp);
        const std::optional<Letter> letter = letterOf(cp);
        if (!letter || letter->row == kDStroke) {
            out.append(text, pos, length);
            pos += length;
            continue;
        }
        std::size_t end = pos + length;
        while (end < text.size()) {
            char32_t mark = 0;
            const std::size_t markLength = decodeAt(text, end, mark);
            if (!isCombiningMark(mark)) break;
            end += markLength;
        }
        const std::optional<Letter> composed =
            end == pos + length ? std::nullopt : applyMarks(*letter, text, pos + length, end);
        if (composed) {
            appendUtf8(out, codePointOf(*composed));
        } else {
            // Not a Vietnamese letter (or nothing to compose): keep the sequence verbatim
            // rather than half-compose it.
            out.append(text, pos, end - pos);
        }
        pos = end;
    }
    return out;
}

std::string foldForSearch(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    const auto emit = [&out, &pendingSpace](char c) {
        if (pendingSpace && !out.empty()) out += ' ';
        pendingSpace = false;
        out += c;
    };
    for (std::size_t pos = 0; pos < text.size();) {
        const char c = text[pos];
        if (static_cast<unsigned char>(c) < 0x80) {
            // ASCII dominates real data; keep it off the decoding path.
            if (isAsciiSpace(c)) {
                pendingSpace = true;
            } else {
                emit(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
            }
            ++pos;
            continue;
        }
        char32_t cp = 0;
        std::size_t length = decodeAt(text, pos, cp);
        if (length == 0) {
            // Invalid byte: pass it through, a search key must not throw.
            emit(c);
            ++pos;
            continue;
        }
        if (cp == 0x00A0) {
            pendingSpace = true;
        } else if (isCombiningMark(cp)) {
            // Dropped so NFD input folds like NFC.
        } else if (const std::optional<Letter> letter = letterOf(cp)) {
            emit(kFolded[static_cast<std::size_t>(letter->row)]);
        } else {
            emit(text[pos]);
            out.append(text, pos + 1, length - 1);
        }
        pos += length;
    }
    return out;
}

std::string toUpperVietnamese(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char c = text[pos];
        if (static_cast<unsigned char>(c) < 0x80) {
            out += c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c;
            ++pos;
            continue;
        }
        char32_t cp = 0;
        const std::size_t length = decodeAt(text, pos, cp);
        if (length == 0) {
            out += c;
            ++pos;
            continue;
        }
        std::optional<Letter> letter = letterOf(cp);
        if (letter && !letter->upper) {
            letter->upper = true;
            appendUtf8(out, codePointOf(*letter));
        } else {
            out.append(text, pos, length);
        }
        pos += length;
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && isAsciiSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isAsciiSpace(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace motcua
