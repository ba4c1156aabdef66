// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/money.h"
#include "motcua/core/time_limit.h"

namespace motcua {

/// One document the applicant must bring.
struct RequiredDocument {
    enum class Form { Original, Copy, OriginalOrCopy };
    std::string name;
    Form form = Form::Original;
    int count = 1;
    /// Brought only where it applies: the catalog marks such documents "(nếu có)".
    bool isOptional() const;
    bool operator==(const RequiredDocument&) const = default;
};
std::string_view documentFormName(
    RequiredDocument::Form form);  ///< "original", "copy", "original_or_copy"
std::optional<RequiredDocument::Form> parseDocumentForm(std::string_view name);

/// What the applicant tells the desk so the fee can be computed.
struct FeeInput {
    int copies = 1;
    int pages = 1;  ///< pages per copy
};

/// How a procedure's fee is computed.
struct FeeRule {
    enum class Kind {
        Free,
        Fixed,          ///< `amount` per dossier
        PerCopy,        ///< `amount` per copy
        PerPageTiered,  ///< per copy: `amount` per page up to `tierPages`, then `laterAmount`,
                        ///< capped at `maxPerCopy`
    };
    Kind kind = Kind::Free;
    Money amount{};
    int tierPages = 0;
    Money laterAmount{};
    std::optional<Money> maxPerCopy;
    std::string note;  ///< shown to the officer, e.g. "Miễn lệ phí nếu đăng ký đúng hạn"

    Money compute(
        const FeeInput& input) const;  ///< throws Error(InvalidArgument) for copies/pages < 1
    bool operator==(const FeeRule&) const = default;
};
std::string_view feeKindName(
    FeeRule::Kind kind);  ///< "free", "fixed", "per_copy", "per_page_tiered"
std::optional<FeeRule::Kind> parseFeeKind(std::string_view name);

/// An administrative procedure from the catalog.
struct Procedure {
    std::string code;  ///< national code "d.dddddd", optionally followed by a unit suffix
    std::string name;
    std::string sector;  ///< lĩnh vực, e.g. "Hộ tịch"
    std::string unit;    ///< the agency that settles it
    TimeLimit limit;
    FeeRule fee;
    std::vector<RequiredDocument> documents;

    /// The cut-off in force: the procedure's own, else 15:00 for same-day procedures.
    TimeLimit effectiveLimit() const;
    /// Throws Error(ProcedureInvalid) naming the first problem (empty name, bad limit, ...).
    void validate() const;
    bool operator==(const Procedure&) const = default;
};

/// True for "1.001193" and for "1.001193.000.00.00.H30"-style codes with a unit suffix.
bool isValidProcedureCode(std::string_view code);

}  // namespace motcua
