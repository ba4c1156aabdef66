// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/limits.h"

#include <string>

#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua::limits {

namespace {

/// The next code point of valid UTF-8 at `i`, advancing `i`.
char32_t nextCodePoint(std::string_view text, std::size_t& i) {
    const auto b = static_cast<unsigned char>(text[i]);
    int length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = length == 1   ? b
                  : length == 2 ? (b & 0x1F)
                  : length == 3 ? (b & 0x0F)
                                : (b & 0x07);
    for (int k = 1; k < length; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += static_cast<std::size_t>(length);
    return cp;
}

bool isBidiControl(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

std::string codePointName(char32_t cp) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "U+";
    for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4)
        out += kHex[(cp >> shift) & 0xF];
    return out;
}

}  // namespace

void checkText(std::string_view field, std::string_view text, std::size_t maxBytes,
               bool multiline) {
    if (!isValidUtf8(text))
        throw Error(Errc::InvalidUtf8, std::string(field) + " is not valid UTF-8");
    if (text.size() > maxBytes)
        throw Error(Errc::FieldTooLong, std::string(field) + " is " + std::to_string(text.size()) +
                                            " bytes long; at most " + std::to_string(maxBytes) +
                                            " are allowed");
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = nextCodePoint(text, i);
        const bool allowedBreak = multiline && (cp == '\n' || cp == '\r' || cp == '\t');
        const bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
        if ((control && !allowedBreak) || isBidiControl(cp))
            throw Error(Errc::ControlCharacter,
                        std::string(field) + " contains the control character " +
                            codePointName(cp) + "; remove it and type the text again");
    }
}

void checkCount(std::string_view what, std::size_t count, std::size_t max) {
    if (count > max)
        throw Error(Errc::TooManyItems, std::string(what) + ": " + std::to_string(count) +
                                            ", at most " + std::to_string(max) + " are allowed");
}

}  // namespace motcua::limits
