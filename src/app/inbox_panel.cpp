// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "inbox_panel.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include "submission_dialog.h"
#include "ui_text.h"

namespace motcua::app {

InboxPanel::InboxPanel(wxWindow* parent, AppContext& context)
    : wxPanel(parent, wxID_ANY), m_context(context) {
    SetName("inboxPanel");
    const int gap = FromDIP(6);
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    m_heading = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_heading->SetName("inboxHeading");
    bar->Add(m_heading, 1, wxALIGN_CENTER_VERTICAL);
    auto* open = new wxButton(this, wxID_ANY, _("Open submission"));
    open->SetName("openSubmission");
    bar->Add(open, 0);
    root->Add(bar, 0, wxEXPAND | wxALL, gap);
    m_list = new InboxList(this);
    root->Add(m_list, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
    SetSizer(root);

    open->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (const auto* e = m_list->selected()) openSubmission(e->dossier.code);
    });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) {
        openSubmission(m_list->rows()[std::size_t(e.GetIndex())].dossier.code);
    });
}

void InboxPanel::reload() {
    const unsigned generation = ++m_generation;
    m_context.worker->run<std::vector<store::InboxEntry>>(
        this, [](store::Store& s) { return s.dossiers().inbox(); },
        [this, generation](std::vector<store::InboxEntry> rows) {
            if (generation != m_generation) return;
            std::size_t overdue = 0;
            for (const auto& e : rows) overdue += e.overdue ? 1 : 0;
            const std::size_t count = rows.size();
            m_list->setRows(std::move(rows));
            m_heading->SetLabel(
                count == 0 ? _("No online submission is waiting for a decision.")
                : overdue == 0
                    ? wxString::Format(
                          wxPLURAL("%zu submission waits for a decision.",
                                   "%zu submissions wait for a decision.", unsigned(count)),
                          count)
                    : wxString::Format(wxPLURAL("%zu submission waits for a decision, %zu past "
                                                "its deadline.",
                                                "%zu submissions wait for a decision, %zu past "
                                                "their deadline.",
                                                unsigned(count)),
                                       count, overdue));
            if (onLoaded) onLoaded(count, overdue);
        },
        [this](std::exception_ptr e) { m_heading->SetLabel(errorText(e)); });
}

SubmissionDialog* InboxPanel::openSubmission(const std::string& code) {
    auto* dialog = new SubmissionDialog(this, m_context, code);
    dialog->onChanged = [this] {
        reload();
        if (onChanged) onChanged();
    };
    dialog->Show();
    return dialog;
}

}  // namespace motcua::app
