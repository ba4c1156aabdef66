// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <algorithm>

#include "motcua/core/name_table.h"
#include "motcua/documents/document_error.h"
#include "motcua/documents/forms.h"

namespace motcua::documents {

namespace {
constexpr auto kForms = makeNameTable<FormKind>(
    {
        {FormKind::Receipt, "receipt"},
        {FormKind::Supplement, "supplement"},
        {FormKind::Rejection, "rejection"},
        {FormKind::Apology, "apology"},
        {FormKind::Stop, "stop"},
        {FormKind::Control, "control"},
    },
    "receipt");
constexpr auto kErrors = makeNameTable<DocumentError::Code>(
    {
        {DocumentError::Code::TemplateInvalid, "TemplateInvalid"},
        {DocumentError::Code::FormNotApplicable, "FormNotApplicable"},
        {DocumentError::Code::Io, "Io"},
        {DocumentError::Code::Render, "Render"},
    },
    "Render");

bool hasAction(const FormContext& c, std::string_view action) {
    return std::any_of(c.history.begin(), c.history.end(),
                       [&](const HistoryEntry& e) { return e.action == action; });
}

[[noreturn]] void notApplicable(const FormContext& c, const std::string& why) {
    throw DocumentError(DocumentError::Code::FormNotApplicable,
                        "dossier " + c.dossier.code + " is " +
                            std::string(statusName(c.dossier.status)) + ": " + why);
}
}  // namespace

std::string_view documentErrorName(DocumentError::Code code) {
    return kErrors.name(code);
}

std::string_view formName(FormKind kind) {
    return kForms.name(kind);
}

std::optional<FormKind> parseFormKind(std::string_view name) {
    return kForms.parse(name);
}

const std::vector<FormKind>& allForms() {
    static const std::vector<FormKind> all = kForms.values();
    return all;
}

std::optional<FormKind> decisionFormKind(DossierAction action) {
    switch (action) {
        case DossierAction::Accept:
            return FormKind::Receipt;
        case DossierAction::RequestSupplement:
            return FormKind::Supplement;
        case DossierAction::Refuse:
            return FormKind::Rejection;
        default:
            return std::nullopt;
    }
}

void checkApplicable(FormKind kind, const FormContext& c) {
    switch (kind) {
        case FormKind::Receipt:
            // A submission gets its receipt when it is accepted; a refused one never does.
            if (isSubmission(c.dossier.status) || c.dossier.status == DossierStatus::Refused)
                notApplicable(c, "a submission's receipt is made when it is accepted");
            return;
        case FormKind::Control:
            return;
        case FormKind::Supplement:
            // Reprints stay possible after the documents came in.
            if (c.dossier.status != DossierStatus::SupplementRequested &&
                c.dossier.status != DossierStatus::AwaitingResubmission &&
                !hasAction(c, "request-supplement"))
                notApplicable(c, "no supplement was requested (act request-supplement first)");
            return;
        case FormKind::Rejection:
            if (c.dossier.status != DossierStatus::Rejected &&
                c.dossier.status != DossierStatus::Refused)
                notApplicable(c, "only a rejected dossier or a refused submission gets form 03");
            return;
        case FormKind::Apology:
            if (!hasAction(c, "postpone"))
                notApplicable(c, "it was never postponed (act postpone first)");
            return;
        case FormKind::Stop:
            if (c.dossier.status != DossierStatus::Stopped)
                notApplicable(c, "only a stopped dossier gets form 05");
            return;
    }
}

}  // namespace motcua::documents
