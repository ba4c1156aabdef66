// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace motcua {

/// An amount in Vietnamese đồng. The đồng has no subunit in use, so integers are exact.
struct Money {
    std::int64_t vnd = 0;

    auto operator<=>(const Money&) const = default;
    Money operator+(Money other) const { return Money{vnd + other.vnd}; }
    Money operator*(std::int64_t n) const { return Money{vnd * n}; }
    Money& operator+=(Money other) {
        vnd += other.vnd;
        return *this;
    }
};

/// "200.000 đồng" with the Vietnamese thousands separator.
std::string formatVnd(Money amount);

}  // namespace motcua
