// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace motcua::crypto {

enum class HexCase { Lower, Upper };

/// Two hex digits per byte.
std::string toHex(std::string_view bytes, HexCase letters = HexCase::Lower);
/// The bytes of an even-length string of hex digits (either case); nullopt otherwise.
std::optional<std::string> fromHex(std::string_view hex);

}  // namespace motcua::crypto
