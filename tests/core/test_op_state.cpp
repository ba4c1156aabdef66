// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/op_state.h"

using namespace motcua;

TEST_CASE("outbox op states are spelled as the desk's database keeps them", "[op_state]") {
    CHECK(opStateName(OpState::Pending) == "pending");
    CHECK(opStateName(OpState::Applied) == "applied");
    CHECK(opStateName(OpState::Duplicate) == "duplicate");
    CHECK(opStateName(OpState::Conflict) == "conflict");
    CHECK(opStateName(OpState::Rejected) == "rejected");
    for (const OpState s : {OpState::Pending, OpState::Applied, OpState::Duplicate,
                            OpState::Conflict, OpState::Rejected})
        CHECK(parseOpState(opStateName(s)) == s);
    CHECK_FALSE(parseOpState("Applied").has_value());
    CHECK_FALSE(parseOpState("").has_value());
    CHECK_FALSE(parseOpState("done").has_value());
}

TEST_CASE("only a conflict or a rejection waits for a person", "[op_state]") {
    CHECK(isRefused(OpState::Conflict));
    CHECK(isRefused(OpState::Rejected));
    CHECK_FALSE(isRefused(OpState::Pending));
    CHECK_FALSE(isRefused(OpState::Applied));
    CHECK_FALSE(isRefused(OpState::Duplicate));
}
