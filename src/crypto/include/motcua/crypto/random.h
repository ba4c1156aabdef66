// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstddef>
#include <string>

namespace motcua::crypto {

/// `count` bytes from OpenSSL's CSPRNG. Thread-safe. Throws std::runtime_error if it fails.
std::string randomBytes(std::size_t count);
/// `count` random bytes as lowercase hex (tokens, salts).
std::string randomHex(std::size_t count);

}  // namespace motcua::crypto
