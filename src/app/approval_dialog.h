// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/gauge.h>
#include <wx/listctrl.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "pin_dialog.h"
#include "token_service.h"
#include "token_signing.h"
#include "ui_build.h"

namespace motcua::app {

/// The supervisor's approval inbox: dossiers awaiting approval with their draft result, a page
/// preview of the document as it will be signed, and approve-and-sign with the USB token for
/// one or many at once (one PIN entry for the batch unless the key demands one per
/// signature), with progress and cancel; or reject or send back with a reason. Works with no
/// network: each approval and its signed PDF wait in the outbox.
class ApprovalDialog : public DeskWindow {
public:
    ApprovalDialog(wxWindow* parent, AppContext& context, TokenService& tokens);
    ~ApprovalDialog() override;

    void reload();
    std::size_t rowCount() const { return m_rows.size(); }
    /// Selects the rows of these dossiers (and only them).
    void select(const std::vector<std::string>& codes);
    /// Chooses the signing certificate by its CKA_ID; false when no present token has it.
    bool chooseCertificate(const std::string& idHex);
    /// Approves and signs the selected dossiers with the chosen certificate.
    void approveSelected();
    /// Rejects, or sends back for rework, the selected dossiers with a reason.
    void rejectSelected(const std::string& reason, bool sendBack);
    void cancelBatch() { m_batchCancel->store(true); }
    bool batchRunning() const { return m_batchRunning; }

    /// Asks for the PIN; the default shows a PinDialog. Tests answer it themselves. Returns
    /// nothing when the person cancels.
    std::function<std::optional<std::string>(const PinRequest&)> askPin;
    std::function<void(const BatchOutcome&)> onBatchDone;
    std::function<void()> onChanged;
    /// For tests: the preview has been drawn for this dossier.
    std::string previewedCode() const { return m_previewed; }

private:
    struct Row {
        Dossier dossier;
        std::optional<store::ResultDocument> draft;
    };
    void showTokens(const TokenSnapshot& snapshot);
    void showPreview();
    std::vector<std::size_t> selectedRows() const;
    void finishBatch(const BatchOutcome& outcome);

    AppContext& m_context;
    TokenService& m_tokens;
    std::vector<Row> m_rows;
    std::vector<std::pair<TokenView, signing::CertificateInfo>> m_certificates;
    wxListCtrl* m_list = nullptr;
    wxStaticBitmap* m_preview = nullptr;
    wxChoice* m_certificate = nullptr;
    wxStaticText* m_certificateNote = nullptr;
    wxButton* m_approve = nullptr;
    wxButton* m_cancel = nullptr;
    wxGauge* m_gauge = nullptr;
    wxStaticText* m_message = nullptr;
    std::string m_previewed;
    unsigned m_previewGeneration = 0;
    bool m_batchRunning = false;
    /// Shared with the token thread: set to stop the batch (also when this window closes).
    std::shared_ptr<std::atomic<bool>> m_batchCancel = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace motcua::app
