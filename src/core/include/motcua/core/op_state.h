// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string_view>

namespace motcua {

/// Where a desk's outbox op stands: waiting to be pushed, or what the server answered. The
/// desk's database keeps it by name (its CHECK lists the same names), the CLI prints the name.
enum class OpState {
    Pending,    ///< "pending": not yet answered by the server
    Applied,    ///< "applied": the server applied it
    Duplicate,  ///< "duplicate": the server had applied it already (a retried push)
    Conflict,   ///< "conflict": the server's dossier moved on; a person settles it
    Rejected,   ///< "rejected": the server refused it; a person settles it
};

std::string_view opStateName(OpState state);
std::optional<OpState> parseOpState(std::string_view name);

/// Conflict or rejected: the server did not follow the desk, and someone must decide.
inline bool isRefused(OpState state) {
    return state == OpState::Conflict || state == OpState::Rejected;
}

}  // namespace motcua
