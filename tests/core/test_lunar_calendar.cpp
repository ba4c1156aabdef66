// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "support/errc_of.h"
#include <string>
#include <utility>

#include "motcua/core/error.h"
#include "motcua/core/lunar_calendar.h"

using namespace motcua;
using motcua::test::errcOf;
using namespace std::chrono;

namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{year{y}, month{m}, day{d}};
}

std::string lunarText(const LunarDate& l) {
    return std::to_string(l.day) + "/" + std::to_string(l.month) + (l.leap ? "n" : "") + "/" +
           std::to_string(l.year);
}

}  // namespace

TEST_CASE("Tết falls on the published Vietnamese dates", "[lunar]") {
    // Where Vietnam (UTC+7) and China (UTC+8) differ, the Vietnamese date is the one listed:
    // 1985 (China 20 Feb), 2007 (China 18 Feb), 2030 (China 3 Feb).
    const std::pair<int, const char*> published[] = {
        {1985, "1985-01-21"}, {2000, "2000-02-05"}, {2007, "2007-02-17"}, {2008, "2008-02-07"},
        {2010, "2010-02-14"}, {2012, "2012-01-23"}, {2015, "2015-02-19"}, {2016, "2016-02-08"},
        {2017, "2017-01-28"}, {2018, "2018-02-16"}, {2019, "2019-02-05"}, {2020, "2020-01-25"},
        {2021, "2021-02-12"}, {2022, "2022-02-01"}, {2023, "2023-01-22"}, {2024, "2024-02-10"},
        {2025, "2025-01-29"}, {2026, "2026-02-17"}, {2027, "2027-02-06"}, {2028, "2028-01-26"},
        {2029, "2029-02-13"}, {2030, "2030-02-02"}, {2031, "2031-01-23"},
    };
    for (const auto& [y, expected] : published) {
        INFO(y);
        CHECK(formatIsoDate(LunarCalendar::tet(y)) == expected);
        CHECK(LunarCalendar::fromSolar(parseIsoDate(expected)) == LunarDate{1, 1, y, false});
    }
}

TEST_CASE("Hùng Kings' day, the 10th of the third lunar month", "[lunar]") {
    CHECK(formatIsoDate(LunarCalendar::toSolar({10, 3, 2024, false})) == "2024-04-18");
    CHECK(formatIsoDate(LunarCalendar::toSolar({10, 3, 2025, false})) == "2025-04-07");
    CHECK(formatIsoDate(LunarCalendar::toSolar({10, 3, 2026, false})) == "2026-04-26");
}

TEST_CASE("Leap months fall where the published calendars put them", "[lunar]") {
    // 2023: leap 2nd month from 22 March; 2020: leap 4th from 23 May; 2025: leap 6th from 25 July.
    CHECK(formatIsoDate(LunarCalendar::toSolar({1, 2, 2023, true})) == "2023-03-22");
    CHECK(LunarCalendar::fromSolar(ymd(2023, 3, 21)) == LunarDate{30, 2, 2023, false});
    CHECK(formatIsoDate(LunarCalendar::toSolar({1, 4, 2020, true})) == "2020-05-23");
    CHECK(LunarCalendar::fromSolar(ymd(2020, 6, 21)) == LunarDate{1, 5, 2020, false});
    CHECK(formatIsoDate(LunarCalendar::toSolar({1, 6, 2025, true})) == "2025-07-25");
    CHECK(LunarCalendar::fromSolar(ymd(2025, 8, 23)) == LunarDate{1, 7, 2025, false});
    // Mid-Autumn 2025 (15/8) was on 6 October.
    CHECK(formatIsoDate(LunarCalendar::toSolar({15, 8, 2025, false})) == "2025-10-06");
}

TEST_CASE("The last months of a lunar year belong to the year Tết began", "[lunar]") {
    // 1 January 2026 is in month 11 of the year Ất Tỵ, which began in 2025.
    const LunarDate l = LunarCalendar::fromSolar(ymd(2026, 1, 1));
    INFO(lunarText(l));
    CHECK(l.year == 2025);
    CHECK(l.month == 11);
    CHECK_FALSE(l.leap);
    // The day before Tết 2026 is the last day of the last month of 2025.
    const LunarDate eve = LunarCalendar::fromSolar(ymd(2026, 2, 16));
    INFO(lunarText(eve));
    CHECK(eve.month == 12);
    CHECK(eve.year == 2025);
    CHECK(LunarCalendar::toSolar({eve.day, 12, 2025, false}) == ymd(2026, 2, 16));
}

TEST_CASE("Every day of 1900-2199 converts to lunar and back", "[lunar]") {
    const sys_days first{ymd(1900, 1, 1)};
    const sys_days last{ymd(2199, 12, 31)};
    LunarDate previous = LunarCalendar::fromSolar(Date{first});
    long failures = 0;
    for (sys_days d = first + days{1}; d <= last; d += days{1}) {
        const LunarDate l = LunarCalendar::fromSolar(Date{d});
        // Days follow each other: next day of the month, or day 1 of a month with 29/30 days.
        const bool continues = l.day == previous.day + 1 && l.month == previous.month &&
                               l.year == previous.year && l.leap == previous.leap;
        const bool newMonth = l.day == 1 && (previous.day == 29 || previous.day == 30);
        const bool roundTrips = sys_days{LunarCalendar::toSolar(l)} == d;
        if (!(continues || newMonth) || !roundTrips) {
            ++failures;
            if (failures < 5) FAIL_CHECK(formatIsoDate(Date{d}) + " -> " + lunarText(l));
        }
        previous = l;
    }
    CHECK(failures == 0);
}

TEST_CASE("Lunar conversions reject what the calendar does not have", "[lunar]") {
    CHECK(errcOf([] { LunarCalendar::fromSolar(ymd(1899, 12, 31)); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([] { LunarCalendar::fromSolar(ymd(2200, 1, 1)); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([] { LunarCalendar::tet(1899); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([] { LunarCalendar::tet(2200); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 1, 1800, false}); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 1, 2300, false}); }) == Errc::CalendarOutOfRange);
    // 2024 had no leap month; 2023's leap month was the 2nd, not the 3rd.
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 5, 2024, true}); }) == Errc::LunarDateInvalid);
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 3, 2023, true}); }) == Errc::LunarDateInvalid);
    // Month 12 of Giáp Thìn (2024) had 29 days: Tết 2025 followed its 29th.
    CHECK(formatIsoDate(LunarCalendar::toSolar({29, 12, 2024, false})) == "2025-01-28");
    CHECK(errcOf([] { LunarCalendar::toSolar({30, 12, 2024, false}); }) == Errc::LunarDateInvalid);
    CHECK(errcOf([] { LunarCalendar::toSolar({31, 1, 2025, false}); }) == Errc::LunarDateInvalid);
    CHECK(errcOf([] { LunarCalendar::toSolar({0, 1, 2025, false}); }) == Errc::LunarDateInvalid);
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 13, 2025, false}); }) == Errc::LunarDateInvalid);
    CHECK(errcOf([] { LunarCalendar::toSolar({1, 0, 2025, false}); }) == Errc::LunarDateInvalid);
}
