// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/error.h"

namespace motcua {

/// The 12-digit personal identity number (số định danh cá nhân) on the CCCD card:
/// digits 1-3 the province where the birth was registered, digit 4 gender and century
/// (even male, odd female; 0/1 1900s, 2/3 2000s, 4/5 2100s), digits 5-6 the birth year.
class Cccd {
public:
    /// Validates the number alone. Throws Error with CccdEmpty, CccdWrongLength,
    /// CccdNotDigits, CccdUnknownProvince or CccdBadCenturyDigit. Surrounding spaces are ignored.
    static Cccd parse(std::string_view text);
    /// Also checks digit 4 and digits 5-6 against the date of birth (CccdCenturyMismatch,
    /// CccdBirthYearMismatch).
    static Cccd parse(std::string_view text, Date dateOfBirth);
    /// nullopt when valid, else the error parse() would throw; with a gender, also
    /// CccdGenderMismatch when digit 4 says the other one. For live validation and intake.
    static std::optional<Error> check(std::string_view text, std::optional<Date> dateOfBirth = {},
                                      std::optional<Gender> gender = {});

    const std::string& digits() const { return m_digits; }
    std::string_view provinceCode() const { return std::string_view(m_digits).substr(0, 3); }
    std::string_view provinceName() const;  ///< "Hà Nội"
    Gender gender() const;
    int birthYear() const;  ///< four digits, from digits 4-6

private:
    explicit Cccd(std::string digits) : m_digits(std::move(digits)) {}
    std::string m_digits;
};

/// The province of a CCCD province code ("001" -> "Hà Nội"), or nullopt if unassigned.
/// The codes are those of the 63 provinces at the time of issue; the 2025 merger kept them.
std::optional<std::string_view> cccdProvinceName(std::string_view code);

/// The fields of the QR code printed on the chip CCCD card:
/// `number|old 9-digit ID|full name|ddmmyyyy|Nam or Nữ|address|ddmmyyyy issued`.
struct CccdQr {
    std::string number;
    std::string oldId;     ///< often empty
    std::string fullName;  ///< NFC
    Date dateOfBirth;
    Gender gender = Gender::Male;
    std::string address;           ///< NFC
    std::optional<Date> issuedOn;  ///< absent in the 6-field variant

    /// Tolerates a trailing CR/LF, the 6-field variant (no issue date), an empty old ID, and
    /// NFC or NFD text (normalised to NFC). Throws Error with a Qr* code naming the bad field,
    /// or the Cccd* code when the number itself is wrong.
    static CccdQr parse(std::string_view text);
    /// Heuristic for scanner input typed into any field: looks like a CCCD QR payload.
    static bool looksLikeQr(std::string_view text);

    Applicant toApplicant() const;
};

}  // namespace motcua
