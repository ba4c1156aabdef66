// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The intake a test starts from: a counter intake with the procedure's checklist, no
// attachments, received now. A test sets only what it is about (the receipt time, the channel,
// the files, the fee) on the request it gets back.
#pragma once

#include <string>
#include <utility>

#include "motcua/store/dossier_types.h"

namespace motcua::test {

/// A CCCD number whose digits say a man born in 1999 (the store checks that they agree with
/// a birth date when there is one).
inline constexpr const char* kApplicantIdNumber = "001099012345";

/// An applicant with a name and kApplicantIdNumber, nothing else.
inline Applicant applicantNamed(std::string fullName) {
    Applicant a;
    a.fullName = std::move(fullName);
    a.idNumber = kApplicantIdNumber;
    return a;
}

/// A counter intake of `procedure` (a code of the shipped catalog, "2.000815") by `applicant`.
inline store::IntakeRequest intakeRequest(std::string procedure, Applicant applicant) {
    store::IntakeRequest r;
    r.procedureCode = std::move(procedure);
    r.applicant = std::move(applicant);
    return r;
}

}  // namespace motcua::test
