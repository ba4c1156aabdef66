// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/electronic_result.h"
#include "motcua/core/error.h"

using namespace motcua;

TEST_CASE("an electronic result's code is the dossier's with -KQ and two digits",
          "[electronic-result]") {
    CHECK(electronicResultCode("H01.01-260310-2001", 1) == "H01.01-260310-2001-KQ01");
    CHECK(electronicResultCode("H01.01-260310-2001", 2) == "H01.01-260310-2001-KQ02");
    CHECK(electronicResultCode("H01.01-260310-2001", 10) == "H01.01-260310-2001-KQ10");
    CHECK(electronicResultCode("H01.01-260310-2001", 99) == "H01.01-260310-2001-KQ99");
    CHECK_THROWS_AS(electronicResultCode("H01.01-260310-2001", 0), Error);
    CHECK_THROWS_AS(electronicResultCode("H01.01-260310-2001", 100), Error);
    CHECK_THROWS_AS(electronicResultCode("", 1), Error);

    const auto parsed = parseElectronicResultCode("H01.01-260310-2001-KQ12");
    REQUIRE(parsed);
    CHECK(parsed->dossierCode == "H01.01-260310-2001");
    CHECK(parsed->number == 12);
    for (int n : {1, 9, 42, 99}) {
        const auto back = parseElectronicResultCode(electronicResultCode("X-1", n));
        REQUIRE(back);
        CHECK(back->number == n);
        CHECK(back->dossierCode == "X-1");
    }
    for (const char* bad : {"H01.01-260310-2001", "H01.01-260310-2001-KQ00",
                            "H01.01-260310-2001-KQ1", "H01.01-260310-2001-KQ001", "-KQ01",
                            "H01.01-260310-2001-KQ0a", "H01.01-260310-2001-kq01", ""})
        CHECK_FALSE(parseElectronicResultCode(bad));
}
