// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

namespace motcua {

/// `text` with &, <, >, " and ' as character references: safe as text and as an attribute's
/// quoted value in HTML (the server's citizen page) and in Pango markup (the printed forms).
/// Throws nothing but std::bad_alloc.
std::string escapeMarkup(std::string_view text);

}  // namespace motcua
