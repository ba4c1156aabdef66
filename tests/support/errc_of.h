// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <catch2/catch.hpp>

#include "motcua/core/error.h"

namespace motcua::test {

/// The code of the core Error that `action` throws; fails the test when it throws none.
template <class Action>
Errc errcOf(Action&& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("expected motcua::Error");
    return Errc::InvalidArgument;
}

}  // namespace motcua::test
