// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/error.h"
#include "motcua/core/procedure.h"

using namespace motcua;

TEST_CASE("certified copies cost per page with a cap per copy", "[fee]") {
    // Chứng thực bản sao từ bản chính: 2,000/page for pages 1-2, 1,000 from page 3, max 200,000.
    FeeRule rule{FeeRule::Kind::PerPageTiered, Money{2000}, 2, Money{1000}, Money{200000}, ""};
    CHECK(rule.compute({1, 1}).vnd == 2000);
    CHECK(rule.compute({1, 2}).vnd == 4000);
    CHECK(rule.compute({1, 5}).vnd == 7000);
    CHECK(rule.compute({3, 5}).vnd == 21000);
    CHECK(rule.compute({1, 500}).vnd == 200000);
    CHECK(rule.compute({2, 500}).vnd == 400000);
    CHECK_THROWS_AS(rule.compute({0, 1}), Error);
}

TEST_CASE("fixed, per-copy and free fees", "[fee]") {
    CHECK(FeeRule{FeeRule::Kind::PerCopy, Money{8000}}.compute({3, 1}).vnd == 24000);
    CHECK(FeeRule{FeeRule::Kind::Fixed, Money{50000}}.compute({3, 9}).vnd == 50000);
    CHECK(FeeRule{}.compute({1, 1}).vnd == 0);
    CHECK(formatVnd(Money{200000}) == "200.000 đồng");
    CHECK(formatVnd(Money{0}) == "0 đồng");
    CHECK(formatVnd(Money{1234567}) == "1.234.567 đồng");
}

TEST_CASE("procedure codes and validation", "[procedure]") {
    CHECK(isValidProcedureCode("1.001193"));
    CHECK(isValidProcedureCode("2.000815.000.00.00.H30"));
    CHECK_FALSE(isValidProcedureCode("1.00119"));
    CHECK_FALSE(isValidProcedureCode("1001193"));
    CHECK_FALSE(isValidProcedureCode("1.001193."));
    CHECK_FALSE(isValidProcedureCode("a.001193"));

    Procedure p;
    p.code = "1.001193";
    p.name = "Đăng ký khai sinh";
    p.limit = {TimeLimit::Unit::SameDay, 0, std::nullopt};
    REQUIRE_NOTHROW(p.validate());
    CHECK(p.effectiveLimit().cutoff == std::chrono::minutes(15 * 60));
    p.documents.push_back({"Tờ khai", RequiredDocument::Form::Original, 0});
    CHECK_THROWS_AS(p.validate(), Error);
    p.documents.clear();
    p.name.clear();
    CHECK_THROWS_AS(p.validate(), Error);
}
