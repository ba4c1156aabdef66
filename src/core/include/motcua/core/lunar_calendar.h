// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include "motcua/core/date_time.h"

namespace motcua {

/// A date of the Vietnamese lunisolar calendar (âm lịch).
struct LunarDate {
    int day = 1;        ///< 1..30
    int month = 1;      ///< 1..12
    int year = 0;       ///< the solar year in which this lunar year begins (Tết)
    bool leap = false;  ///< a leap (nhuận) month
    auto operator<=>(const LunarDate&) const = default;
};

/// The Vietnamese lunar calendar, computed astronomically for UTC+7 (it differs from the
/// Chinese calendar, computed for UTC+8, in some years: Tết 1985 fell on 21 January in
/// Vietnam). Valid for solar years 1900-2199. Pure computation; thread-safe.
class LunarCalendar {
public:
    /// Throws Error(CalendarOutOfRange) outside 1900-2199.
    static LunarDate fromSolar(Date solar);
    /// Throws Error(LunarDateInvalid) for a day or leap month the year does not have.
    static Date toSolar(const LunarDate& lunar);
    /// First day of the lunar year that begins in `solarYear` (mùng 1 Tết).
    static Date tet(int solarYear);
};

}  // namespace motcua
