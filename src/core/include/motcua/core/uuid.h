// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

namespace motcua {

/// A random (version 4) UUID, lower-case canonical form. Thread-safe.
std::string newUuid();
bool isValidUuid(std::string_view text);

}  // namespace motcua
