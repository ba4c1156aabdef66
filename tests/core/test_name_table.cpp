// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/name_table.h"

using namespace motcua;

namespace {

enum class Colour { Red, Green, Blue, Unlisted };

constexpr auto kColours = makeNameTable<Colour>(
    {
        {Colour::Red, "red"},
        {Colour::Green, "green"},
        {Colour::Blue, "blue"},
    },
    "red");

}  // namespace

TEST_CASE("a name table names each value and reads each name back", "[name_table]") {
    CHECK(kColours.name(Colour::Green) == "green");
    CHECK(kColours.name(Colour::Blue) == "blue");
    CHECK(kColours.parse("red") == Colour::Red);
    CHECK(kColours.parse("blue") == Colour::Blue);
    for (const auto& [value, name] : kColours.entries()) CHECK(kColours.parse(name) == value);
}

TEST_CASE("a value not in the table gets the fallback, a name not in it nothing", "[name_table]") {
    CHECK(kColours.name(Colour::Unlisted) == "red");
    CHECK(kColours.name(static_cast<Colour>(42)) == "red");
    CHECK_FALSE(kColours.parse("purple").has_value());
    CHECK_FALSE(kColours.parse("").has_value());
    // Names are compared byte for byte: no case folding, no trimming.
    CHECK_FALSE(kColours.parse("Red").has_value());
    CHECK_FALSE(kColours.parse("red ").has_value());
}

TEST_CASE("a name table lists its values in its order and works at compile time", "[name_table]") {
    CHECK(kColours.values() == std::vector<Colour>{Colour::Red, Colour::Green, Colour::Blue});
    static_assert(kColours.name(Colour::Blue) == "blue");
    static_assert(kColours.parse("green") == Colour::Green);
    static_assert(!kColours.parse("grey"));
    static_assert(kColours.entries().size() == 3);
}
