// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua {

/// Stable codes for every way domain input can be wrong. Logs and the CLI's --json output
/// carry the code name (errcName); people read a translated message chosen by the app layer.
enum class Errc {
    // generic
    InvalidArgument,
    InvalidUtf8,
    InvalidDate,
    InvalidDateTime,
    FieldTooLong,      // past a limit of core/limits.h
    ControlCharacter,  // a control or bidirectional-override character in a name or text
    TooManyItems,
    // CCCD number
    CccdEmpty,
    CccdWrongLength,
    CccdNotDigits,
    CccdUnknownProvince,
    CccdBadCenturyDigit,    // digit 4 is 6..9
    CccdCenturyMismatch,    // digit 4 disagrees with the century of the date of birth
    CccdBirthYearMismatch,  // digits 5-6 disagree with the year of birth
    CccdBirthInFuture,
    CccdGenderMismatch,  // digit 4 says the other gender
    // CCCD chip-card QR
    QrEmpty,
    QrFieldCount,
    QrBadNumber,
    QrBadOldId,
    QrEmptyName,
    QrBadBirthDate,
    QrBadGender,
    QrEmptyAddress,
    QrBadIssueDate,
    // codes and catalog
    DossierCodeFormat,
    DeskNumberRange,
    SequenceExhausted,
    ProcedureCodeFormat,
    ProcedureInvalid,
    // status machine
    UnknownAction,
    UnknownStatus,
    ActionNotAllowed,
    ReasonRequired,
    DueRequired,
    // calendar
    LunarDateInvalid,
    CalendarOutOfRange,
};

/// Name of the code as it appears in logs and JSON ("CccdWrongLength").
std::string_view errcName(Errc code);

/// The one exception type of the core layer.
class Error : public std::runtime_error {
public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Errc code() const noexcept { return m_code; }

private:
    Errc m_code;
};

}  // namespace motcua
