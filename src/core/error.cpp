// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/error.h"

namespace motcua {

std::string_view errcName(Errc code) {
    switch (code) {
#define MOTCUA_ERRC(name) \
    case Errc::name:      \
        return #name;
        MOTCUA_ERRC(InvalidArgument)
        MOTCUA_ERRC(InvalidUtf8)
        MOTCUA_ERRC(InvalidDate)
        MOTCUA_ERRC(InvalidDateTime)
        MOTCUA_ERRC(FieldTooLong)
        MOTCUA_ERRC(ControlCharacter)
        MOTCUA_ERRC(TooManyItems)
        MOTCUA_ERRC(CccdEmpty)
        MOTCUA_ERRC(CccdWrongLength)
        MOTCUA_ERRC(CccdNotDigits)
        MOTCUA_ERRC(CccdUnknownProvince)
        MOTCUA_ERRC(CccdBadCenturyDigit)
        MOTCUA_ERRC(CccdCenturyMismatch)
        MOTCUA_ERRC(CccdBirthYearMismatch)
        MOTCUA_ERRC(CccdBirthInFuture)
        MOTCUA_ERRC(CccdGenderMismatch)
        MOTCUA_ERRC(QrEmpty)
        MOTCUA_ERRC(QrFieldCount)
        MOTCUA_ERRC(QrBadNumber)
        MOTCUA_ERRC(QrBadOldId)
        MOTCUA_ERRC(QrEmptyName)
        MOTCUA_ERRC(QrBadBirthDate)
        MOTCUA_ERRC(QrBadGender)
        MOTCUA_ERRC(QrEmptyAddress)
        MOTCUA_ERRC(QrBadIssueDate)
        MOTCUA_ERRC(DossierCodeFormat)
        MOTCUA_ERRC(DeskNumberRange)
        MOTCUA_ERRC(SequenceExhausted)
        MOTCUA_ERRC(ProcedureCodeFormat)
        MOTCUA_ERRC(ProcedureInvalid)
        MOTCUA_ERRC(UnknownAction)
        MOTCUA_ERRC(UnknownStatus)
        MOTCUA_ERRC(ActionNotAllowed)
        MOTCUA_ERRC(ReasonRequired)
        MOTCUA_ERRC(DueRequired)
        MOTCUA_ERRC(LunarDateInvalid)
        MOTCUA_ERRC(CalendarOutOfRange)
#undef MOTCUA_ERRC
    }
    return "Unknown";
}

}  // namespace motcua
