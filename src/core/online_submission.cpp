// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/online_submission.h"

#include <charconv>

namespace motcua {

TimeLimit defaultDecisionAllowance() {
    return TimeLimit{TimeLimit::Unit::WorkingDays, 1, std::nullopt};
}

std::optional<TimeLimit> parseDecisionAllowance(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    const char unit = text.back();
    const std::string_view digits = text.substr(0, text.size() - 1);
    int value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    if (unit == 'd' && value >= 1 && value <= 30)
        return TimeLimit{TimeLimit::Unit::WorkingDays, value, std::nullopt};
    if (unit == 'h' && value >= 1 && value <= 240)
        return TimeLimit{TimeLimit::Unit::WorkingHours, value, std::nullopt};
    return std::nullopt;
}

std::string formatDecisionAllowance(const TimeLimit& allowance) {
    return std::to_string(allowance.value) +
           (allowance.unit == TimeLimit::Unit::WorkingHours ? "h" : "d");
}

LocalDateTime decisionDeadline(const WorkCalendar& calendar, LocalDateTime submitted,
                               const TimeLimit& allowance) {
    TimeLimit limit = allowance;
    limit.cutoff.reset();
    if (limit.unit == TimeLimit::Unit::SameDay) limit = defaultDecisionAllowance();
    return calendar.dueAt(submitted, limit);
}

}  // namespace motcua
