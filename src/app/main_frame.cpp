// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "main_frame.h"

#include <wx/display.h>

#include <wx/button.h>
#include <wx/config.h>
#include <wx/persist/toplevel.h>
#include <wx/sizer.h>
#include <wx/statusbr.h>

#include "approval_dialog.h"
#include "detail_dialog.h"
#include "intake_dialog.h"
#include "settings_dialog.h"
#include "submission_dialog.h"
#include "sync_dialog.h"
#include "motcua/core/tracking_key.h"
#include "ui_text.h"

namespace motcua::app {

namespace {
constexpr int kListLimit = 500;
struct ListResult {
    std::vector<Dossier> rows;
    LocalDateTime now;
};
}  // namespace

MainFrame::MainFrame(AppContext& context)
    : wxFrame(nullptr, wxID_ANY, _("MotCua Desk"), wxDefaultPosition, wxDefaultSize),
      m_context(context),
      m_debounce(this) {
    SetName("mainFrame");
    buildUi();
    buildMenu();
    SetTitle(wxString::Format(_("MotCua Desk - %s, desk %d"), fromUtf8(context.ward.unitName),
                              context.ward.deskNumber));
    // The list is the officer's day: on a small screen (1366x768, 1280x720) the window takes
    // the whole work area, on a large one most of it; a size the officer chose is restored.
    const wxRect area = wxDisplay(wxDisplay::GetFromWindow(this) == wxNOT_FOUND
                                      ? 0u
                                      : unsigned(wxDisplay::GetFromWindow(this)))
                            .GetClientArea();
    SetMinSize(wxSize(std::min(area.width, FromDIP(900)), std::min(area.height, FromDIP(560))));
    if (area.width <= FromDIP(1400) || area.height <= FromDIP(800)) {
        SetSize(area);
        Maximize();
    } else {
        SetSize(wxSize(area.width * 9 / 10, area.height * 9 / 10));
        Centre();
    }
    wxPersistentRegisterAndRestore(this, "MainFrame");
    // A size kept from a larger screen is cut to this one.
    if (GetSize().x > area.width || GetSize().y > area.height) {
        SetSize(area);
        Maximize();
    }
    restoreColumns();
    if (m_context.sync) {
        m_syncSnapshot = m_context.sync->snapshot();
        m_context.sync->setListener(this, [this](const SyncSnapshot& s) { showSync(s); });
    }
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { runQuery(); });
    Bind(wxEVT_CHAR_HOOK, &MainFrame::onCharHook, this);
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::onClose, this);
    reload();
}

MainFrame::~MainFrame() = default;

void MainFrame::buildUi() {
    auto* panel = new wxPanel(this);
    auto* root = new wxBoxSizer(wxVERTICAL);

    // Today at a glance.
    auto* summary = new wxBoxSizer(wxHORIZONTAL);
    auto addFigure = [&](const wxString& caption, const char* name) {
        auto* box = new wxBoxSizer(wxVERTICAL);
        auto* value = new wxStaticText(panel, wxID_ANY, "-", wxDefaultPosition, wxDefaultSize,
                                       wxALIGN_CENTRE_HORIZONTAL);
        value->SetName(name);
        value->SetFont(value->GetFont().Scaled(1.6f).Bold());
        box->Add(value, 0, wxALIGN_CENTER_HORIZONTAL);
        box->Add(new wxStaticText(panel, wxID_ANY, caption), 0, wxALIGN_CENTER_HORIZONTAL);
        summary->Add(box, 1, wxALL | wxEXPAND, FromDIP(6));
        return value;
    };
    m_receivedToday = addFigure(_("Received today"), "receivedToday");
    m_dueToday = addFigure(_("Due today"), "dueToday");
    m_overdue = addFigure(_("Overdue"), "overdue");
    m_awaiting = addFigure(_("Awaiting approval"), "awaitingApproval");
    m_pendingSync = addFigure(_("Waiting to sync"), "pendingSync");
    m_inboxCount = addFigure(_("Online, to accept"), "inboxCount");
    root->Add(summary, 0, wxEXPAND | wxALL, FromDIP(4));

    // Filters and actions.
    auto* bar = new wxBoxSizer(wxHORIZONTAL);
    m_search = new wxSearchCtrl(panel, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                FromDIP(wxSize(320, -1)), wxTE_PROCESS_ENTER);
    m_search->SetName("search");
    m_search->SetDescriptiveText(_("Search name, identity number, code, procedure"));
    m_search->ShowCancelButton(true);
    bar->Add(m_search, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    // Filters on a row of their own, so the search box keeps its width.
    auto* filters = new wxBoxSizer(wxHORIZONTAL);
    m_status = new wxChoice(panel, wxID_ANY);
    m_status->SetName("statusFilter");
    m_status->Append(_("All statuses"));
    for (auto s : allStatuses()) m_status->Append(statusLabel(s));
    m_status->SetSelection(0);
    filters->Add(m_status, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_channel = new wxChoice(panel, wxID_ANY);
    m_channel->SetName("channelFilter");
    m_channel->Append(_("All channels"));
    for (auto c : {Channel::Counter, Channel::Online, Channel::Post})
        m_channel->Append(channelLabel(c));
    m_channel->SetSelection(0);
    filters->Add(m_channel, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    // Received between two dates; either may be left empty.
    filters->Add(new wxStaticText(panel, wxID_ANY, _("Received from")), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    // Typed as Vietnamese write dates (dd/mm/yyyy), whatever the locale; empty: no bound.
    auto dateField = [&](const char* name) {
        auto* field = new wxTextCtrl(panel, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                     FromDIP(wxSize(110, -1)));
        field->SetName(name);
        field->SetHint(_("dd/mm/yyyy"));
        return field;
    };
    m_from = dateField("receivedFrom");
    filters->Add(m_from, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    filters->Add(new wxStaticText(panel, wxID_ANY, _("to")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
                 FromDIP(4));
    m_to = dateField("receivedTo");
    filters->Add(m_to, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_overdueOnly = new wxCheckBox(panel, wxID_ANY, _("Overdue only"));
    m_overdueOnly->SetName("overdueOnly");
    filters->Add(m_overdueOnly, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    auto* intake = new wxButton(panel, wxID_ANY, _("New intake (F2)"));
    intake->SetName("newIntake");
    bar->Add(intake, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(4));
    auto* open = new wxButton(panel, wxID_ANY, _("Open"));
    open->SetName("openDossier");
    bar->Add(open, 0, wxALIGN_CENTER_VERTICAL);
    root->Add(bar, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    root->Add(filters, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));

    // The dossiers, and beside them the online submissions waiting for a decision.
    m_pages = new wxNotebook(panel, wxID_ANY);
    m_pages->SetName("pages");
    m_list = new DossierList(m_pages);
    m_inbox = new InboxPanel(m_pages, m_context);
    m_pages->AddPage(m_list, _("Dossiers"));
    m_pages->AddPage(m_inbox, _("Online submissions awaiting acceptance"));
    root->Add(m_pages, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    panel->SetSizer(root);
    CreateStatusBar(3);
    const int widths[] = {-2, -4, -2};  // the list's count, sync, the inbox
    SetStatusWidths(3, widths);
    m_inbox->onChanged = [this] { changed(); };
    m_inbox->onLoaded = [this](std::size_t count, std::size_t overdue) {
        m_pages->SetPageText(
            1, wxString::Format(_("Online submissions awaiting acceptance (%zu)"), count));
        m_inboxCount->SetLabel(wxString::Format("%zu", count));
        m_inboxCount->SetForegroundColour(overdue > 0 ? wxColour(176, 0, 32) : wxNullColour);
        SetStatusText(
            count == 0 ? wxString()
            : overdue == 0
                ? wxString::Format(_("Online to accept: %zu"), count)
                : wxString::Format(_("Online to accept: %zu (%zu past deadline)"), count, overdue),
            2);
    };

    m_search->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { scheduleQuery(); });
    m_search->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) {
        m_search->Clear();
        scheduleQuery();
    });
    m_search->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        // A typed or scanned dossier code (or a receipt's tracking address) opens that dossier.
        // Anything else opens the first match only once the list shows what was typed: the rows of
        // an earlier query, still on screen while the new one runs, are never opened.
        const std::string text = toUtf8(m_search->GetValue().Strip(wxString::both));
        if (const auto code = scannedDossierCode(text)) {
            openDossier(*code);
            return;
        }
        if (m_debounce.IsRunning() || m_shownSearch != toUtf8(m_search->GetValue())) {
            m_openFirstWhenShown = true;
            runQuery();
            return;
        }
        if (m_list->GetItemCount() > 0) openDossier(m_list->rows().front().code);
    });
    m_status->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { runQuery(); });
    m_channel->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { runQuery(); });
    m_overdueOnly->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { runQuery(); });
    for (wxTextCtrl* field : {m_from, m_to})
        field->Bind(wxEVT_TEXT, [this, field](wxCommandEvent&) {
            // Filters once the text is a date or empty; until then it is marked, the list kept.
            const bool ok = field->IsEmpty() || parseTypedDate(field->GetValue());
            field->SetForegroundColour(ok ? wxNullColour : wxColour(176, 0, 32));
            field->SetToolTip(ok ? wxString() : _("Type the date as dd/mm/yyyy, e.g. 25/11/2026."));
            field->Refresh();
            if (ok) scheduleQuery();
        });
    intake->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { openIntake(); });
    // A submission in the list opens in its own window, with the decisions it needs.
    auto openRow = [this](const Dossier& d) {
        if (isSubmission(d.status))
            openSubmission(d.code);
        else
            openDossier(d.code);
    };
    open->Bind(wxEVT_BUTTON, [this, openRow](wxCommandEvent&) {
        if (m_pages->GetSelection() == 1) {
            if (const auto* e = m_inbox->list()->selected()) openSubmission(e->dossier.code);
        } else if (const Dossier* d = m_list->selected()) {
            openRow(*d);
        }
    });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this, openRow](wxListEvent& e) {
        openRow(m_list->rows()[std::size_t(e.GetIndex())]);
    });
}

void MainFrame::reload() {
    loadSummary();
    runQuery();
    m_inbox->reload();
}

SubmissionDialog* MainFrame::openSubmission(const std::string& code) {
    return m_inbox->openSubmission(code);
}

void MainFrame::showInbox(bool inbox) {
    m_pages->SetSelection(inbox ? 1 : 0);
}

void MainFrame::scheduleQuery() {
    // Typing is instant; a short pause merges a burst of keys into one query.
    m_debounce.StartOnce(60);
}

void MainFrame::runQuery() {
    m_debounce.Stop();
    store::ListQuery query;
    query.search = toUtf8(m_search->GetValue());
    if (const int s = m_status->GetSelection(); s > 0)
        query.status = allStatuses()[std::size_t(s - 1)];
    static constexpr Channel kChannels[] = {Channel::Counter, Channel::Online, Channel::Post};
    if (const int c = m_channel->GetSelection(); c > 0) query.channel = kChannels[c - 1];
    query.overdueOnly = m_overdueOnly->IsChecked();
    query.receivedFrom = parseTypedDate(m_from->GetValue());
    query.receivedTo = parseTypedDate(m_to->GetValue());
    query.limit = kListLimit;
    const unsigned generation = ++m_generation;
    const Clock* clock = m_context.clock;
    m_context.worker->run<ListResult>(
        this,
        [query, clock](store::Store& s) {
            return ListResult{s.dossiers().list(query), clock->localNow()};
        },
        [this, generation, search = query.search](ListResult result) {
            if (generation != m_generation) return;
            const std::size_t count = result.rows.size();
            m_list->setRows(std::move(result.rows), result.now);
            m_shownSearch = search;
            SetStatusText(
                count >= std::size_t(kListLimit)
                    ? wxString::Format(_("Showing the newest %zu dossiers; refine the search"),
                                       count)
                    : wxString::Format(wxPLURAL("%zu dossier", "%zu dossiers", unsigned(count)),
                                       count),
                0);
            if (onListUpdated) onListUpdated(count);
            if (std::exchange(m_openFirstWhenShown, false) && count > 0)
                openDossier(m_list->rows().front().code);
        },
        [this](std::exception_ptr e) { SetStatusText(errorText(e), 0); });
}

void MainFrame::loadSummary() {
    m_context.worker->run<store::DaySummary>(
        this, [](store::Store& s) { return s.dossiers().summary(); },
        [this](store::DaySummary s) {
            m_receivedToday->SetLabel(
                wxString::Format("%lld", static_cast<long long>(s.receivedToday)));
            m_dueToday->SetLabel(wxString::Format("%lld", static_cast<long long>(s.dueToday)));
            m_overdue->SetLabel(wxString::Format("%lld", static_cast<long long>(s.overdue)));
            m_awaiting->SetLabel(
                wxString::Format("%lld", static_cast<long long>(s.awaitingApproval)));
            m_pendingSync->SetLabel(
                wxString::Format("%lld", static_cast<long long>(s.pendingSync)));
            m_syncSnapshot.pending = s.pendingSync;
            SetStatusText(syncStatusText(m_syncSnapshot), 1);
            Layout();
        },
        [this](std::exception_ptr e) { SetStatusText(errorText(e), 0); });
}

void MainFrame::openDossier(const std::string& code) {
    auto* dialog = new DetailDialog(this, m_context, code);
    dialog->onChanged = [this] { changed(); };
    dialog->Show();
}

void MainFrame::openIntake() {
    auto* dialog = new IntakeDialog(this, m_context);
    dialog->onSaved = [this](const std::string&) { changed(); };
    dialog->Show();
}

void MainFrame::changed() {
    reload();
    // The change is committed locally; send it on at once when the server is reachable.
    if (m_context.sync) m_context.sync->syncNow();
}

SyncDialog* MainFrame::openSyncLog() {
    if (!m_context.sync) return nullptr;
    auto* dialog = new SyncDialog(this, m_context, *m_context.sync);
    dialog->onResolved = [this] { reload(); };
    dialog->Show();
    return dialog;
}

ApprovalDialog* MainFrame::openApprovals() {
    if (!m_context.tokens) return nullptr;
    auto* dialog = new ApprovalDialog(this, m_context, *m_context.tokens);
    dialog->onChanged = [this] { reload(); };
    dialog->Show();
    return dialog;
}

SettingsDialog* MainFrame::openSettings() {
    auto* dialog = new SettingsDialog(this, m_context);
    dialog->onSaved = [this] {
        SetTitle(wxString::Format(_("MotCua Desk - %s, desk %d"), fromUtf8(m_context.ward.unitName),
                                  m_context.ward.deskNumber));
        if (m_context.sync) m_context.sync->syncNow();
    };
    dialog->Show();
    return dialog;
}

void MainFrame::showSync(const SyncSnapshot& snapshot) {
    const bool landed = snapshot.state == SyncSnapshot::State::Online &&
                        (m_syncSnapshot.state != SyncSnapshot::State::Online ||
                         snapshot.lastSuccess != m_syncSnapshot.lastSuccess);
    // The queue changed under us: work done elsewhere on this database (the command line).
    const bool queueChanged = snapshot.pending != m_syncSnapshot.pending;
    m_syncSnapshot = snapshot;
    SetStatusText(syncStatusText(snapshot), 1);
    // A pass that succeeded may have brought other desks' work: show it.
    if (landed || queueChanged) reload();
    if (onSyncStatus) onSyncStatus(snapshot);
}

void MainFrame::onCharHook(wxKeyEvent& event) {
    // A receipt's QR scanned anywhere in the window opens its dossier.
    const int key = event.GetKeyCode();
    const char32_t ch =
        key == WXK_RETURN || key == WXK_NUMPAD_ENTER ? U'\r' : char32_t(event.GetUnicodeKey());
    if (ch != 0) {
        if (auto scanned = m_scan.feed(ch, ScanDetector::Clock::now())) {
            // The receipt's QR: the bare code, or the tracking page's address that names it.
            if (const auto code = scannedDossierCode(*scanned)) {
                openDossier(*code);
                return;  // the Enter is consumed
            }
        }
    }
    event.Skip();
}

void MainFrame::saveColumns() {
    wxConfigBase* config = wxConfigBase::Get();
    for (int c = 0; c < m_list->GetColumnCount(); ++c)
        config->Write(wxString::Format("/MainFrame/Column%d", c), m_list->GetColumnWidth(c));
}

void MainFrame::restoreColumns() {
    wxConfigBase* config = wxConfigBase::Get();
    for (int c = 0; c < m_list->GetColumnCount(); ++c) {
        long width = 0;
        if (config->Read(wxString::Format("/MainFrame/Column%d", c), &width) && width > 20)
            m_list->SetColumnWidth(c, int(width));
    }
}

void MainFrame::onClose(wxCloseEvent& event) {
    saveColumns();
    event.Skip();
}

}  // namespace motcua::app
