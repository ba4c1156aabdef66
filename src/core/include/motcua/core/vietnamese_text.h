// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

namespace motcua {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool isValidUtf8(std::string_view text);

/// Composes Vietnamese letters written with combining marks (NFD, or any order of the marks)
/// into their precomposed NFC form: "Nguye\u0302\u0303n" -> "Nguyễn". Other text passes
/// through unchanged. Invalid UTF-8 is returned as is.
std::string composeVietnamese(std::string_view text);

/// Folds text for search: lower case, tone and vowel marks removed, đ/Đ -> d, runs of
/// whitespace collapsed to one space, trimmed. "Nguyễn Văn ĐỨC" and "NGUYEN VAN DUC"
/// both fold to "nguyen van duc". Works on NFC and NFD input alike.
std::string foldForSearch(std::string_view text);

/// Upper-cases Vietnamese letters (ư -> Ư, đ -> Đ) and ASCII; other characters unchanged.
std::string toUpperVietnamese(std::string_view text);

/// Appends one code point as UTF-8 (surrogates and values past U+10FFFF are the caller's to
/// avoid).
void appendUtf8(std::string& out, char32_t codePoint);

/// Trims ASCII whitespace, CR and LF at both ends.
std::string_view trim(std::string_view text);

}  // namespace motcua
