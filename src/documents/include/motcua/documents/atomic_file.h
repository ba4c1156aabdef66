// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

namespace motcua::documents {

/// Writes `bytes` to `path` atomically (motcua::files: temporary, fsync, rename, fsync of the
/// folder): either the whole new file is there or the old one is untouched.
/// Throws DocumentError(Io) naming the target and the reason.
void writeFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace motcua::documents
