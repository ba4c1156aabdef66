// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"

namespace motcua::app {

/// One dossier: its fields, attachments, timeline from the audit log, the actions its status
/// allows (each asks for what it needs and prints its form), and reprinting any form.
class DetailDialog : public wxDialog {
public:
    DetailDialog(wxWindow* parent, AppContext& context, std::string code);

    std::function<void()> onChanged;

    /// The actions currently offered, for tests.
    std::vector<DossierAction> offeredActions() const { return m_offered; }
    bool isLoaded() const { return m_dossier.has_value(); }
    void act(DossierAction action, const std::string& reason, std::optional<LocalDateTime> due);

private:
    void load();
    void show(const Dossier& d, const std::vector<store::HistoryEntry>& history);
    void onActionButton(DossierAction action);
    void openAttachment(long item);

    AppContext& m_context;
    std::string m_code;
    std::optional<Dossier> m_dossier;
    std::vector<DossierAction> m_offered;
    wxFlexGridSizer* m_fields = nullptr;
    wxListCtrl* m_documents = nullptr;
    wxListCtrl* m_timeline = nullptr;
    wxBoxSizer* m_actions = nullptr;
    wxChoice* m_reprint = nullptr;
    wxStaticText* m_message = nullptr;
};

}  // namespace motcua::app
