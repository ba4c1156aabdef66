// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/dossier.h"
#include "motcua/core/dossier_record.h"

namespace motcua::documents {

/// The forms of Circular 03/2025/TT-VPCP (numbering as reported) a desk prints from a dossier.
enum class FormKind {
    Receipt,     ///< 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả (two copies)
    Supplement,  ///< 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    Rejection,   ///< 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    Apology,     ///< 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
    Stop,        ///< 05 Thông báo dừng giải quyết hồ sơ
    Control,     ///< 06 Phiếu kiểm soát quá trình giải quyết hồ sơ
};

std::string_view formName(FormKind kind);  ///< "receipt", "supplement", ... (CLI --form)
std::optional<FormKind> parseFormKind(std::string_view name);
const std::vector<FormKind>& allForms();

/// How a form printed in several copies (the receipt) uses paper.
enum class SheetLayout {
    WholeSheets,  ///< each copy on its own A4 sheet
    HalfSheets,   ///< two copies as the A5 halves of one A4 sheet, to be cut apart
};

/// Everything a form shows, gathered by the caller (from the desk's store: store.dossiers().
/// record(code)).
struct FormContext {
    WardSettings ward;
    Dossier dossier;  ///< with documents
    std::optional<Procedure> procedure;
    std::vector<HistoryEntry> history;
    LocalDateTime printedAt;
    std::string reason;  ///< overrides the reason recorded with the dossier's last action
    /// The ward's backend ("https://host[:port]"): with the dossier's tracking key, the
    /// receipt's QR is the citizen's page there; empty, the QR is the bare code.
    std::string serverUrl;
};

/// The form context of a dossier's record, printed at `printedAt`.
FormContext formContext(DossierRecord record, LocalDateTime printedAt, std::string reason = {});

/// Throws DocumentError(FormNotApplicable) when the form does not fit the dossier: a receipt
/// not for a submission before its acceptance (nor a refused one), a
/// supplement request only while (or after) one was requested (of a submission too), a
/// rejection only for a rejected dossier or a refused submission, an apology only after a
/// postponement, a stop notice only for a stopped dossier.
void checkApplicable(FormKind kind, const FormContext& context);

/// Renders the form to PDF bytes (A4, fonts embedded) from `templateDir/<name>.json`; `layout`
/// says how the receipt's two copies use paper. Throws DocumentError(FormNotApplicable |
/// TemplateInvalid | Render). Thread-safe: each call has its own cairo surface.
std::string renderForm(FormKind kind, const FormContext& context, const std::string& templateDir,
                       SheetLayout layout = SheetLayout::WholeSheets);

/// The form a decision on an online or postal submission gives the citizen: 01 (receipt) for
/// accept, 02 (supplement) for request-supplement, 03 (rejection) for refuse; nullopt for any
/// other action.
std::optional<FormKind> decisionFormKind(DossierAction action);

/// Renders the form of a decision on a submission (decisionFormKind(action)) for `after`, the
/// dossier as the decision leaves it (what store::ActionRequest::decisionForm is given), with
/// `reason` (the supplement's missing items, the refusal's reason) and `printedAt` on its date
/// line; writes it atomically to `outDir/<code>-<form>.pdf` (the folder made if needed) and
/// returns that path. `before` is the dossier's record before the decision: its ward, procedure
/// and history. Throws DocumentError(FormNotApplicable) for an action without a form or a
/// dossier the form does not fit, DocumentError(TemplateInvalid | Render | Io) from rendering
/// and writing.
std::string writeDecisionForm(DossierRecord before, const Dossier& after, DossierAction action,
                              const std::string& reason, LocalDateTime printedAt,
                              const std::string& templateDir, const std::string& outDir,
                              SheetLayout layout = SheetLayout::WholeSheets);

/// Reads a dossier's record by its code: on the desk, store.dossiers().record(code).
using RecordReader = std::function<DossierRecord(const std::string& code)>;

/// A store::ActionRequest::decisionForm that reads the dossier's record with `read` (called on
/// the thread the decision runs on: the store's, when `read` reads the store act() runs on) and
/// calls writeDecisionForm. Throws DocumentError(FormNotApplicable) at once for an action that
/// has no form.
std::function<std::string(const Dossier& after)> decisionFormFor(
    RecordReader read, DossierAction action, std::string reason, std::string templateDir,
    std::string outDir, LocalDateTime printedAt, SheetLayout layout = SheetLayout::WholeSheets);

}  // namespace motcua::documents
