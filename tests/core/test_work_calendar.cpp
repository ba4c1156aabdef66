// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "support/errc_of.h"
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "motcua/core/error.h"
#include "motcua/core/work_calendar.h"

using namespace motcua;
using motcua::test::errcOf;
using namespace std::chrono;

namespace {

Date d(const char* iso) {
    return parseIsoDate(iso);
}
LocalDateTime at(const char* isoDateTime) {
    return parseIsoDateTime(isoDateTime);
}
std::string iso(LocalDateTime t) {
    return formatIsoDateTime(t).substr(0, 16);
}

/// The same decisions as resources/calendar/vn-days-off.json.
void loadOfficialTable(WorkCalendar& cal) {
    using Kind = CalendarOverride::Kind;
    const auto off = [&](const char* date, const char* note) {
        cal.setOverride({d(date), Kind::DayOff, note});
    };
    const auto work = [&](const char* date, const char* note) {
        cal.setOverride({d(date), Kind::WorkDay, note});
    };
    for (const char* date : {"2025-01-25", "2025-01-26", "2025-01-28", "2025-01-29", "2025-01-30",
                             "2025-01-31", "2025-02-01", "2025-02-02"})
        off(date, "Tết Nguyên đán");
    off("2025-01-27", "Tết Nguyên đán (nghỉ hoán đổi, làm bù thứ Bảy 08/02/2025)");
    off("2025-05-02", "Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù thứ Bảy 26/04/2025)");
    off("2025-09-01", "Quốc khánh (ngày liền kề trước 02/9)");
    work("2025-02-03", "Làm việc: Chính phủ ấn định kỳ nghỉ Tết đến hết 02/02/2025");
    work("2025-02-08", "Làm bù cho thứ Hai 27/01/2025");
    work("2025-04-26", "Làm bù cho thứ Sáu 02/05/2025");
    for (const char* date : {"2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18",
                             "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22"})
        off(date, "Tết Nguyên đán");
    off("2026-09-01", "Quốc khánh (ngày liền kề theo mặc định của luật)");
}

WorkCalendar officialCalendar() {
    WorkCalendar cal;
    loadOfficialTable(cal);
    return cal;
}

/// Checks every day of `year`: weekdays work except `offWeekdays`, weekends rest except
/// `workedWeekends`.
void checkYear(const WorkCalendar& cal, int y, const std::set<std::string>& offWeekdays,
               const std::set<std::string>& workedWeekends) {
    const sys_days first{Date{year{y}, January, day{1}}};
    const sys_days end{Date{year{y + 1}, January, day{1}}};
    for (sys_days day = first; day < end; day += days{1}) {
        const std::string text = formatIsoDate(Date{day});
        const weekday wd{day};
        const bool weekend = wd == Saturday || wd == Sunday;
        const bool expected =
            weekend ? workedWeekends.count(text) == 1 : offWeekdays.count(text) == 0;
        INFO(text);
        CHECK(cal.isWorkingDay(Date{day}) == expected);
        CHECK(cal.dayOffReason(Date{day}).has_value() == !expected);
    }
}

TimeLimit workingDays(int n, std::optional<minutes> cutoff = std::nullopt) {
    return TimeLimit{TimeLimit::Unit::WorkingDays, n, cutoff};
}
TimeLimit sameDay(std::optional<minutes> cutoff = std::nullopt) {
    return TimeLimit{TimeLimit::Unit::SameDay, 1, cutoff};
}
TimeLimit hoursLimit(int n, std::optional<minutes> cutoff = std::nullopt) {
    return TimeLimit{TimeLimit::Unit::WorkingHours, n, cutoff};
}

}  // namespace

TEST_CASE("Statutory holidays of 2025 and 2026 by rule", "[calendar]") {
    const WorkCalendar cal;
    const auto list = [&](int y) {
        std::vector<std::string> out;
        for (const Holiday& h : cal.holidays(y))
            out.push_back(formatIsoDate(h.date) + (h.makeUp ? " * " : " ") + h.name);
        return out;
    };
    CHECK(list(2025) == std::vector<std::string>{
                            "2025-01-01 Tết Dương lịch", "2025-01-28 Tết Nguyên đán",
                            "2025-01-29 Tết Nguyên đán", "2025-01-30 Tết Nguyên đán",
                            "2025-01-31 Tết Nguyên đán", "2025-02-01 Tết Nguyên đán",
                            "2025-02-03 * Nghỉ bù Tết Nguyên đán", "2025-04-07 Giỗ Tổ Hùng Vương",
                            "2025-04-30 Ngày Chiến thắng", "2025-05-01 Quốc tế Lao động",
                            "2025-09-01 Quốc khánh", "2025-09-02 Quốc khánh"});
    CHECK(list(2026) ==
          std::vector<std::string>{
              "2026-01-01 Tết Dương lịch", "2026-02-16 Tết Nguyên đán", "2026-02-17 Tết Nguyên đán",
              "2026-02-18 Tết Nguyên đán", "2026-02-19 Tết Nguyên đán", "2026-02-20 Tết Nguyên đán",
              "2026-04-26 Giỗ Tổ Hùng Vương", "2026-04-27 * Nghỉ bù Giỗ Tổ Hùng Vương",
              "2026-04-30 Ngày Chiến thắng", "2026-05-01 Quốc tế Lao động", "2026-09-01 Quốc khánh",
              "2026-09-02 Quốc khánh", "2026-11-24 Ngày Văn hóa Việt Nam"});
}

TEST_CASE("Weekend holidays are made up on the next free weekday", "[calendar]") {
    const WorkCalendar cal;
    // Hùng Kings' day 2026 is a Sunday: Monday 27 April is off instead.
    CHECK_FALSE(cal.isWorkingDay(d("2026-04-26")));
    CHECK_FALSE(cal.isWorkingDay(d("2026-04-27")));
    CHECK(cal.dayOffReason(d("2026-04-27")) == "Nghỉ bù Giỗ Tổ Hùng Vương");
    CHECK(cal.isWorkingDay(d("2026-04-28")));
    // 1 January 2022 was a Saturday: Monday 3 January off.
    CHECK(cal.dayOffReason(d("2022-01-03")) == "Nghỉ bù Tết Dương lịch");
    // Tết 2024 began on a Saturday: two weekend Tết days pushed past the end of Tết. And
    // Sunday 1 September 2024 skipped Monday the 2nd, itself a holiday, to Tuesday the 3rd.
    std::vector<std::string> makeUps;
    for (const Holiday& h : cal.holidays(2024))
        if (h.makeUp) makeUps.push_back(formatIsoDate(h.date));
    CHECK(makeUps == std::vector<std::string>{"2024-02-14", "2024-02-15", "2024-09-03"});
    // 2027: 1 May is a Saturday, after Friday 30 April: made up Monday 3 May.
    CHECK(cal.dayOffReason(d("2027-05-03")) == "Nghỉ bù Quốc tế Lao động");
    CHECK(cal.isWorkingDay(d("2027-05-04")));
}

TEST_CASE("Every day of 2025 with the government's table", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    checkYear(cal, 2025,
              {"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
               "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"},
              {"2025-02-08", "2025-04-26"});
    CHECK(cal.dayOffReason(d("2025-02-01")) == "Tết Nguyên đán");
    CHECK(cal.dayOffReason(d("2025-04-07")) == "Giỗ Tổ Hùng Vương");
    CHECK(cal.dayOffReason(d("2025-04-30")) == "Ngày Chiến thắng");
    CHECK(cal.dayOffReason(d("2025-05-01")) == "Quốc tế Lao động");
    CHECK(cal.dayOffReason(d("2025-09-02")) == "Quốc khánh");
    // Not yet a holiday in 2025: a plain Monday.
    CHECK(cal.isWorkingDay(d("2025-11-24")));
    CHECK_FALSE(cal.dayOffReason(d("2025-11-24")).has_value());
}

TEST_CASE("Every day of 2026 with the government's table", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    checkYear(cal, 2026,
              {"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
               "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02", "2026-11-24"},
              {});
    CHECK(cal.dayOffReason(d("2026-02-21")) == "Tết Nguyên đán");
    CHECK(cal.dayOffReason(d("2026-11-24")) == "Ngày Văn hóa Việt Nam");
    CHECK(cal.dayOffReason(d("2026-01-01")) == "Tết Dương lịch");
}

TEST_CASE("Overrides win over rules and weekends", "[calendar]") {
    WorkCalendar cal;
    // The rule alone would give Monday 3 February 2025 off for Tết's Saturday.
    CHECK(cal.dayOffReason(d("2025-02-03")) == "Nghỉ bù Tết Nguyên đán");
    loadOfficialTable(cal);
    CHECK(cal.isWorkingDay(d("2025-02-03")));
    CHECK(cal.isWorkingDay(d("2025-02-08")));
    CHECK_FALSE(cal.dayOffReason(d("2025-04-26")).has_value());
    CHECK(cal.dayOffReason(d("2025-01-27")) ==
          "Tết Nguyên đán (nghỉ hoán đổi, làm bù thứ Bảy 08/02/2025)");

    cal.setOverride({d("2026-03-10"), CalendarOverride::Kind::DayOff, "Bầu cử"});
    CHECK(cal.dayOffReason(d("2026-03-10")) == "Bầu cử");
    cal.setOverride({d("2026-03-10"), CalendarOverride::Kind::WorkDay, "Đổi ý"});
    CHECK(cal.isWorkingDay(d("2026-03-10")));
    cal.setOverride({d("2026-01-01"), CalendarOverride::Kind::WorkDay, ""});
    CHECK(cal.isWorkingDay(d("2026-01-01")));
    cal.clearOverride(d("2026-01-01"));
    CHECK(cal.dayOffReason(d("2026-01-01")) == "Tết Dương lịch");
    cal.clearOverride(d("2026-03-10"));
    CHECK(cal.isWorkingDay(d("2026-03-10")));

    CHECK(cal.overrides(2024).empty());
    const auto of2025 = cal.overrides(2025);
    REQUIRE(of2025.size() == 14);
    CHECK(formatIsoDate(of2025.front().date) == "2025-01-25");
    CHECK(formatIsoDate(of2025.back().date) == "2025-09-01");
    CHECK(formatIsoDate(of2025[10].date) == "2025-02-08");
    CHECK(of2025[10].kind == CalendarOverride::Kind::WorkDay);
    CHECK(cal.overrides(2026).size() == 10);
}

TEST_CASE("Weekends and next working days", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    CHECK(cal.dayOffReason(d("2026-03-07")) == "Thứ Bảy");
    CHECK(cal.dayOffReason(d("2026-03-08")) == "Chủ nhật");
    CHECK_FALSE(cal.dayOffReason(d("2026-03-09")).has_value());
    CHECK(formatIsoDate(cal.nextWorkingDay(d("2026-03-06"))) == "2026-03-09");
    CHECK(formatIsoDate(cal.nextWorkingDay(d("2026-03-09"))) == "2026-03-10");
    CHECK(formatIsoDate(cal.nextWorkingDay(d("2026-02-13"))) == "2026-02-23");
    CHECK(formatIsoDate(cal.nextWorkingDay(d("2026-04-24"))) == "2026-04-28");
    CHECK(formatIsoDate(cal.nextWorkingDay(d("2025-04-25"))) == "2025-04-26");
}

TEST_CASE("Working-day limits", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    // Within office hours the clock starts at once.
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), workingDays(3))) == "2026-03-05T10:00");
    CHECK(iso(cal.dueAt(at("2026-03-05T14:00"), workingDays(2))) == "2026-03-09T14:00");
    // Across Tết 2026: nine days off from Saturday 14 to Sunday 22 February.
    CHECK(iso(cal.dueAt(at("2026-02-13T10:00"), workingDays(3))) == "2026-02-25T10:00");
    // After the cut-off: starts Monday at opening, due Tuesday at opening.
    CHECK(iso(cal.dueAt(at("2026-03-06T16:00"), workingDays(1, minutes{15 * 60}))) ==
          "2026-03-10T07:30");
    CHECK(iso(cal.dueAt(at("2026-03-06T16:00"), workingDays(1))) == "2026-03-09T16:00");
    // After closing, before opening, on a weekend, on a holiday.
    CHECK(iso(cal.dueAt(at("2026-03-06T17:00"), workingDays(1))) == "2026-03-10T07:30");
    CHECK(iso(cal.dueAt(at("2026-03-02T06:45"), workingDays(2))) == "2026-03-04T07:30");
    CHECK(iso(cal.dueAt(at("2026-03-08T10:00"), workingDays(1))) == "2026-03-10T07:30");
    CHECK(iso(cal.dueAt(at("2026-04-30T09:00"), workingDays(1))) == "2026-05-05T07:30");
    // A worked Saturday counts.
    CHECK(iso(cal.dueAt(at("2025-04-25T10:00"), workingDays(1))) == "2025-04-26T10:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), workingDays(20))) == "2026-03-30T10:00");
    CHECK(errcOf([&] { cal.dueAt(at("2026-03-02T10:00"), workingDays(0)); }) ==
          Errc::InvalidArgument);
    CHECK(errcOf([&] { cal.dueAt(at("2026-03-02T10:00"), workingDays(-2)); }) ==
          Errc::InvalidArgument);
}

TEST_CASE("Same-day limits", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), sameDay())) == "2026-03-02T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T14:59"), sameDay())) == "2026-03-02T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T15:00"), sameDay())) == "2026-03-03T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T15:30"), sameDay(minutes{16 * 60}))) == "2026-03-02T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T06:00"), sameDay())) == "2026-03-02T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T17:30"), sameDay())) == "2026-03-03T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-06T15:30"), sameDay())) == "2026-03-09T17:00");
    CHECK(iso(cal.dueAt(at("2026-02-13T15:30"), sameDay())) == "2026-02-23T17:00");
    CHECK(iso(cal.dueAt(at("2026-09-01T09:00"), sameDay())) == "2026-09-03T17:00");
    CHECK(iso(cal.dueAt(at("2026-03-07T09:00"), sameDay())) == "2026-03-09T17:00");
    // The value of a same-day limit is meaningless and not validated.
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), TimeLimit{TimeLimit::Unit::SameDay, 0, {}})) ==
          "2026-03-02T17:00");
}

TEST_CASE("Working-hour limits count office time only", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    // 10:00-11:30 then 13:30-14:00 after lunch.
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), hoursLimit(2))) == "2026-03-02T14:00");
    // Ending exactly at the morning session's end stays there.
    CHECK(iso(cal.dueAt(at("2026-03-02T07:30"), hoursLimit(4))) == "2026-03-02T11:30");
    CHECK(iso(cal.dueAt(at("2026-03-02T12:00"), hoursLimit(1))) == "2026-03-02T14:30");
    // Seven office hours a day: 8 hours from 08:00 ends 08:30 the next day.
    CHECK(iso(cal.dueAt(at("2026-03-02T08:00"), hoursLimit(8))) == "2026-03-03T08:30");
    CHECK(iso(cal.dueAt(at("2026-03-02T18:00"), hoursLimit(1))) == "2026-03-03T08:30");
    CHECK(iso(cal.dueAt(at("2026-03-02T05:00"), hoursLimit(1))) == "2026-03-02T08:30");
    // Cut-off: before it counting starts at once, after it the next working day.
    CHECK(iso(cal.dueAt(at("2026-03-02T14:00"), hoursLimit(1, minutes{15 * 60}))) ==
          "2026-03-02T15:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T16:00"), hoursLimit(1, minutes{15 * 60}))) ==
          "2026-03-03T08:30");
    // Across Tết: one hour on Friday 13 February, the next after the break.
    CHECK(iso(cal.dueAt(at("2026-02-13T16:00"), hoursLimit(2))) == "2026-02-23T08:30");
    CHECK(iso(cal.dueAt(at("2026-02-14T09:00"), hoursLimit(1))) == "2026-02-23T08:30");
    CHECK(errcOf([&] { cal.dueAt(at("2026-03-02T10:00"), hoursLimit(0)); }) ==
          Errc::InvalidArgument);
}

TEST_CASE("Working time between two moments counts office time only, negative when past",
          "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    using std::chrono::minutes;
    CHECK(cal.workingTime(at("2026-03-02T10:00"), at("2026-03-02T14:00")) == minutes{120});
    CHECK(cal.workingTime(at("2026-03-02T14:00"), at("2026-03-02T10:00")) == minutes{-120});
    CHECK(cal.workingTime(at("2026-03-02T12:00"), at("2026-03-02T13:00")) == minutes{0});
    // A whole working day is seven and a half office hours; the evening and the night count
    // nothing.
    CHECK(cal.workingTime(at("2026-03-02T07:30"), at("2026-03-03T07:30")) == minutes{450});
    CHECK(cal.workingTime(at("2026-03-02T08:00"), at("2026-03-03T08:00")) == minutes{450});
    CHECK(cal.workingTime(at("2026-03-02T18:00"), at("2026-03-03T07:30")) == minutes{0});
    // Across Tết 2026 (off 14-22 February): Friday 16:00 to the Monday after, 08:30.
    CHECK(cal.workingTime(at("2026-02-13T16:00"), at("2026-02-23T08:30")) == minutes{120});
    // What dueAt gives for an hour limit is that many office hours away.
    for (const char* from : {"2026-03-02T10:17", "2026-02-13T16:40", "2026-03-06T17:30"}) {
        const LocalDateTime start = at(from);
        CHECK(cal.workingTime(start, cal.dueAt(start, hoursLimit(9))) == minutes{9 * 60});
    }
    // Seconds are dropped, toward zero either way.
    CHECK(cal.workingTime(parseIsoDateTime("2026-03-02T10:00:00"),
                          parseIsoDateTime("2026-03-02T10:01:59")) == minutes{1});
    CHECK(cal.workingTime(parseIsoDateTime("2026-03-02T10:01:59"),
                          parseIsoDateTime("2026-03-02T10:00:00")) == minutes{-1});
}

TEST_CASE("Office hours can be changed and are validated", "[calendar]") {
    WorkCalendar cal;
    CHECK(cal.officeHours().sessions == OfficeHours::standard().sessions);
    CHECK(cal.officeHours().opening() == minutes{7 * 60 + 30});
    CHECK(cal.officeHours().closing() == minutes{17 * 60});
    cal.setOfficeHours(OfficeHours{{{minutes{8 * 60}, minutes{16 * 60}}}});
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), sameDay())) == "2026-03-02T16:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T10:00"), hoursLimit(7))) == "2026-03-03T09:00");
    CHECK(iso(cal.dueAt(at("2026-03-02T07:00"), workingDays(1))) == "2026-03-03T08:00");

    const auto bad = [&](OfficeHours hours) { return errcOf([&] { cal.setOfficeHours(hours); }); };
    CHECK(bad(OfficeHours{}) == Errc::InvalidArgument);
    CHECK(bad(OfficeHours{{{minutes{600}, minutes{600}}}}) == Errc::InvalidArgument);
    CHECK(bad(OfficeHours{{{minutes{600}, minutes{500}}}}) == Errc::InvalidArgument);
    CHECK(bad(OfficeHours{{{minutes{480}, minutes{720}}, {minutes{700}, minutes{900}}}}) ==
          Errc::InvalidArgument);
    CHECK(bad(OfficeHours{{{minutes{480}, minutes{25 * 60}}}}) == Errc::InvalidArgument);
    // A rejected change leaves the old hours in place.
    CHECK(cal.officeHours().closing() == minutes{16 * 60});
}

TEST_CASE("The work calendar stays within the lunar calendar's range", "[calendar]") {
    const WorkCalendar cal;
    CHECK(errcOf([&] { cal.holidays(1899); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([&] { cal.holidays(2200); }) == Errc::CalendarOutOfRange);
    CHECK(errcOf([&] { cal.isWorkingDay(d("2199-12-31") + months{1}); }) ==
          Errc::CalendarOutOfRange);
    CHECK(cal.holidays(2199).size() >= 11);
}

TEST_CASE("Const queries agree across threads", "[calendar]") {
    const WorkCalendar cal = officialCalendar();
    const LocalDateTime expected = cal.dueAt(at("2026-02-13T10:00"), workingDays(3));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                if (cal.dueAt(at("2026-02-13T10:00"), workingDays(3)) != expected) ++mismatches[t];
                if (cal.holidays(2030 + i % 50).empty()) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("office hours parse from and print to the settings text", "[calendar]") {
    const auto hours = motcua::OfficeHours::parse("07:00-11:30,13:00-16:30");
    REQUIRE(hours.sessions.size() == 2);
    CHECK(hours.opening() == std::chrono::minutes(7 * 60));
    CHECK(hours.closing() == std::chrono::minutes(16 * 60 + 30));
    CHECK(hours.str() == "07:00-11:30,13:00-16:30");
    CHECK(motcua::OfficeHours::standard().str() == "07:30-11:30,13:30-17:00");
    CHECK(motcua::OfficeHours::parse("08:00-17:00").sessions.size() == 1);
    for (const char* bad :
         {"", "7:30-11:30", "07:30-11:30,", "11:30-07:30", "07:30-11:30,11:00-17:00", "07:30-25:00",
          "07:30 11:30", "07:3a-11:30"}) {
        INFO(bad);
        CHECK_THROWS_AS(motcua::OfficeHours::parse(bad), motcua::Error);
    }
}
