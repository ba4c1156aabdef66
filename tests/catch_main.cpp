// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
