// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "support/errc_of.h"
#include <string>
#include <thread>

#include "motcua/core/date_time.h"
#include "motcua/core/error.h"
#include "motcua/core/time_limit.h"

using namespace motcua;
using motcua::test::errcOf;
using namespace std::chrono;

namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{year{y}, month{m}, day{d}};
}

}  // namespace

TEST_CASE("ISO dates parse and format round trip", "[datetime]") {
    CHECK(parseIsoDate("2026-02-13") == ymd(2026, 2, 13));
    CHECK(parseIsoDate("2024-02-29") == ymd(2024, 2, 29));
    CHECK(parseIsoDate("1900-01-01") == ymd(1900, 1, 1));
    CHECK(parseIsoDate("2199-12-31") == ymd(2199, 12, 31));
    for (const char* text : {"2026-02-13", "2000-02-29", "1999-12-31", "2026-01-05"})
        CHECK(formatIsoDate(parseIsoDate(text)) == text);
    CHECK(tryParseIsoDate("2026-02-13") == ymd(2026, 2, 13));
}

TEST_CASE("Bad ISO dates are rejected", "[datetime]") {
    const char* bad[] = {
        "",           "2026-2-13",        "2026-02-1",   "2026-02-130", "20260213",   "2026/02/13",
        "2026-13-01", "2026-00-10",       "2026-02-00",  "2026-04-31",  "2025-02-29", "1900-02-29",
        "2026-02-1a", "abcd-ef-gh",       " 2026-02-13", "2026-02-13 ", "1899-12-31", "2200-01-01",
        "+026-02-13", "2026-02-13T10:00",
    };
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(tryParseIsoDate(text).has_value());
        CHECK(errcOf([&] { parseIsoDate(text); }) == Errc::InvalidDate);
    }
}

TEST_CASE("ISO date-times in Vietnam time parse and format", "[datetime]") {
    const auto value = parseIsoDateTime("2026-02-13T14:30");
    CHECK(value == LocalDateTime::at(ymd(2026, 2, 13), 14, 30));
    CHECK(formatIsoDateTime(value) == "2026-02-13T14:30:00+07:00");
    CHECK(parseIsoDateTime("2026-02-13T14:30:45") ==
          LocalDateTime::at(ymd(2026, 2, 13), 14, 30, 45));
    CHECK(parseIsoDateTime("2026-02-13T14:30:45+07:00") ==
          LocalDateTime::at(ymd(2026, 2, 13), 14, 30, 45));
    for (const char* text :
         {"2026-02-13T14:30:00+07:00", "2000-01-01T00:00:00+07:00", "2199-12-31T23:59:59+07:00"})
        CHECK(formatIsoDateTime(parseIsoDateTime(text)) == text);
}

TEST_CASE("Other UTC offsets are converted to Vietnam time", "[datetime]") {
    CHECK(parseIsoDateTime("2026-02-13T07:30Z") == LocalDateTime::at(ymd(2026, 2, 13), 14, 30));
    CHECK(parseIsoDateTime("2026-02-13T20:00:00Z") == LocalDateTime::at(ymd(2026, 2, 14), 3, 0));
    CHECK(parseIsoDateTime("2026-02-13T10:00+09:00") == LocalDateTime::at(ymd(2026, 2, 13), 8, 0));
    CHECK(parseIsoDateTime("2026-01-01T01:00+09:00") ==
          LocalDateTime::at(ymd(2025, 12, 31), 23, 0));
    CHECK(parseIsoDateTime("2026-02-28T20:15:30-05:00") ==
          LocalDateTime::at(ymd(2026, 3, 1), 8, 15, 30));
    CHECK(parseIsoDateTime("2026-02-13T12:00+05:30") ==
          LocalDateTime::at(ymd(2026, 2, 13), 13, 30));
}

TEST_CASE("Bad date-times are rejected", "[datetime]") {
    const char* bad[] = {
        "",
        "2026-02-13",
        "2026-02-13T",
        "2026-02-13T1430",
        "2026-02-13 14:30",
        "2026-02-13T24:00",
        "2026-02-13T23:60",
        "2026-02-13T14:30:60",
        "2026-02-13T14:30:5",
        "2025-02-29T10:00",
        "2026-13-13T10:00",
        "2026-02-13T14:30+7",
        "2026-02-13T14:30+07",
        "2026-02-13T14:30+0700",
        "2026-02-13T14:30+15:00",
        "2026-02-13T14:30+07:60",
        "2026-02-13T14:30z",
        "2026-02-13T14:30Zulu",
        "2026-02-13T14:30 ",
        "2026-02-13Tab:cd",
        "garbage-in-garbage-out",
    };
    for (const char* text : bad) {
        INFO(text);
        CHECK(errcOf([&] { parseIsoDateTime(text); }) == Errc::InvalidDateTime);
    }
}

TEST_CASE("LocalDateTime::at validates its fields", "[datetime]") {
    const auto t = LocalDateTime::at(ymd(2026, 2, 13), 14, 30, 15);
    CHECK(t.hour() == 14);
    CHECK(t.minute() == 30);
    CHECK(t.second() == 15);
    CHECK(t.date() == ymd(2026, 2, 13));
    CHECK(t.minutesOfDay() == minutes{14 * 60 + 30});
    CHECK(errcOf([] { LocalDateTime::at(ymd(2026, 2, 13), 24, 0); }) == Errc::InvalidDateTime);
    CHECK(errcOf([] { LocalDateTime::at(ymd(2026, 2, 13), -1, 0); }) == Errc::InvalidDateTime);
    CHECK(errcOf([] { LocalDateTime::at(ymd(2026, 2, 13), 10, 60); }) == Errc::InvalidDateTime);
    CHECK(errcOf([] { LocalDateTime::at(ymd(2026, 2, 13), 10, 0, 60); }) == Errc::InvalidDateTime);
    CHECK(errcOf([] { LocalDateTime::at(ymd(2026, 2, 30), 10, 0); }) == Errc::InvalidDateTime);
}

TEST_CASE("Day-month-year digits from the CCCD QR code", "[datetime]") {
    CHECK(tryParseDdMmYyyy("13022026") == ymd(2026, 2, 13));
    CHECK(tryParseDdMmYyyy("29022000") == ymd(2000, 2, 29));
    CHECK(tryParseDdMmYyyy("01011950") == ymd(1950, 1, 1));
    for (const char* text : {"", "1302202", "130220260", "29022025", "32012026", "00012026",
                             "01132026", "0101195a", "01-01-1950", "2026-02-13"}) {
        INFO(text);
        CHECK_FALSE(tryParseDdMmYyyy(text).has_value());
    }
}

TEST_CASE("Vietnamese wording of dates and times", "[datetime]") {
    CHECK(formatVietnameseDateTime(LocalDateTime::at(ymd(2026, 2, 13), 14, 30)) ==
          "14 giờ 30 phút, ngày 13 tháng 02 năm 2026");
    CHECK(formatVietnameseDateTime(LocalDateTime::at(ymd(2026, 1, 5), 7, 5, 59)) ==
          "07 giờ 05 phút, ngày 05 tháng 01 năm 2026");
    CHECK(formatVietnameseDate(ymd(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026");
    CHECK(formatVietnameseDate(ymd(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025");
}

TEST_CASE("Local and UTC time points convert with the fixed +07:00 offset", "[datetime]") {
    const sys_seconds utc = sys_days{ymd(2026, 2, 13)} + hours{20} + minutes{5} + seconds{9};
    const LocalDateTime local = toLocal(utc);
    CHECK(local == LocalDateTime::at(ymd(2026, 2, 14), 3, 5, 9));
    CHECK(toUtc(local) == utc);
    CHECK(toUtc(LocalDateTime::at(ymd(2026, 1, 1), 6, 59)) ==
          sys_days{ymd(2025, 12, 31)} + hours{23} + minutes{59});
    // Sub-second precision is dropped, never rounded up into the next second.
    CHECK(toLocal(utc + milliseconds{999}) == local);
    // Any day of the year: no daylight saving in Vietnam.
    const sys_seconds summer = sys_days{ymd(2026, 7, 1)} + hours{0};
    CHECK(toLocal(summer) == LocalDateTime::at(ymd(2026, 7, 1), 7, 0));

    FixedClock clock{LocalDateTime::at(ymd(2026, 2, 13), 16, 0)};
    CHECK(clock.localNow() == LocalDateTime::at(ymd(2026, 2, 13), 16, 0));
    clock.advance(hours{9});
    CHECK(clock.localNow() == LocalDateTime::at(ymd(2026, 2, 14), 1, 0));
}

TEST_CASE("A fixed clock moves only when advanced, by any duration", "[datetime]") {
    FixedClock clock{LocalDateTime::at(ymd(2026, 2, 13), 16, 0)};
    const auto start = clock.now();
    CHECK(clock.now() == start);
    clock.advance(milliseconds{1500});
    CHECK(clock.now() - start == milliseconds{1500});
    // A copy starts from the same time and then moves on its own.
    FixedClock copy = clock;
    copy.advance(hours{1});
    CHECK(clock.now() - start == milliseconds{1500});
    CHECK(copy.now() - start == hours{1} + milliseconds{1500});
    copy = clock;
    CHECK(copy.now() == clock.now());

    // Advanced from two threads at once (a test and a server's thread), no step is lost.
    std::thread other([&] {
        for (int i = 0; i < 10'000; ++i) clock.advance(milliseconds{1});
    });
    for (int i = 0; i < 10'000; ++i) clock.advance(milliseconds{1});
    other.join();
    CHECK(clock.now() - start == seconds{20} + milliseconds{1500});
}

TEST_CASE("Time limit unit names", "[datetime]") {
    for (auto unit :
         {TimeLimit::Unit::WorkingDays, TimeLimit::Unit::SameDay, TimeLimit::Unit::WorkingHours})
        CHECK(parseTimeLimitUnit(timeLimitUnitName(unit)) == unit);
    CHECK(timeLimitUnitName(TimeLimit::Unit::WorkingDays) == "working_days");
    CHECK(timeLimitUnitName(TimeLimit::Unit::SameDay) == "same_day");
    CHECK(timeLimitUnitName(TimeLimit::Unit::WorkingHours) == "working_hours");
    CHECK_FALSE(parseTimeLimitUnit("days").has_value());
    CHECK_FALSE(parseTimeLimitUnit("Working_Days").has_value());
    CHECK_FALSE(parseTimeLimitUnit("").has_value());
}
