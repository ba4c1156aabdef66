// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::crypto {

/// Overwrites a secret held in a string (OPENSSL_cleanse, which the compiler cannot drop)
/// and empties it.
void wipe(std::string& secret);
void wipe(std::vector<std::uint8_t>& secret);

/// Whether `a` and `b` are equal, in a time that depends on their length only.
bool equalSecrets(std::string_view a, std::string_view b);

}  // namespace motcua::crypto
