// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/op_state.h"

#include "motcua/core/name_table.h"

namespace motcua {

namespace {

constexpr auto kOpStates = makeNameTable<OpState>(
    {
        {OpState::Pending, "pending"},
        {OpState::Applied, "applied"},
        {OpState::Duplicate, "duplicate"},
        {OpState::Conflict, "conflict"},
        {OpState::Rejected, "rejected"},
    },
    "pending");

}  // namespace

std::string_view opStateName(OpState state) {
    return kOpStates.name(state);
}

std::optional<OpState> parseOpState(std::string_view name) {
    return kOpStates.parse(name);
}

}  // namespace motcua
