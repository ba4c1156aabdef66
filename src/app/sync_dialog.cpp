// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "sync_dialog.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include <nlohmann/json.hpp>

#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

wxString stateText(SyncSnapshot::State state) {
    switch (state) {
        case SyncSnapshot::State::NotConfigured:
            return _("Sync is not set up (Settings)");
        case SyncSnapshot::State::NoAccount:
            return _("Sign in with a server account to sync");
        case SyncSnapshot::State::Offline:
            return _("Offline, retrying");
        case SyncSnapshot::State::Syncing:
            return _("Syncing...");
        case SyncSnapshot::State::Online:
            return _("Online");
        case SyncSnapshot::State::Refused:
            return _("The server refused this desk");
    }
    return {};
}

wxString kindText(const std::string& kind) {
    if (kind == "dossier.intake") return _("Intake");
    if (kind == "dossier.action") return _("Action");
    if (kind == "dossier.edit") return _("Correction");
    // TRANSLATORS: an op that gives a submitted document more files (a scan made later)
    if (kind == "dossier.files") return _("Document files");
    return fromUtf8(kind);
}

}  // namespace

wxString syncStatusText(const SyncSnapshot& s) {
    wxString text = stateText(s.state);
    if (s.lastSuccess)
        text += " - " + wxString::Format(_("last sync %s"), shortTime(*s.lastSuccess));
    text += " - " + wxString::Format(wxPLURAL("%lld change waiting", "%lld changes waiting",
                                              unsigned(s.pending)),
                                     static_cast<long long>(s.pending));
    if (s.unresolved > 0)
        text += " - " + wxString::Format(
                            wxPLURAL("%lld to resolve", "%lld to resolve", unsigned(s.unresolved)),
                            static_cast<long long>(s.unresolved));
    return text;
}

SyncDialog::SyncDialog(wxWindow* parent, AppContext& context, SyncService& sync)
    : DeskWindow(parent, _("Sync with the city"), "syncDialog"), m_context(context), m_sync(sync) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    m_status = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_status->SetName("syncState");
    m_status->SetFont(m_status->GetFont().Bold());
    root->Add(m_status, 0, wxALL | wxEXPAND, FromDIP(8));

    root->Add(
        new wxStaticText(this, wxID_ANY, _("Refused by the server: choose what to do with each")),
        0, wxLEFT | wxRIGHT, FromDIP(8));
    m_refusedList = newReportList(this, "refusedOps", wxSize(760, 160),
                                  {{_("Dossier"), 190},
                                   {_("Change"), 90},
                                   {_("Answer"), 80},
                                   {_("The server's reason"), 390}},
                                  wxLC_SINGLE_SEL);
    root->Add(m_refusedList, 1, wxALL | wxEXPAND, FromDIP(8));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* accept = new wxButton(this, wxID_ANY, _("Keep the server's version"));
    accept->SetName("acceptServer");
    auto* redo = new wxButton(this, wxID_ANY, _("Redo my change"));
    redo->SetName("redoChange");
    auto* now = new wxButton(this, wxID_ANY, _("Sync now"));
    now->SetName("syncNow");
    buttons->Add(accept, 0, wxRIGHT, FromDIP(6));
    buttons->Add(redo, 0, wxRIGHT, FromDIP(6));
    buttons->AddStretchSpacer();
    buttons->Add(now, 0);
    root->Add(buttons, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(8));
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("syncMessage");
    root->Add(m_message, 0, wxALL | wxEXPAND, FromDIP(8));

    root->Add(new wxStaticText(this, wxID_ANY, _("Recent syncs")), 0, wxLEFT | wxRIGHT, FromDIP(8));
    m_log =
        newReportList(this, "syncLog", wxSize(760, 180), {{_("Time"), 130}, {_("Result"), 620}});
    root->Add(m_log, 1, wxALL | wxEXPAND, FromDIP(8));
    finishClosingWindow(*this, root, 8);

    auto selected = [this] {
        return m_refusedList->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    };
    accept->Bind(wxEVT_BUTTON, [this, selected](wxCommandEvent&) {
        resolve(selected(), store::OpResolution::AcceptServer);
    });
    redo->Bind(wxEVT_BUTTON, [this, selected](wxCommandEvent&) {
        resolve(selected(), store::OpResolution::Redo);
    });
    now->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_sync.syncNow();
        m_message->SetLabel(_("Syncing..."));
    });
    reload();
}

void SyncDialog::showStatus(const SyncSnapshot& s) {
    wxString text = syncStatusText(s);
    // The person's language; the log below keeps the failure's own words for support.
    if (s.failure)
        text += "\n" + errorText(s.failure);
    else if (!s.lastError.empty())
        text += "\n" + fromUtf8(s.lastError);
    m_status->SetLabel(text);
}

void SyncDialog::reload() {
    showStatus(m_sync.snapshot());
    m_log->DeleteAllItems();
    const auto lines = m_sync.log();
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {  // newest first
        const long row = m_log->InsertItem(m_log->GetItemCount(), shortTime(it->at));
        m_log->SetItem(row, 1, (it->ok ? wxString() : _("Failed: ")) + fromUtf8(it->text));
    }
    m_context.worker->run<std::vector<store::OutboxOp>>(
        this, [](store::Store& s) { return s.outbox().unresolved(); },
        [this](std::vector<store::OutboxOp> ops) {
            m_refused = std::move(ops);
            m_refusedList->DeleteAllItems();
            for (const auto& op : m_refused) {
                const auto answer = nlohmann::json::parse(op.result, nullptr, false);
                const std::string reason =
                    answer.is_object() ? answer.value("error", "") : std::string();
                const long row =
                    m_refusedList->InsertItem(m_refusedList->GetItemCount(), fromUtf8(op.entityId));
                m_refusedList->SetItem(row, 1, kindText(op.kind));
                m_refusedList->SetItem(
                    row, 2, op.state == OpState::Conflict ? _("Conflict") : _("Rejected"));
                m_refusedList->SetItem(row, 3, fromUtf8(reason));
            }
            Layout();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void SyncDialog::resolve(long row, store::OpResolution how) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_refused.size()) {
        m_message->SetLabel(_("Choose a refused change first."));
        return;
    }
    const std::string opId = m_refused[static_cast<std::size_t>(row)].opId;
    m_context.worker->run<bool>(
        this, [opId, how](store::Store& s) { return s.outbox().resolve(opId, how), true; },
        [this, how](bool) {
            m_message->SetLabel(how == store::OpResolution::Redo
                                    ? _("Your change is queued again.")
                                    : _("The server's version is kept."));
            m_sync.syncNow();
            reload();
            if (onResolved) onResolved();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

}  // namespace motcua::app
