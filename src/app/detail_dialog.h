// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "motcua/core/work_calendar.h"
#include "motcua/documents/forms.h"
#include "pin_dialog.h"
#include "token_signing.h"
#include "ui_build.h"

namespace motcua::app {

/// One dossier: its fields, attachments, timeline from the audit log, the actions its status
/// allows (each asks for what it needs and prints its form), and reprinting any form.
class DetailDialog : public DeskWindow {
public:
    DetailDialog(wxWindow* parent, AppContext& context, std::string code);

    std::function<void()> onChanged;

    /// The actions currently offered, for tests.
    std::vector<DossierAction> offeredActions() const { return m_offered; }
    bool isLoaded() const { return m_dossier.has_value(); }
    /// Takes the action as it is (the confirmations and questions come before, from the
    /// buttons); `document`: the draft of a submission for approval.
    void act(DossierAction action, const std::string& reason, std::optional<LocalDateTime> due,
             const std::string& document = {});
    /// Asks for the draft result a submission for approval carries; nothing: not submitted.
    /// The default is a file dialog starting in the ward's documents folder.
    std::function<std::optional<std::string>()> chooseDraft;
    /// Corrects the applicant's details (the store audits it and queues the edit).
    void editApplicant(const Applicant& applicant);
    /// Asks the corrected details; nothing: cancelled. The default is a small form.
    std::function<std::optional<Applicant>(const Applicant&)> askApplicant;
    /// Asks the reason an action needs; nothing: cancelled. The default is a text box worded
    /// for the action.
    std::function<std::optional<std::string>(DossierAction)> askReason;
    /// Renders a form as printed and signs it with the officer's token (PAdES, the text-only
    /// visible variant at the top right), kept beside the printed one as "...-signed.pdf".
    /// `certificateId`: the CKA_ID of the certificate to sign with; empty: the first valid
    /// signing certificate of the tokens plugged in.
    void signForm(documents::FormKind kind, const std::string& certificateId = {});
    /// Asks for the PIN; the default shows a PinDialog (tests answer it themselves).
    std::function<std::optional<std::string>(const PinRequest&)> askPin;
    std::function<void(const BatchOutcome&)> onSigned;
    const std::string& signedForm() const { return m_signedForm; }

private:
    void load();
    void show(const Dossier& d, const std::vector<store::HistoryEntry>& history);
    void onActionButton(DossierAction action);
    void openAttachment(long item);

    AppContext& m_context;
    std::string m_code;
    std::optional<Dossier> m_dossier;
    std::vector<DossierAction> m_offered;
    WorkCalendar m_calendar;
    wxFlexGridSizer* m_fields = nullptr;
    wxListCtrl* m_documents = nullptr;
    wxListCtrl* m_timeline = nullptr;
    wxBoxSizer* m_actions = nullptr;
    wxChoice* m_reprint = nullptr;
    wxButton* m_edit = nullptr;
    wxStaticText* m_message = nullptr;
    std::string m_signedForm;
    std::shared_ptr<std::atomic<bool>> m_signCancel = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace motcua::app
