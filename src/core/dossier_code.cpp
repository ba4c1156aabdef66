// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier_code.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "motcua/core/error.h"

namespace motcua {

namespace {

bool isDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int toInt(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

}  // namespace

bool isValidUnitCode(std::string_view code) {
    if (code.empty() || code.size() > 40 || code.front() == '.' || code.back() == '.') return false;
    char previous = 0;
    for (char c : code) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.';
        if (!ok || (c == '.' && previous == '.')) return false;
        previous = c;
    }
    return true;
}

DossierCode::DossierCode(std::string unitCode, Date day, int sequence)
    : m_unitCode(std::move(unitCode)), m_day(day), m_sequence(sequence) {
    if (!isValidUnitCode(m_unitCode))
        throw Error(Errc::DossierCodeFormat, "invalid unit code '" + m_unitCode + "'");
    if (!m_day.ok() || int(m_day.year()) < 2000 || int(m_day.year()) > 2099)
        throw Error(Errc::DossierCodeFormat, "dossier date must be a valid date in 2000-2099");
    if (m_sequence < 1 || m_sequence > 9999)
        throw Error(Errc::DossierCodeFormat, "sequence must be 0001-9999");
}

DossierCode DossierCode::parse(std::string_view text) {
    // The unit code may itself contain letters and dots but never '-', so split on the last two.
    const auto last = text.rfind('-');
    if (last == std::string_view::npos || last == 0)
        throw Error(Errc::DossierCodeFormat, "a dossier code looks like <unit>-YYMMDD-NNNN");
    const auto middle = text.rfind('-', last - 1);
    if (middle == std::string_view::npos)
        throw Error(Errc::DossierCodeFormat, "a dossier code looks like <unit>-YYMMDD-NNNN");
    const auto unit = text.substr(0, middle);
    const auto ymd = text.substr(middle + 1, last - middle - 1);
    const auto seq = text.substr(last + 1);
    if (!isValidUnitCode(unit))
        throw Error(Errc::DossierCodeFormat, "invalid unit code in dossier code");
    if (ymd.size() != 6 || !isDigits(ymd))
        throw Error(Errc::DossierCodeFormat, "the date part of a dossier code is YYMMDD");
    if (seq.size() != 4 || !isDigits(seq))
        throw Error(Errc::DossierCodeFormat, "the sequence part of a dossier code is 4 digits");
    const Date day{std::chrono::year{2000 + toInt(ymd.substr(0, 2))},
                   std::chrono::month{static_cast<unsigned>(toInt(ymd.substr(2, 2)))},
                   std::chrono::day{static_cast<unsigned>(toInt(ymd.substr(4, 2)))}};
    if (!day.ok())
        throw Error(Errc::DossierCodeFormat, "the date part of a dossier code is not a date");
    return DossierCode(std::string(unit), day, toInt(seq));
}

DossierCode DossierCode::forDesk(std::string unitCode, Date day, int desk, int n) {
    if (desk < 1 || desk > kMaxDesk) throw Error(Errc::DeskNumberRange, "desk number must be 1-9");
    if (n < 1 || n > kPerDeskPerDay)
        throw Error(Errc::SequenceExhausted,
                    "desk " + std::to_string(desk) + " has issued all 999 codes for the day");
    return DossierCode(std::move(unitCode), day, desk * 1000 + n);
}

std::string DossierCode::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "-%02d%02u%02u-%04d", int(m_day.year()) % 100,
                  unsigned(m_day.month()), unsigned(m_day.day()), m_sequence);
    return m_unitCode + buf;
}

}  // namespace motcua
