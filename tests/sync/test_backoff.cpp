// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>
#include <set>

#include "motcua/sync/backoff.h"

using motcua::sync::Backoff;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles up to the cap, never zero, with jitter", "[sync][backoff]") {
    Backoff backoff(milliseconds(1000), milliseconds(60'000), 42);
    std::int64_t ceiling = 1000;
    for (int i = 0; i < 12; ++i) {
        const auto d = backoff.next().count();
        INFO("attempt " << i << ": " << d);
        CHECK(d >= ceiling / 2);
        CHECK(d <= ceiling);
        ceiling = std::min<std::int64_t>(ceiling * 2, 60'000);
    }
    CHECK(backoff.failures() == 12);
    backoff.reset();
    CHECK(backoff.next().count() <= 1000);
}

TEST_CASE("desks that failed together spread out", "[sync][backoff]") {
    std::set<std::int64_t> delays;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Backoff backoff(milliseconds(1000), milliseconds(300'000), seed);
        for (int i = 0; i < 5; ++i) backoff.next();
        delays.insert(backoff.next().count());  // the sixth delay: between 16 and 32 s
    }
    CHECK(delays.size() >= 15);
    CHECK(*delays.begin() >= 16'000);
    CHECK(*delays.rbegin() <= 32'000);
}

TEST_CASE("many failures do not overflow", "[sync][backoff]") {
    Backoff backoff(milliseconds(1000), milliseconds(300'000), 7);
    // 2^n overflows after 63 doublings; the exponent is clamped long before.
    for (int i = 0; i < 1000; ++i) backoff.next();
    for (int i = 0; i < 10; ++i) {
        const auto d = backoff.next().count();
        CHECK(d >= 150'000);
        CHECK(d <= 300'000);
    }
}
