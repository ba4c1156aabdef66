// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The decision deadline of an online submission, in the ward's working time.
#include <catch2/catch.hpp>

#include "motcua/core/dossier.h"
#include "motcua/core/error.h"
#include "motcua/core/online_submission.h"

using namespace motcua;

namespace {

LocalDateTime at(const char* isoDateTime) {
    return parseIsoDateTime(isoDateTime);
}
std::string iso(LocalDateTime t) {
    return formatIsoDateTime(t).substr(0, 16);
}

/// Tết 2026 as the government fixed it (off Saturday 14 to Sunday 22 February), and two 2025
/// swaps: Monday 27 January off for Saturday 8 February, Friday 2 May for Saturday 26 April.
WorkCalendar calendar() {
    WorkCalendar cal;
    for (int day = 14; day <= 22; ++day) {
        const Date date{std::chrono::year{2026}, std::chrono::February,
                        std::chrono::day{static_cast<unsigned>(day)}};
        cal.setOverride({date, CalendarOverride::Kind::DayOff, "Tết Nguyên đán"});
    }
    cal.setOverride({parseIsoDate("2025-01-27"), CalendarOverride::Kind::DayOff, "Nghỉ hoán đổi"});
    cal.setOverride({parseIsoDate("2025-02-08"), CalendarOverride::Kind::WorkDay, "Làm bù"});
    cal.setOverride({parseIsoDate("2025-05-02"), CalendarOverride::Kind::DayOff, "Nghỉ hoán đổi"});
    cal.setOverride({parseIsoDate("2025-04-26"), CalendarOverride::Kind::WorkDay, "Làm bù"});
    return cal;
}

}  // namespace

TEST_CASE("the decision allowance reads as working days or office hours", "[core][online]") {
    CHECK(defaultDecisionAllowance() == TimeLimit{TimeLimit::Unit::WorkingDays, 1, std::nullopt});
    CHECK(parseDecisionAllowance("1d") == defaultDecisionAllowance());
    CHECK(parseDecisionAllowance("8h") ==
          TimeLimit{TimeLimit::Unit::WorkingHours, 8, std::nullopt});
    CHECK(parseDecisionAllowance("30d").has_value());
    CHECK(parseDecisionAllowance("240h").has_value());
    for (const char* bad : {"", "d", "h", "0d", "31d", "0h", "241h", "1w", "1.5d", "-1d", "+1d",
                            " 1d", "1d ", "1 d", "1D", "99999999999d"}) {
        INFO(bad);
        CHECK_FALSE(parseDecisionAllowance(bad).has_value());
    }
    CHECK(formatDecisionAllowance(*parseDecisionAllowance("3d")) == "3d");
    CHECK(formatDecisionAllowance(*parseDecisionAllowance("12h")) == "12h");
}

TEST_CASE("a submission made before Tết 2026 is decided after it", "[core][online]") {
    const auto cal = calendar();
    const auto oneDay = defaultDecisionAllowance();
    // Friday 13 February, the last working day before Tết: the next working day is Monday 23.
    CHECK(iso(decisionDeadline(cal, at("2026-02-13T10:00:00"), oneDay)) == "2026-02-23T10:00");
    // Submitted at night during Tết: the clock starts at Monday's opening.
    CHECK(iso(decisionDeadline(cal, at("2026-02-17T23:15:00"), oneDay)) == "2026-02-24T07:30");
    // Three working days from Friday morning: Monday, Tuesday, Wednesday after Tết.
    CHECK(iso(decisionDeadline(cal, at("2026-02-13T08:00:00"), *parseDecisionAllowance("3d"))) ==
          "2026-02-25T08:00");
    // Office hours only (07:30-11:30, 13:30-17:00): one hour on Friday, seven after Tết.
    CHECK(iso(decisionDeadline(cal, at("2026-02-13T16:00:00"), *parseDecisionAllowance("8h"))) ==
          "2026-02-23T16:30");
}

TEST_CASE("a swap Saturday is a working day for the decision, and the swapped Monday is not",
          "[core][online]") {
    const auto cal = calendar();
    const auto oneDay = defaultDecisionAllowance();
    // Friday 7 February 2025: Saturday 8 is worked (the make-up day).
    CHECK(iso(decisionDeadline(cal, at("2025-02-07T09:00:00"), oneDay)) == "2025-02-08T09:00");
    // Submitted on the make-up Saturday evening: Monday's opening starts the clock.
    CHECK(iso(decisionDeadline(cal, at("2025-02-08T20:00:00"), oneDay)) == "2025-02-11T07:30");
    // 30 April and 1 May 2025 fall on Wednesday and Thursday; Friday 2 May was swapped for
    // Saturday 26 April. A submission of Friday 25 April is due on the worked Saturday, one
    // of Tuesday 29 April on Monday 5 May.
    CHECK(iso(decisionDeadline(cal, at("2025-04-25T09:00:00"), oneDay)) == "2025-04-26T09:00");
    CHECK(iso(decisionDeadline(cal, at("2025-04-29T10:00:00"), oneDay)) == "2025-05-05T10:00");
}

TEST_CASE("a same-day allowance is taken as one working day, and a cut-off is ignored",
          "[core][online]") {
    const auto cal = calendar();
    const TimeLimit sameDay{TimeLimit::Unit::SameDay, 0, std::chrono::minutes(15 * 60)};
    CHECK(decisionDeadline(cal, at("2026-03-02T16:00:00"), sameDay) ==
          decisionDeadline(cal, at("2026-03-02T16:00:00"), defaultDecisionAllowance()));
    TimeLimit withCutoff = defaultDecisionAllowance();
    withCutoff.cutoff = std::chrono::minutes(9 * 60);
    CHECK(iso(decisionDeadline(cal, at("2026-03-02T16:00:00"), withCutoff)) == "2026-03-03T16:00");
}

TEST_CASE("an applicant's e-mail is one address the notices can go to", "[core][online]") {
    for (const char* good : {"mai@example.vn", "nguyen.van.an+dvc@mail.hanoi.gov.vn", "a@b"}) {
        INFO(good);
        CHECK(isPlausibleEmail(good));
    }
    for (const char* bad :
         {"", "mai", "@example.vn", "mai@", "mai@@example.vn", "a@b@c", "mai @example.vn",
          "a@b> NOTIFY=NEVER", "a@b, c@d", "a@b;c@d", "\"a\"@b", "<a@b>", "a@b\r\nBcc: x@y", "a@.b",
          "a@b.", "a:b@c", "a@(b)", "a\\b@c", "a@[1.2.3.4]"}) {
        INFO(bad);
        CHECK_FALSE(isPlausibleEmail(bad));
    }
    Applicant a;
    a.fullName = "Phạm Thị Mai";
    a.email = "a@b, c@d";
    CHECK_THROWS_AS(checkApplicantLimits(a), Error);
    a.email = "";
    CHECK_NOTHROW(checkApplicantLimits(a));
}
