// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/date_time.h"

#include "motcua/core/error.h"

namespace motcua {

using namespace std::chrono;

namespace {

// The desk only ever deals with people alive today and deadlines in the near future; the
// range also matches the lunar calendar's, so every parsed date can be converted.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

/// Reads `count` digits at `pos`; nullopt if any of them is not an ASCII digit.
std::optional<int> readNumber(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!isDigit(text[i])) return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<Date> makeDate(int y, int m, int d) {
    if (y < kMinYear || y > kMaxYear) return std::nullopt;
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::optional<Date> parseIsoDateImpl(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = readNumber(text, 0, 4);
    const auto m = readNumber(text, 5, 2);
    const auto d = readNumber(text, 8, 2);
    if (!y || !m || !d) return std::nullopt;
    return makeDate(*y, *m, *d);
}

[[noreturn]] void badDateTime(std::string_view text, const char* why) {
    throw Error(Errc::InvalidDateTime, "invalid date-time '" + std::string(text) + "': " + why);
}

void appendPadded(std::string& out, int value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width)
        out.append(static_cast<std::size_t>(width) - digits.size(), '0');
    out += digits;
}

int yearOf(Date d) {
    return static_cast<int>(d.year());
}
int monthOf(Date d) {
    return static_cast<int>(static_cast<unsigned>(d.month()));
}
int dayOf(Date d) {
    return static_cast<int>(static_cast<unsigned>(d.day()));
}

}  // namespace

LocalDateTime LocalDateTime::at(Date date, int hour, int minute, int second) {
    if (!date.ok()) throw Error(Errc::InvalidDateTime, "invalid calendar date");
    if (hour < 0 || hour > 23) throw Error(Errc::InvalidDateTime, "hour must be 0..23");
    if (minute < 0 || minute > 59) throw Error(Errc::InvalidDateTime, "minute must be 0..59");
    if (second < 0 || second > 59) throw Error(Errc::InvalidDateTime, "second must be 0..59");
    return LocalDateTime{Days{date}, seconds{hour * 3600 + minute * 60 + second}};
}

LocalDateTime toLocal(system_clock::time_point utc) {
    const auto local = floor<seconds>(utc) + kVietnamUtcOffset;
    const auto day = floor<days>(local);
    return LocalDateTime{Days{day}, local - day};
}

system_clock::time_point toUtc(LocalDateTime local) {
    return system_clock::time_point{local.day} + local.time - kVietnamUtcOffset;
}

Date parseIsoDate(std::string_view text) {
    if (auto date = parseIsoDateImpl(text)) return *date;
    throw Error(Errc::InvalidDate,
                "invalid date '" + std::string(text) + "', expected YYYY-MM-DD (1900-2199)");
}

std::optional<Date> tryParseIsoDate(std::string_view text) {
    return parseIsoDateImpl(text);
}

LocalDateTime parseIsoDateTime(std::string_view text) {
    if (text.size() < 16) badDateTime(text, "expected YYYY-MM-DDTHH:MM");
    const auto date = parseIsoDateImpl(text.substr(0, 10));
    if (!date) badDateTime(text, "bad calendar date");
    if (text[10] != 'T') badDateTime(text, "expected 'T' between date and time");
    const auto hh = readNumber(text, 11, 2);
    const auto mm = readNumber(text, 14, 2);
    if (!hh || !mm || text[13] != ':') badDateTime(text, "expected HH:MM");
    if (*hh > 23 || *mm > 59) badDateTime(text, "hour or minute out of range");

    std::size_t pos = 16;
    int ss = 0;
    if (pos < text.size() && text[pos] == ':') {
        const auto s = readNumber(text, pos + 1, 2);
        if (!s || *s > 59) badDateTime(text, "bad seconds");
        ss = *s;
        pos += 3;
    }

    // The offset the text was written in, east of UTC; absent means Vietnam time.
    seconds offset = kVietnamUtcOffset;
    if (pos < text.size()) {
        const std::string_view zone = text.substr(pos);
        if (zone == "Z") {
            offset = seconds{0};
        } else {
            const auto oh = readNumber(zone, 1, 2);
            const auto om = readNumber(zone, 4, 2);
            if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !oh ||
                !om || *oh > 14 || *om > 59)
                badDateTime(text, "bad UTC offset, expected Z, +HH:MM or -HH:MM");
            offset = hours{*oh} + minutes{*om};
            if (zone[0] == '-') offset = -offset;
        }
    }

    const LocalDateTime written = LocalDateTime::at(*date, *hh, *mm, ss);
    if (offset == kVietnamUtcOffset) return written;
    const auto utc = sys_seconds{written.day} + written.time - offset;
    return toLocal(utc);
}

std::optional<Date> tryParseDdMmYyyy(std::string_view text) {
    if (text.size() != 8) return std::nullopt;
    const auto d = readNumber(text, 0, 2);
    const auto m = readNumber(text, 2, 2);
    const auto y = readNumber(text, 4, 4);
    if (!d || !m || !y) return std::nullopt;
    return makeDate(*y, *m, *d);
}

std::string formatIsoDate(Date date) {
    std::string out;
    out.reserve(10);
    appendPadded(out, yearOf(date), 4);
    out += '-';
    appendPadded(out, monthOf(date), 2);
    out += '-';
    appendPadded(out, dayOf(date), 2);
    return out;
}

std::string formatIsoDateTime(LocalDateTime value) {
    std::string out = formatIsoDate(value.date());
    out += 'T';
    appendPadded(out, value.hour(), 2);
    out += ':';
    appendPadded(out, value.minute(), 2);
    out += ':';
    appendPadded(out, value.second(), 2);
    out += "+07:00";
    return out;
}

std::string formatVietnameseDate(Date date) {
    std::string out = "ngày ";
    appendPadded(out, dayOf(date), 2);
    out += " tháng ";
    appendPadded(out, monthOf(date), 2);
    out += " năm ";
    appendPadded(out, yearOf(date), 4);
    return out;
}

std::string formatVietnameseDateTime(LocalDateTime value) {
    std::string out;
    appendPadded(out, value.hour(), 2);
    out += " giờ ";
    appendPadded(out, value.minute(), 2);
    out += " phút, ";
    out += formatVietnameseDate(value.date());
    return out;
}

}  // namespace motcua
