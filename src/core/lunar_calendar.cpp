// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
//
// The Vietnamese lunisolar calendar after Hồ Ngọc Đức's well-known algorithm: months start on
// the local day (UTC+7) of the astronomical new moon, month 11 is the one containing the
// winter solstice, and in a year of 13 months the first month without a major solar term
// (trung khí) is the leap month. The astronomy is the low-precision series from Jean Meeus,
// "Astronomical Algorithms", which is what the published Vietnamese calendars agree with.
//
// Rather than redo the astronomy on every conversion, every lunar month of 1899-2200 is
// computed once into a sorted table; conversions are then binary searches.
#include "motcua/core/lunar_calendar.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "motcua/core/error.h"

namespace motcua {

namespace {

constexpr int kMinSolarYear = 1900;
constexpr int kMaxSolarYear = 2199;
constexpr double kTimeZone = 7.0;
constexpr double kPi = std::numbers::pi;
constexpr double kDegree = kPi / 180.0;
constexpr double kSynodicMonth = 29.530588853;
// Julian day of the new moon of 1900-01-01, the origin of the lunation number k.
constexpr double kNewMoonEpoch = 2415021.076998695;
// Julian day number of 1970-01-01, the epoch of std::chrono::sys_days.
constexpr long kUnixEpochJdn = 2440588;

long toJdn(Days day) {
    return day.time_since_epoch().count() + kUnixEpochJdn;
}
Days fromJdn(long jdn) {
    return Days{std::chrono::days{jdn - kUnixEpochJdn}};
}

/// Julian day (TT, fractional) of the k-th new moon after the 1900 epoch.
double newMoon(long k) {
    const double kd = static_cast<double>(k);
    const double t = kd / 1236.85;  // Julian centuries from 1900
    const double t2 = t * t;
    const double t3 = t2 * t;
    double jd1 = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * kDegree);
    const double m = (359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3) * kDegree;
    const double mpr = (306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3) * kDegree;
    const double f = (21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3) * kDegree;
    double c1 = (0.1734 - 0.000393 * t) * std::sin(m) + 0.0021 * std::sin(2 * m);
    c1 += -0.4068 * std::sin(mpr) + 0.0161 * std::sin(2 * mpr) - 0.0004 * std::sin(3 * mpr);
    c1 += 0.0104 * std::sin(2 * f) - 0.0051 * std::sin(m + mpr) - 0.0074 * std::sin(m - mpr);
    c1 += 0.0004 * std::sin(2 * f + m) - 0.0004 * std::sin(2 * f - m);
    c1 += -0.0006 * std::sin(2 * f + mpr) + 0.0010 * std::sin(2 * f - mpr);
    c1 += 0.0005 * std::sin(2 * mpr + m);
    // Dynamical time runs ahead of universal time (delta T), fitted per era.
    const double deltaT =
        t < -11.0 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                  : -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd1 + c1 - deltaT;
}

/// Local (UTC+7) Julian day number of the day holding the k-th new moon.
long newMoonDay(long k) {
    return static_cast<long>(std::floor(newMoon(k) + 0.5 + kTimeZone / 24.0));
}

/// Apparent solar longitude in radians, [0, 2π), at Julian day `jd`.
double sunLongitude(double jd) {
    const double t = (jd - 2451545.0) / 36525.0;  // Julian centuries from J2000
    const double t2 = t * t;
    const double m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) *
                     kDegree;                                        // mean anomaly
    const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;  // mean longitude
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(m);
    dl += (0.019993 - 0.000101 * t) * std::sin(2 * m) + 0.000290 * std::sin(3 * m);
    double l = (l0 + dl) * kDegree;
    l -= 2 * kPi * std::floor(l / (2 * kPi));
    return l;
}

/// The major solar term (0..11, 30° sectors) the sun is in at the start of local day `jdn`.
int sunSector(long jdn) {
    const double jd = static_cast<double>(jdn) - 0.5 - kTimeZone / 24.0;
    return static_cast<int>(sunLongitude(jd) / kPi * 6.0);
}

long lunationBefore(long jdn) {
    return static_cast<long>(
        std::floor((static_cast<double>(jdn) - kNewMoonEpoch) / kSynodicMonth));
}

long lunationNearest(long jdn) {
    return static_cast<long>(
        std::floor((static_cast<double>(jdn) - kNewMoonEpoch) / kSynodicMonth + 0.5));
}

/// Start of lunar month 11 of `solarYear`: the month holding that December's solstice.
long month11Start(int solarYear) {
    const long dec31 = toJdn(
        Days{Date{std::chrono::year{solarYear}, std::chrono::December, std::chrono::day{31}}});
    const long k = lunationBefore(dec31);
    const long nm = newMoonDay(k);
    // Sector 9 begins at 270°, the solstice; a month starting past it is month 12.
    return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

struct MonthEntry {
    long start;  // local Julian day number of day 1
    int year;
    int month;
    bool leap;
    int key() const { return year * 100 + month * 2 + (leap ? 1 : 0); }
};

int keyOf(int year, int month, bool leap) {
    return year * 100 + month * 2 + (leap ? 1 : 0);
}

struct MonthTable {
    std::vector<MonthEntry> months;  // chronological, which is also key order
    long end = 0;                    // start of the month after the last entry
};

MonthTable buildTable() {
    MonthTable table;
    long a11 = month11Start(kMinSolarYear - 1);
    for (int y = kMinSolarYear - 1; y <= kMaxSolarYear; ++y) {
        const long b11 = month11Start(y + 1);
        const long k = lunationNearest(a11);
        // 13 new moons between two month-11 starts make a leap year; the leap month is the
        // first one in which the sun does not enter a new major term.
        int leapOffset = 0;
        if (b11 - a11 > 365) {
            int last = sunSector(newMoonDay(k + 1));
            for (int i = 2; i < 14; ++i) {
                const int arc = sunSector(newMoonDay(k + i));
                if (arc == last) {
                    leapOffset = i - 1;
                    break;
                }
                last = arc;
            }
        }
        int month = 11;
        int year = y;
        for (long i = 0;; ++i) {
            const long start = newMoonDay(k + i);
            if (start >= b11) break;
            const bool leap = leapOffset != 0 && i == leapOffset;
            if (i > 0 && !leap) {
                if (++month > 12) {
                    month = 1;
                    ++year;
                }
            }
            table.months.push_back(MonthEntry{start, year, month, leap});
        }
        a11 = b11;
    }
    table.end = a11;
    return table;
}

const MonthTable& monthTable() {
    static const MonthTable table = buildTable();  // thread-safe one-time initialisation
    return table;
}

void checkSolarRange(Date date) {
    const int y = static_cast<int>(date.year());
    if (y < kMinSolarYear || y > kMaxSolarYear)
        throw Error(Errc::CalendarOutOfRange,
                    "lunar calendar covers solar years 1900-2199, got " + std::to_string(y));
}

}  // namespace

LunarDate LunarCalendar::fromSolar(Date solar) {
    if (!solar.ok()) throw Error(Errc::InvalidDate, "invalid solar date for lunar conversion");
    checkSolarRange(solar);
    const MonthTable& table = monthTable();
    const long jdn = toJdn(Days{solar});
    auto it = std::upper_bound(table.months.begin(), table.months.end(), jdn,
                               [](long day, const MonthEntry& m) { return day < m.start; });
    const MonthEntry& m = *std::prev(it);
    return LunarDate{static_cast<int>(jdn - m.start + 1), m.month, m.year, m.leap};
}

Date LunarCalendar::toSolar(const LunarDate& lunar) {
    if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30)
        throw Error(Errc::LunarDateInvalid, "lunar day must be 1..30 and month 1..12");
    const MonthTable& table = monthTable();
    const int key = keyOf(lunar.year, lunar.month, lunar.leap);
    if (key < table.months.front().key() || key > table.months.back().key())
        throw Error(Errc::CalendarOutOfRange,
                    "lunar year " + std::to_string(lunar.year) + " is outside 1900-2199");
    auto it = std::lower_bound(table.months.begin(), table.months.end(), key,
                               [](const MonthEntry& m, int k) { return m.key() < k; });
    if (it == table.months.end() || it->key() != key)
        throw Error(Errc::LunarDateInvalid, "lunar year " + std::to_string(lunar.year) +
                                                " has no leap month " +
                                                std::to_string(lunar.month));
    const long next = std::next(it) == table.months.end() ? table.end : std::next(it)->start;
    if (it->start + lunar.day - 1 >= next)
        throw Error(Errc::LunarDateInvalid, "lunar month " + std::to_string(lunar.month) + " of " +
                                                std::to_string(lunar.year) + " has only 29 days");
    const Date result{fromJdn(it->start + lunar.day - 1)};
    checkSolarRange(result);
    return result;
}

Date LunarCalendar::tet(int solarYear) {
    if (solarYear < kMinSolarYear || solarYear > kMaxSolarYear)
        throw Error(Errc::CalendarOutOfRange,
                    "Tết is known for 1900-2199, got " + std::to_string(solarYear));
    return toSolar(LunarDate{1, 1, solarYear, false});
}

}  // namespace motcua
