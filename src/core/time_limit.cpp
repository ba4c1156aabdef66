// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/time_limit.h"

namespace motcua {

std::string_view timeLimitUnitName(TimeLimit::Unit unit) {
    switch (unit) {
        case TimeLimit::Unit::WorkingDays:
            return "working_days";
        case TimeLimit::Unit::SameDay:
            return "same_day";
        case TimeLimit::Unit::WorkingHours:
            return "working_hours";
    }
    return "working_days";
}

std::optional<TimeLimit::Unit> parseTimeLimitUnit(std::string_view name) {
    if (name == "working_days") return TimeLimit::Unit::WorkingDays;
    if (name == "same_day") return TimeLimit::Unit::SameDay;
    if (name == "working_hours") return TimeLimit::Unit::WorkingHours;
    return std::nullopt;
}

}  // namespace motcua
