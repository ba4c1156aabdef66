// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's tracking page: a dossier's random key and the address on the receipt's QR,
// `https://<backend>/tra-cuu/<code>?k=<key>` (issue 16, "A page for the citizen").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace motcua {

/// 128 random bits, written as 32 lowercase hex digits (URL-safe as it is).
inline constexpr std::size_t kTrackingKeyBytes = 16;
inline constexpr std::size_t kTrackingKeyLength = 2 * kTrackingKeyBytes;
/// The page's path on the backend, before the dossier's code.
inline constexpr std::string_view kTrackingPath = "/tra-cuu/";

/// A new key from the CSPRNG. Thread-safe. Throws std::runtime_error if the CSPRNG fails.
std::string makeTrackingKey();
/// Whether `text` has a key's form: exactly 32 lowercase hex digits. Throws nothing.
bool isTrackingKey(std::string_view text);

/// The receipt's address: `serverUrl` (the ward's "https://host[:port]", a trailing '/' or
/// none), the page's path, the code and the key. Throws nothing but std::bad_alloc.
std::string trackingAddress(std::string_view serverUrl, std::string_view code,
                            std::string_view key);

/// What a tracking address names.
struct TrackingReference {
    std::string code;
    std::string key;  ///< empty when the address carries none
};
/// Reads `https://<host>[:port]/tra-cuu/<code>[?k=<key>]`: the code must be a dossier code and
/// the key, when there, a key's form; nothing else may follow. Nothing for any other text.
/// Pure; throws nothing but std::bad_alloc.
std::optional<TrackingReference> parseTrackingAddress(std::string_view text);

/// The dossier code a scanned receipt names: its QR holds the bare code (receipts printed
/// before the page, or by a ward without a backend) or the tracking address. Nothing for
/// anything else. Throws nothing but std::bad_alloc.
std::optional<std::string> scannedDossierCode(std::string_view text);

}  // namespace motcua
