// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Password hashing and tokens through motcua::crypto, as ServerError; private to the server layer.
#pragma once

#include <string>
#include <string_view>

namespace motcua::server {

/// `bytes` random bytes from OpenSSL's CSPRNG, as lowercase hex.
std::string randomHex(int bytes);
/// PBKDF2-HMAC-SHA256 of the password with the (binary) salt, 32 bytes.
std::string pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);
/// The stored form of a password: hex PBKDF2-HMAC-SHA256 over the salt given in hex.
std::string passwordHashHex(std::string_view password, std::string_view saltHex, int iterations);
/// SHA-256 as lowercase hex; sessions are stored by the hash of their token, so a leaked
/// database does not hand out live tokens.
std::string sha256Hex(std::string_view data);
/// SHA-256 of a file's content as lowercase hex; throws ServerError(Storage) if unreadable.
std::string sha256FileHex(const std::string& path);
/// Constant-time comparison of equal-length secrets.
bool equalSecrets(std::string_view a, std::string_view b);

}  // namespace motcua::server
