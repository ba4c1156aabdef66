// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/procedure.h"

#include "motcua/core/vietnamese_text.h"

#include <algorithm>
#include <cctype>

#include "motcua/core/error.h"
#include "motcua/core/name_table.h"

namespace motcua {

namespace {

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

using Form = RequiredDocument::Form;
constexpr auto kDocumentForms = makeNameTable<Form>(
    {
        {Form::Original, "original"},
        {Form::Copy, "copy"},
        {Form::OriginalOrCopy, "original_or_copy"},
    },
    "original");

using Kind = FeeRule::Kind;
constexpr auto kFeeKinds = makeNameTable<Kind>(
    {
        {Kind::Free, "free"},
        {Kind::Fixed, "fixed"},
        {Kind::PerCopy, "per_copy"},
        {Kind::PerPageTiered, "per_page_tiered"},
    },
    "free");

}  // namespace

bool RequiredDocument::isOptional() const {
    // Case folded, so "(Nếu có)" counts too; the catalog's names are NFC.
    return foldForSearch(name).find("(neu co)") != std::string::npos;
}

std::string_view documentFormName(RequiredDocument::Form form) {
    return kDocumentForms.name(form);
}

std::optional<RequiredDocument::Form> parseDocumentForm(std::string_view name) {
    return kDocumentForms.parse(name);
}

std::string_view feeKindName(FeeRule::Kind kind) {
    return kFeeKinds.name(kind);
}

std::optional<FeeRule::Kind> parseFeeKind(std::string_view name) {
    return kFeeKinds.parse(name);
}

Money FeeRule::compute(const FeeInput& input) const {
    if (input.copies < 1 || input.pages < 1)
        throw Error(Errc::InvalidArgument, "copies and pages must be at least 1");
    switch (kind) {
        case Kind::Free:
            return Money{};
        case Kind::Fixed:
            return amount;
        case Kind::PerCopy:
            return amount * input.copies;
        case Kind::PerPageTiered: {
            const int tier = std::min(input.pages, tierPages);
            Money perCopy = amount * tier + laterAmount * (input.pages - tier);
            if (maxPerCopy && perCopy > *maxPerCopy) perCopy = *maxPerCopy;
            return perCopy * input.copies;
        }
    }
    return Money{};
}

TimeLimit Procedure::effectiveLimit() const {
    TimeLimit result = limit;
    if (!result.cutoff && result.unit == TimeLimit::Unit::SameDay)
        result.cutoff = std::chrono::hours(15);
    return result;
}

void Procedure::validate() const {
    auto fail = [this](const std::string& what) {
        throw Error(Errc::ProcedureInvalid, "procedure " + code + ": " + what);
    };
    if (!isValidProcedureCode(code)) fail("code is not of the form d.dddddd");
    if (name.empty()) fail("name is empty");
    if (limit.unit != TimeLimit::Unit::SameDay && limit.value < 1)
        fail("time limit must be at least 1");
    if (limit.cutoff && (limit.cutoff->count() < 0 || limit.cutoff->count() >= 24 * 60))
        fail("cut-off is not a time of day");
    if (fee.amount.vnd < 0 || fee.laterAmount.vnd < 0 ||
        (fee.maxPerCopy && fee.maxPerCopy->vnd < 0))
        fail("fee amounts must not be negative");
    if (fee.kind == FeeRule::Kind::PerPageTiered && fee.tierPages < 0)
        fail("fee tier must not be negative");
    for (const auto& doc : documents) {
        if (doc.name.empty()) fail("a required document has no name");
        if (doc.count < 1) fail("document '" + doc.name + "' has a count below 1");
    }
}

bool isValidProcedureCode(std::string_view code) {
    // National database codes are "d.dddddd"; provinces may append ".<unit code>".
    if (code.size() < 8 || !std::isdigit(static_cast<unsigned char>(code[0])) || code[1] != '.')
        return false;
    if (!allDigits(code.substr(2, 6))) return false;
    if (code.size() == 8) return true;
    if (code[8] != '.' || code.size() == 9) return false;
    return std::all_of(code.begin() + 9, code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.';
    });
}

}  // namespace motcua
