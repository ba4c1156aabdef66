// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <atomic>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua {

using Date = std::chrono::year_month_day;
using Days = std::chrono::sys_days;

/// Civil date and time in Vietnam (UTC+7, no daylight saving), to the second.
/// Every time the desk stores or prints is one of these; the offset is implicit.
struct LocalDateTime {
    Days day{};
    std::chrono::seconds time{0};  ///< since local midnight, in [0, 86400)

    auto operator<=>(const LocalDateTime&) const = default;

    static LocalDateTime at(Date date, int hour, int minute, int second = 0);
    Date date() const { return Date{day}; }
    int hour() const { return static_cast<int>(time.count() / 3600); }
    int minute() const { return static_cast<int>(time.count() / 60 % 60); }
    int second() const { return static_cast<int>(time.count() % 60); }
    std::chrono::minutes minutesOfDay() const {
        return std::chrono::duration_cast<std::chrono::minutes>(time);
    }
};

constexpr std::chrono::hours kVietnamUtcOffset{7};

LocalDateTime toLocal(std::chrono::system_clock::time_point utc);
std::chrono::system_clock::time_point toUtc(LocalDateTime local);

/// "2026-02-13"; throws Error(InvalidDate).
Date parseIsoDate(std::string_view text);
/// "2026-02-13T14:30", with optional ":SS" and an optional "+07:00" (any other offset is
/// converted to Vietnam time; "Z" means UTC). Throws Error(InvalidDateTime).
LocalDateTime parseIsoDateTime(std::string_view text);
std::optional<Date> tryParseIsoDate(std::string_view text);
/// "ddmmyyyy" as on the CCCD QR code.
std::optional<Date> tryParseDdMmYyyy(std::string_view text);

std::string formatIsoDate(Date date);                ///< "2026-02-13"
std::string formatIsoDateTime(LocalDateTime value);  ///< "2026-02-13T14:30:00+07:00"
/// The legal forms' wording: "14 giờ 30 phút, ngày 13 tháng 02 năm 2026".
std::string formatVietnameseDateTime(LocalDateTime value);
/// "ngày 05 tháng 01 năm 2026".
std::string formatVietnameseDate(Date date);

/// Where "now" comes from, so tests can fix it.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    LocalDateTime localNow() const { return toLocal(now()); }
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

/// A clock that stands still until the test advances it. Thread-safe: a server's request
/// threads read it while the test's thread moves it on.
class FixedClock final : public Clock {
public:
    using time_point = std::chrono::system_clock::time_point;
    using duration = std::chrono::system_clock::duration;

    explicit FixedClock(time_point t) : m_ticks(t.time_since_epoch().count()) {}
    explicit FixedClock(LocalDateTime local) : FixedClock(toUtc(local)) {}
    FixedClock(const FixedClock& other) : FixedClock(other.now()) {}
    FixedClock& operator=(const FixedClock& other) {
        m_ticks = other.m_ticks.load();
        return *this;
    }
    time_point now() const override { return time_point(duration(m_ticks.load())); }
    /// Any duration: seconds for a deadline, milliseconds for a lockout.
    void advance(duration by) { m_ticks += by.count(); }

private:
    std::atomic<duration::rep> m_ticks;
};

}  // namespace motcua
