// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/time_limit.h"

#include "motcua/core/name_table.h"

namespace motcua {

namespace {

using Unit = TimeLimit::Unit;
constexpr auto kUnits = makeNameTable<Unit>(
    {
        {Unit::WorkingDays, "working_days"},
        {Unit::SameDay, "same_day"},
        {Unit::WorkingHours, "working_hours"},
    },
    "working_days");

}  // namespace

std::string_view timeLimitUnitName(TimeLimit::Unit unit) {
    return kUnits.name(unit);
}

std::optional<TimeLimit::Unit> parseTimeLimitUnit(std::string_view name) {
    return kUnits.parse(name);
}

}  // namespace motcua
