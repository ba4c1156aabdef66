// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::crypto {

/// Iterations of new desk verifiers (offline login). Kept from the first release so that a
/// desk's login takes what it took; the verifier names its own count, so a later raise
/// still verifies the old ones.
inline constexpr std::uint32_t kDeskPasswordIterations = 120000;

/// HMAC-SHA256 (RFC 2104).
std::vector<std::uint8_t> hmacSha256(std::string_view key, std::string_view message);

/// PBKDF2-HMAC-SHA256 (RFC 8018) of `length` bytes. Throws std::runtime_error if OpenSSL fails.
std::vector<std::uint8_t> pbkdf2Sha256(std::string_view password, std::string_view salt,
                                       std::uint32_t iterations, std::size_t length);

/// A stored password verifier: "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>". Only this
/// is kept; the password itself never reaches the disk.
std::string makePasswordVerifier(std::string_view password,
                                 std::uint32_t iterations = kDeskPasswordIterations);
/// Constant-time check of a password against a verifier; false for a malformed verifier.
bool checkPassword(std::string_view password, std::string_view verifier);

}  // namespace motcua::crypto
