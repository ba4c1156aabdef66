// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers

#include "motcua/core/cccd.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "motcua/core/vietnamese_text.h"

namespace motcua {
namespace {

constexpr std::size_t kCccdLength = 12;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool allDigits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), isDigit);
}

int digitAt(std::string_view text, std::size_t index) {
    return text[index] - '0';
}

// Digit 4 encodes the century in pairs (0/1 -> 1900, 2/3 -> 2000, 4/5 -> 2100).
int centuryOfDigit(int digit) {
    return 1900 + digit / 2 * 100;
}

// Precedence, so live validation reports one stable error while the officer types:
// empty, any non-digit, wrong length, unknown province, century digit, then the checks
// against the date of birth. Non-digits outrank length because "00109901234a" is a typo in
// a full-length number, not a short one.
std::optional<Error> validate(std::string_view trimmed, std::optional<Date> dateOfBirth) {
    if (trimmed.empty()) return Error(Errc::CccdEmpty, "CCCD number is empty");
    if (!allDigits(trimmed)) {
        return Error(Errc::CccdNotDigits, "CCCD number must contain only digits 0-9");
    }
    if (trimmed.size() != kCccdLength) {
        return Error(Errc::CccdWrongLength, "CCCD number must have exactly 12 digits, got " +
                                                std::to_string(trimmed.size()));
    }
    const std::string_view province = trimmed.substr(0, 3);
    if (!cccdProvinceName(province)) {
        return Error(Errc::CccdUnknownProvince,
                     "CCCD province code " + std::string(province) + " is not assigned");
    }
    const int centuryDigit = digitAt(trimmed, 3);
    if (centuryDigit > 5) {
        return Error(
            Errc::CccdBadCenturyDigit,
            "CCCD digit 4 (gender and century) must be 0-5, got " + std::to_string(centuryDigit));
    }
    if (dateOfBirth) {
        const int year = static_cast<int>(dateOfBirth->year());
        const int century = centuryOfDigit(centuryDigit);
        if (year - (year % 100 + 100) % 100 != century) {
            return Error(Errc::CccdCenturyMismatch,
                         "CCCD digit 4 gives a birth in " + std::to_string(century) + "-" +
                             std::to_string(century + 99) + " but the date of birth is in " +
                             std::to_string(year));
        }
        const int yearDigits = digitAt(trimmed, 4) * 10 + digitAt(trimmed, 5);
        if (yearDigits != year % 100) {
            return Error(Errc::CccdBirthYearMismatch,
                         "CCCD digits 5-6 give birth year " + std::to_string(century + yearDigits) +
                             " but the date of birth is in " + std::to_string(year));
        }
    }
    return std::nullopt;
}

// ddmmyyyy, exactly eight digits. Kept private rather than calling tryParseDdMmYyyy so the
// CCCD rules do not depend on date_time.cpp's choices about lenient input.
std::optional<Date> parseDdMmYyyy(std::string_view text) {
    if (text.size() != 8 || !allDigits(text)) return std::nullopt;
    const auto number = [text](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) value = value * 10 + digitAt(text, i);
        return value;
    };
    const Date date{std::chrono::year{number(4, 4)},
                    std::chrono::month{static_cast<unsigned>(number(2, 2))},
                    std::chrono::day{static_cast<unsigned>(number(0, 2))}};
    if (!date.ok()) return std::nullopt;
    return date;
}

// Compared after folding so NFC, NFD, any case and diacritic-less "Nu" (keyboard-wedge
// scanners drop non-ASCII letters) all read the same.
std::optional<Gender> parseQrGender(std::string_view text) {
    const std::string folded = foldForSearch(text);
    if (folded == "nam") return Gender::Male;
    if (folded == "nu") return Gender::Female;
    return std::nullopt;
}

std::string normalisedText(std::string_view field) {
    const std::string composed = composeVietnamese(field);
    return std::string(trim(composed));
}

}  // namespace

Cccd Cccd::parse(std::string_view text) {
    const std::string_view trimmed = trim(text);
    if (std::optional<Error> error = validate(trimmed, std::nullopt)) throw *error;
    return Cccd(std::string(trimmed));
}

Cccd Cccd::parse(std::string_view text, Date dateOfBirth) {
    const std::string_view trimmed = trim(text);
    if (std::optional<Error> error = validate(trimmed, dateOfBirth)) throw *error;
    return Cccd(std::string(trimmed));
}

std::optional<Error> Cccd::check(std::string_view text, std::optional<Date> dateOfBirth,
                                 std::optional<Gender> gender) {
    const std::string_view trimmed = trim(text);
    if (std::optional<Error> error = validate(trimmed, dateOfBirth)) return error;
    if (gender) {
        const Gender onCard = Cccd(std::string(trimmed)).gender();
        if (onCard != *gender)
            return Error(Errc::CccdGenderMismatch, "the identity number " + std::string(trimmed) +
                                                       " belongs to a " +
                                                       (onCard == Gender::Male ? "man" : "woman") +
                                                       "; check the number and the gender");
    }
    return std::nullopt;
}

std::string_view Cccd::provinceName() const {
    // parse() admitted only assigned codes, so the lookup cannot miss.
    return cccdProvinceName(provinceCode()).value_or(std::string_view{});
}

Gender Cccd::gender() const {
    return digitAt(m_digits, 3) % 2 == 0 ? Gender::Male : Gender::Female;
}

int Cccd::birthYear() const {
    return centuryOfDigit(digitAt(m_digits, 3)) + digitAt(m_digits, 4) * 10 + digitAt(m_digits, 5);
}

CccdQr CccdQr::parse(std::string_view text) {
    // Scanners in keyboard-wedge mode end the payload with CR, LF or both.
    const std::string_view payload = trim(text);
    if (payload.empty()) throw Error(Errc::QrEmpty, "QR payload is empty");
    if (!isValidUtf8(payload)) throw Error(Errc::InvalidUtf8, "QR payload is not valid UTF-8");

    std::array<std::string_view, 7> fields{};
    std::size_t count = 0;
    for (std::size_t start = 0;;) {
        const std::size_t bar = payload.find('|', start);
        if (count == fields.size()) {
            throw Error(Errc::QrFieldCount, "QR payload has more than 7 '|'-separated fields");
        }
        fields[count++] = payload.substr(start, bar == std::string_view::npos ? bar : bar - start);
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    if (count < 6) {
        throw Error(Errc::QrFieldCount, "QR payload has " + std::to_string(count) +
                                            " '|'-separated fields, expected 6 or 7");
    }

    CccdQr qr;
    const std::string_view number = trim(fields[0]);
    if (number.size() != kCccdLength || !allDigits(number)) {
        throw Error(Errc::QrBadNumber, "QR field 1 (CCCD number) is not 12 digits");
    }

    const std::string_view oldId = trim(fields[1]);
    // Most cards carry the 9-digit CMND; cards that replaced a 12-digit CMND carry that.
    if (!oldId.empty() && !((oldId.size() == 9 || oldId.size() == 12) && allDigits(oldId))) {
        throw Error(Errc::QrBadOldId, "QR field 2 (old ID) is not 9 or 12 digits");
    }
    qr.oldId = std::string(oldId);

    qr.fullName = normalisedText(fields[2]);
    if (qr.fullName.empty()) throw Error(Errc::QrEmptyName, "QR field 3 (full name) is empty");

    const std::optional<Date> birth = parseDdMmYyyy(trim(fields[3]));
    if (!birth) throw Error(Errc::QrBadBirthDate, "QR field 4 (date of birth) is not ddmmyyyy");
    qr.dateOfBirth = *birth;

    // Deliberately not wrapped in QrBadNumber: a well-formed number that is wrong (unknown
    // province, century or year disagreeing with the birth date) propagates its Cccd* code,
    // which tells the officer more than "bad number".
    qr.number = Cccd::parse(number, qr.dateOfBirth).digits();

    const std::optional<Gender> gender = parseQrGender(fields[4]);
    if (!gender) throw Error(Errc::QrBadGender, "QR field 5 (gender) is neither Nam nor Nữ");
    qr.gender = *gender;

    qr.address = normalisedText(fields[5]);
    if (qr.address.empty()) throw Error(Errc::QrEmptyAddress, "QR field 6 (address) is empty");

    // An empty seventh field (trailing '|') is read as "no issue date", like the 6-field form.
    const std::string_view issued = count == 7 ? trim(fields[6]) : std::string_view{};
    if (!issued.empty()) {
        const std::optional<Date> issuedOn = parseDdMmYyyy(issued);
        if (!issuedOn) throw Error(Errc::QrBadIssueDate, "QR field 7 (issue date) is not ddmmyyyy");
        if (Days{*issuedOn} < Days{qr.dateOfBirth}) {
            throw Error(Errc::QrBadIssueDate,
                        "QR field 7 (issue date) is before the date of birth");
        }
        qr.issuedOn = issuedOn;
    }
    return qr;
}

bool CccdQr::looksLikeQr(std::string_view text) {
    const std::string_view payload = trim(text);
    const auto bars = std::count(payload.begin(), payload.end(), '|');
    return (bars == 5 || bars == 6) && payload.size() > kCccdLength &&
           allDigits(payload.substr(0, kCccdLength)) && payload[kCccdLength] == '|';
}

Applicant CccdQr::toApplicant() const {
    Applicant applicant;
    applicant.fullName = fullName;
    applicant.idNumber = number;
    applicant.dateOfBirth = dateOfBirth;
    applicant.gender = gender;
    applicant.address = address;
    return applicant;
}

}  // namespace motcua
