// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The two shared files every ward receives: the procedure catalog and the per-year calendar
// table (days off, make-up days), as JSON. The desk's store and the server read them the same
// way.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "motcua/core/procedure.h"
#include "motcua/core/work_calendar.h"

namespace motcua {

/// One year of the calendar table and its overrides.
using CalendarYear = std::pair<int, std::vector<CalendarOverride>>;

/// Parses and validates catalog JSON (`{"procedures": [...]}`). Throws Error(InvalidArgument)
/// naming the entry that is wrong.
std::vector<Procedure> parseCatalogJson(const std::string& text);

/// Parses the days-off table (`{"years": {"2026": {"days_off": [...], "work_days": [...]}}}`).
/// Throws Error(InvalidArgument).
std::vector<CalendarYear> parseCalendarJson(const std::string& text);

}  // namespace motcua
