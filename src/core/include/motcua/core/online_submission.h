// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online and postal submissions: how long a ward has to decide on one. The legal allowance was
// not confirmed in any text we saw, so it is a ward setting; the default is one working day.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "motcua/core/date_time.h"
#include "motcua/core/time_limit.h"
#include "motcua/core/work_calendar.h"

namespace motcua {

/// One working day.
TimeLimit defaultDecisionAllowance();
/// "1d" (working days, 1-30) or "8h" (office hours, 1-240); nullopt for anything else.
std::optional<TimeLimit> parseDecisionAllowance(std::string_view text);
/// "1d", "8h": what parseDecisionAllowance reads back.
std::string formatDecisionAllowance(const TimeLimit& allowance);

/// When the ward must have accepted, sent back or refused a submission made at `submitted`
/// (any hour: a portal takes submissions at night and on days off). Counted in working time
/// on the ward's calendar: a submission outside office hours starts at the next opening; days
/// off, Tết and make-up days are the calendar's. No cut-off applies.
LocalDateTime decisionDeadline(const WorkCalendar& calendar, LocalDateTime submitted,
                               const TimeLimit& allowance);

}  // namespace motcua
