// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/work_calendar.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <utility>

#include "motcua/core/error.h"
#include "motcua/core/lunar_calendar.h"

namespace motcua {

using namespace std::chrono;

namespace {

constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;
constexpr seconds kDay{86400};

/// The rule holidays do not depend on a ward's hours or overrides, so every WorkCalendar
/// shares one table of all 300 years, built on first use. Being immutable afterwards, it
/// needs no lock, and a lookup is one array index: dueAt runs in tight loops.
struct RuleTable {
    Days first;
    /// Per day from `first`: 0 for an ordinary day, else 1 + index into `names`.
    std::vector<std::uint8_t> dayName;
    std::vector<std::string> names;
    std::vector<std::vector<Holiday>> byYear;  // index year - kFirstYear, in date order
};

Days dateOf(int y, unsigned m, unsigned d) {
    return Days{Date{year{y}, month{m}, day{d}}};
}

bool isWeekend(Days d) {
    const weekday wd{d};
    return wd == Saturday || wd == Sunday;
}

std::vector<Holiday> rulesForYear(int y) {
    std::vector<std::pair<Days, std::string>> days;
    days.emplace_back(dateOf(y, 1, 1), "Tết Dương lịch");
    // Art. 112: five days of Tết; by default the last day of the old year and four new ones.
    const Days tet{LunarCalendar::tet(y)};
    for (int i = -1; i <= 3; ++i) days.emplace_back(tet + std::chrono::days{i}, "Tết Nguyên đán");
    days.emplace_back(Days{LunarCalendar::toSolar(LunarDate{10, 3, y, false})},
                      "Giỗ Tổ Hùng Vương");
    days.emplace_back(dateOf(y, 4, 30), "Ngày Chiến thắng");
    days.emplace_back(dateOf(y, 5, 1), "Quốc tế Lao động");
    // The law gives 2 September plus the day before or after; the day before is the default.
    days.emplace_back(dateOf(y, 9, 1), "Quốc khánh");
    days.emplace_back(dateOf(y, 9, 2), "Quốc khánh");
    if (y >= 2026) days.emplace_back(dateOf(y, 11, 24), "Ngày Văn hóa Việt Nam");

    // Hùng Kings' day can in principle meet 30 April; one day off covers both.
    std::stable_sort(days.begin(), days.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    days.erase(std::unique(days.begin(), days.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               days.end());

    std::vector<Holiday> result;
    std::set<Days> taken;
    for (const auto& [d, name] : days) {
        result.push_back(Holiday{Date{d}, name, false});
        taken.insert(d);
    }
    // Art. 111(3): a holiday on a weekend is made up on the next weekday that is free.
    for (const auto& [d, name] : days) {
        if (!isWeekend(d)) continue;
        Days makeUp = d + std::chrono::days{1};
        while (isWeekend(makeUp) || taken.contains(makeUp)) makeUp += std::chrono::days{1};
        taken.insert(makeUp);
        result.push_back(Holiday{Date{makeUp}, "Nghỉ bù " + name, true});
    }
    std::stable_sort(result.begin(), result.end(), [](const Holiday& a, const Holiday& b) {
        return Days{a.date} < Days{b.date};
    });
    return result;
}

RuleTable buildRuleTable() {
    RuleTable table;
    table.first = dateOf(kFirstYear, 1, 1);
    const Days end = dateOf(kLastYear + 1, 1, 1);
    table.dayName.assign(static_cast<std::size_t>((end - table.first).count()), 0);
    for (int y = kFirstYear; y <= kLastYear; ++y) {
        auto holidays = rulesForYear(y);
        for (const Holiday& h : holidays) {
            auto it = std::find(table.names.begin(), table.names.end(), h.name);
            if (it == table.names.end()) it = table.names.insert(it, h.name);
            const auto index = static_cast<std::size_t>((Days{h.date} - table.first).count());
            table.dayName[index] = static_cast<std::uint8_t>(it - table.names.begin() + 1);
        }
        table.byYear.push_back(std::move(holidays));
    }
    return table;
}

const RuleTable& ruleTable() {
    static const RuleTable table = buildRuleTable();  // thread-safe one-time initialisation
    return table;
}

[[noreturn]] void outOfRange(Days d) {
    throw Error(Errc::CalendarOutOfRange,
                "work calendar covers 1900-2199, got " + formatIsoDate(Date{d}));
}

/// Name of the rule holiday on `d`, or nullptr.
const std::string* ruleHoliday(Days d) {
    const RuleTable& table = ruleTable();
    const auto offset = (d - table.first).count();
    if (offset < 0 || offset >= static_cast<long>(table.dayName.size())) outOfRange(d);
    const std::uint8_t name = table.dayName[static_cast<std::size_t>(offset)];
    return name == 0 ? nullptr : &table.names[name - 1U];
}

bool workingDay(const std::map<Days, CalendarOverride>& overrides, Days d) {
    if (!overrides.empty()) {
        const auto it = overrides.find(d);
        if (it != overrides.end()) return it->second.kind == CalendarOverride::Kind::WorkDay;
    }
    if (isWeekend(d)) {
        // Still range-checked, so weekends past 2199 do not look like valid answers.
        (void)ruleHoliday(d);
        return false;
    }
    return ruleHoliday(d) == nullptr;
}

Days nextWorking(const std::map<Days, CalendarOverride>& overrides, Days d) {
    do {
        d += std::chrono::days{1};
    } while (!workingDay(overrides, d));
    return d;
}

Days checkedDays(Date date) {
    if (!date.ok()) throw Error(Errc::InvalidDate, "invalid calendar date");
    return Days{date};
}

}  // namespace

OfficeHours OfficeHours::standard() {
    return OfficeHours{{OfficeSession{minutes{7 * 60 + 30}, minutes{11 * 60 + 30}},
                        OfficeSession{minutes{13 * 60 + 30}, minutes{17 * 60}}}};
}

OfficeHours OfficeHours::parse(std::string_view text) {
    auto fail = [&] {
        throw Error(Errc::InvalidArgument, "office hours look like 07:30-11:30,13:30-17:00, not '" +
                                               std::string(text) + "'");
    };
    auto timeOfDay = [&](std::string_view hhmm) {
        if (hhmm.size() != 5 || hhmm[2] != ':') fail();
        for (std::size_t i : {0u, 1u, 3u, 4u})
            if (hhmm[i] < '0' || hhmm[i] > '9') fail();
        const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
        const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
        if (h > 24 || m > 59 || (h == 24 && m > 0)) fail();
        return minutes{h * 60 + m};
    };
    OfficeHours hours;
    for (std::size_t pos = 0; pos <= text.size();) {
        const std::size_t comma = std::min(text.find(',', pos), text.size());
        const std::string_view session = text.substr(pos, comma - pos);
        if (session.size() != 11 || session[5] != '-') fail();
        hours.sessions.push_back({timeOfDay(session.substr(0, 5)), timeOfDay(session.substr(6))});
        pos = comma + 1;
    }
    WorkCalendar{hours};  // the same checks a calendar applies
    return hours;
}

std::string OfficeHours::str() const {
    std::string out;
    char buf[16];
    for (const auto& s : sessions) {
        std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", int(s.start.count() / 60),
                      int(s.start.count() % 60), int(s.end.count() / 60), int(s.end.count() % 60));
        if (!out.empty()) out += ',';
        out += buf;
    }
    return out;
}

WorkCalendar::WorkCalendar(OfficeHours hours) {
    setOfficeHours(std::move(hours));
}

void WorkCalendar::setOfficeHours(OfficeHours hours) {
    if (hours.sessions.empty())
        throw Error(Errc::InvalidArgument, "office hours need at least one session");
    minutes previousEnd{0};
    for (const OfficeSession& s : hours.sessions) {
        if (s.start < previousEnd || s.end <= s.start || s.end > minutes{24 * 60})
            throw Error(Errc::InvalidArgument,
                        "office sessions must be non-empty, ascending, disjoint and within a day");
        previousEnd = s.end;
    }
    m_hours = std::move(hours);
}

void WorkCalendar::setOverride(const CalendarOverride& day) {
    m_overrides.insert_or_assign(checkedDays(day.date), day);
}

void WorkCalendar::clearOverride(Date date) {
    m_overrides.erase(checkedDays(date));
}

std::vector<CalendarOverride> WorkCalendar::overrides(int y) const {
    std::vector<CalendarOverride> result;
    const auto from = m_overrides.lower_bound(dateOf(y, 1, 1));
    const auto to = m_overrides.lower_bound(dateOf(y + 1, 1, 1));
    for (auto it = from; it != to; ++it) result.push_back(it->second);
    return result;
}

std::vector<Holiday> WorkCalendar::holidays(int y) const {
    if (y < kFirstYear || y > kLastYear)
        throw Error(Errc::CalendarOutOfRange,
                    "holidays are known for 1900-2199, got " + std::to_string(y));
    return ruleTable().byYear[static_cast<std::size_t>(y - kFirstYear)];
}

bool WorkCalendar::isWorkingDay(Date date) const {
    return workingDay(m_overrides, checkedDays(date));
}

std::optional<std::string> WorkCalendar::dayOffReason(Date date) const {
    const Days d = checkedDays(date);
    if (const auto it = m_overrides.find(d); it != m_overrides.end()) {
        if (it->second.kind == CalendarOverride::Kind::WorkDay) return std::nullopt;
        return it->second.note.empty() ? std::string("Ngày nghỉ") : it->second.note;
    }
    if (const std::string* name = ruleHoliday(d)) return *name;
    const weekday wd{d};
    if (wd == Saturday) return std::string("Thứ Bảy");
    if (wd == Sunday) return std::string("Chủ nhật");
    return std::nullopt;
}

Date WorkCalendar::nextWorkingDay(Date date) const {
    return Date{nextWorking(m_overrides, checkedDays(date))};
}

minutes WorkCalendar::workingTime(LocalDateTime from, LocalDateTime to) const {
    if (to < from) return -workingTime(to, from);
    checkedDays(from.date());
    checkedDays(to.date());
    seconds total{0};
    for (Days day = from.day; day <= to.day; day += std::chrono::days{1}) {
        if (!workingDay(m_overrides, day)) continue;
        const seconds begin = day == from.day ? from.time : seconds{0};
        const seconds end = day == to.day ? to.time : kDay;
        for (const OfficeSession& s : m_hours.sessions) {
            const seconds open = std::max<seconds>(s.start, begin);
            const seconds close = std::min<seconds>(s.end, end);
            if (open < close) total += close - open;
        }
    }
    return duration_cast<minutes>(total);
}

LocalDateTime WorkCalendar::dueAt(LocalDateTime received, const TimeLimit& limit) const {
    if (received.time < seconds{0} || received.time >= kDay)
        throw Error(Errc::InvalidDateTime, "time of day must lie within the day");
    const bool sameDay = limit.unit == TimeLimit::Unit::SameDay;
    if (!sameDay && limit.value < 1)
        throw Error(Errc::InvalidArgument, "a time limit needs at least 1 working day or hour");

    const seconds opening = m_hours.opening();
    const seconds closing = m_hours.closing();
    const std::optional<seconds> cutoff =
        limit.cutoff ? std::optional<seconds>(*limit.cutoff)
                     : (sameDay ? std::optional<seconds>(hours{15}) : std::nullopt);
    const Days day = received.day;
    const seconds t = received.time;
    const bool working = workingDay(m_overrides, day);
    const bool beforeCutoff = !cutoff || t < *cutoff;

    if (sameDay) {
        if (working && (t < opening || (t < closing && beforeCutoff)))
            return LocalDateTime{day, closing};
        return LocalDateTime{nextWorking(m_overrides, day), closing};
    }

    if (limit.unit == TimeLimit::Unit::WorkingDays) {
        LocalDateTime start{nextWorking(m_overrides, day), opening};
        if (working && t < opening) {
            start = LocalDateTime{day, opening};
        } else if (working && t < closing && beforeCutoff) {
            start = received;
        }
        Days due = start.day;
        for (int i = 0; i < limit.value; ++i) due = nextWorking(m_overrides, due);
        return LocalDateTime{due, start.time};
    }

    // Working hours: walk the office sessions, spending the budget minute by minute of
    // open office time; after the cut-off nothing of the day counts.
    Days current = day;
    seconds from = t;
    if (working && !beforeCutoff) {
        current = nextWorking(m_overrides, day);
        from = seconds{0};
    }
    auto remaining = seconds{std::int64_t{limit.value} * 3600};
    if (!workingDay(m_overrides, current)) {
        current = nextWorking(m_overrides, current);
        from = seconds{0};
    }
    for (;;) {
        for (const OfficeSession& s : m_hours.sessions) {
            const seconds begin = std::max<seconds>(s.start, from);
            const seconds end = s.end;
            if (begin >= end) continue;
            if (remaining <= end - begin) return LocalDateTime{current, begin + remaining};
            remaining -= end - begin;
        }
        current = nextWorking(m_overrides, current);
        from = seconds{0};
    }
}

}  // namespace motcua
