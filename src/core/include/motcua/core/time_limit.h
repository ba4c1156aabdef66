// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace motcua {

/// The statutory time to settle a procedure.
struct TimeLimit {
    enum class Unit {
        WorkingDays,   ///< value = number of working days
        SameDay,       ///< returned the day it is received (value ignored)
        WorkingHours,  ///< value = office hours
    };
    Unit unit = Unit::WorkingDays;
    int value = 1;
    /// Received after this local time of day, the clock starts on the next working day.
    /// Same-day procedures default to 15:00 when the catalog gives none.
    std::optional<std::chrono::minutes> cutoff;

    bool operator==(const TimeLimit&) const = default;
};

std::string_view timeLimitUnitName(
    TimeLimit::Unit unit);  ///< "working_days", "same_day", "working_hours"
std::optional<TimeLimit::Unit> parseTimeLimitUnit(std::string_view name);

}  // namespace motcua
