// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/time_limit.h"

namespace motcua {

/// One office session of a working day, e.g. 07:30-11:30.
struct OfficeSession {
    std::chrono::minutes start;
    std::chrono::minutes end;
    bool operator==(const OfficeSession&) const = default;
};

/// Office hours of a working day: one or more sessions, ascending and disjoint.
struct OfficeHours {
    std::vector<OfficeSession> sessions;
    /// 07:30-11:30 and 13:30-17:00, the most common hours of a ward desk.
    static OfficeHours standard();
    /// "07:30-11:30,13:30-17:00". Throws Error(InvalidArgument) for anything else, including
    /// sessions that are empty, unordered or overlapping.
    static OfficeHours parse(std::string_view text);
    std::string str() const;
    std::chrono::minutes opening() const { return sessions.front().start; }
    std::chrono::minutes closing() const { return sessions.back().end; }
    bool operator==(const OfficeHours&) const = default;
};

/// A day the per-year table declares: a day off that the rules do not give (a swapped weekday,
/// the Tết days the government fixes), or a worked day (a make-up Saturday).
struct CalendarOverride {
    enum class Kind { DayOff, WorkDay };
    Date date;
    Kind kind = Kind::DayOff;
    std::string note;  ///< e.g. "Tết Nguyên đán", "Làm bù cho thứ Sáu 02/5"
};

/// A holiday the Labour Code's rules give (art. 112) and its make-up day (art. 111(3)).
struct Holiday {
    Date date;
    std::string name;
    bool makeUp = false;  ///< a weekday off because the holiday fell on a weekend
};

/// Working days and office hours of a ward. Rules: Monday-Friday, the statutory holidays of
/// the Labour Code 2019 art. 112 (solar and lunar), weekend holidays made up on the next
/// working day (art. 111(3)); then the editable per-year table of overrides wins over the
/// rules. Not thread-safe for writes; const methods may be called from any thread.
class WorkCalendar {
public:
    explicit WorkCalendar(OfficeHours hours = OfficeHours::standard());

    void setOfficeHours(OfficeHours hours);  ///< throws Error(InvalidArgument) if unordered/empty
    const OfficeHours& officeHours() const { return m_hours; }

    void setOverride(const CalendarOverride& day);  ///< replaces any override of that date
    void clearOverride(Date date);
    std::vector<CalendarOverride> overrides(int year) const;

    /// The statutory holidays of a year by rule, with their make-up days.
    std::vector<Holiday> holidays(int year) const;

    bool isWorkingDay(Date date) const;
    /// Why the date is not worked ("Tết Nguyên đán", "Thứ Bảy", ...), or nullopt if it is.
    std::optional<std::string> dayOffReason(Date date) const;
    Date nextWorkingDay(Date date) const;  ///< the first working day strictly after date

    /// When the result is due for a dossier received at `received`. Working-day limits end at
    /// the same time of day N working days after the day the clock starts; receipts outside
    /// office hours or after the cut-off start the next working day at opening. Same-day limits
    /// end at closing of the day, or of the next working day after the cut-off (15:00 default).
    /// Hour limits count office hours only.
    LocalDateTime dueAt(LocalDateTime received, const TimeLimit& limit) const;
    /// The office time between two moments: the parts of office sessions of working days that
    /// lie in [from, to), to the minute (seconds dropped). Negative when `to` is before `from`
    /// (how far past a deadline `from` is). Throws Error(CalendarOutOfRange) outside the
    /// calendar's years.
    std::chrono::minutes workingTime(LocalDateTime from, LocalDateTime to) const;

private:
    OfficeHours m_hours;
    std::map<Days, CalendarOverride> m_overrides;
};

}  // namespace motcua
