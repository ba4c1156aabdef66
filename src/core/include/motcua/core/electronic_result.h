// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Electronic results (Decree 45/2020/NĐ-CP art. 25, Circular 01/2023/TT-VPCP): the signed result
// document of a dossier, of the same legal value as the paper one, kept in the citizen's store
// under the code `<dossier code>-KQ<nn>`, numbered from 01 in the order the dossier's results
// were approved.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "motcua/core/date_time.h"

namespace motcua {

struct ElectronicResult {
    std::string code;  ///< "<dossier code>-KQ01"
    std::string sha256;
    std::string fileName;
    std::int64_t size = 0;
    LocalDateTime approvedAt;  ///< the supervisor's approval, as her desk recorded it
    bool operator==(const ElectronicResult&) const = default;
};

/// The most results one dossier can have: the code keeps two digits.
inline constexpr int kMaxElectronicResults = 99;

/// "<dossierCode>-KQ<nn>", nn the number from 01. Throws Error(InvalidArgument) for a number
/// outside 1..kMaxElectronicResults or an empty dossier code.
std::string electronicResultCode(std::string_view dossierCode, int number);

struct ElectronicResultCode {
    std::string dossierCode;
    int number = 0;
};
/// The reverse of electronicResultCode: nullopt for anything it would not have written (the
/// dossier code is not checked beyond being non-empty; DossierCode::parse does that).
std::optional<ElectronicResultCode> parseElectronicResultCode(std::string_view code);

}  // namespace motcua
