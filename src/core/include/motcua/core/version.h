// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string_view>

namespace motcua {

/// The project's version (CMake's project(VERSION)), the one every program reports.
std::string_view projectVersion();

}  // namespace motcua
