// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// One set of limits for both ends (DESIGN.md "Who decides what"): the desk refuses input past
// them at intake, the server refuses ops past them on push, so no op a desk accepts can be one
// the server refuses as a batch, and nothing the server stores can be one a desk cannot pull.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace motcua::limits {

// Field lengths in UTF-8 bytes (a Vietnamese letter takes 1 to 3).
inline constexpr std::size_t kNameBytes = 300;  ///< applicant's and officers' full names
inline constexpr std::size_t kAddressBytes = 1000;
inline constexpr std::size_t kPhoneBytes = 32;
inline constexpr std::size_t kEmailBytes = 254;  ///< RFC 5321's path limit
inline constexpr std::size_t kIdNumberBytes = 32;
inline constexpr std::size_t kReasonBytes = 4000;  ///< supplement lists, rejections, send-backs
inline constexpr std::size_t kDocumentNameBytes = 500;
inline constexpr std::size_t kFileNameBytes = 255;
inline constexpr std::size_t kStatusNameBytes = 32;

inline constexpr std::size_t kDocumentsPerDossier = 100;
inline constexpr std::size_t kAttachmentsPerDossier = 100;
inline constexpr int kMaxSets = 100;

/// One op's payload as JSON text; a dossier at every limit above fits in it.
inline constexpr std::size_t kPayloadBytes = 256u * 1024u;
/// One attachment or result document.
inline constexpr std::int64_t kBlobBytes = 256 * 1024 * 1024;

/// Checks one line of text a person typed (a name, an address, a phone number): valid UTF-8,
/// at most `maxBytes`, no control character (C0, DEL, C1) and no bidirectional control
/// (U+061C, U+200E-F, U+202A-E, U+2066-9) that could make it display as something else. With
/// `multiline`, line breaks and tabs are allowed too (reasons). `field` names it in the
/// message. Throws Error(InvalidUtf8 | FieldTooLong | ControlCharacter).
void checkText(std::string_view field, std::string_view text, std::size_t maxBytes,
               bool multiline = false);

/// Throws Error(TooManyItems) when `count` exceeds `max`.
void checkCount(std::string_view what, std::size_t count, std::size_t max);

}  // namespace motcua::limits
