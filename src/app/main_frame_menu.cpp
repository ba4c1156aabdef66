// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The main window's menu and the Desk menu's own commands: language, signing out, the local
// password, the day's report and the register (form 07).
#include <wx/button.h>
#include <wx/config.h>
#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/utils.h>

#include <filesystem>

#include "approval_dialog.h"
#include "day_report_dialog.h"
#include "main_frame.h"
#include "motcua/crypto/secret.h"
#include "motcua/documents/register_export.h"
#include "signing_dialogs.h"
#include "ui_text.h"

namespace motcua::app {

void MainFrame::buildMenu() {
    auto* file = new wxMenu;
    file->Append(wxID_NEW, _("&New intake\tF2"));
    file->Append(wxID_REFRESH, _("&Refresh\tF5"));
    auto* registerItem = file->Append(wxID_ANY, _("Re&gister of dossiers (form 07)..."));
    auto* reportItem = file->Append(wxID_ANY, _("Report of the &day...\tCtrl+R"));
    file->AppendSeparator();
    auto* signOutItem = file->Append(wxID_ANY, _("Sign &out or switch officer...\tCtrl+L"));
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    // Settings belong to an administrator (or a desk working alone on a local account), and
    // so does a local account's password (a server account's is the city server's).
    if (m_context.role == Role::Admin) {
        file->Insert(3, wxID_PREFERENCES, _("&Settings..."));
        auto* password = file->Insert(4, wxID_ANY, _("Change my &password..."));
        file->InsertSeparator(5);
        Bind(
            wxEVT_MENU, [this](wxCommandEvent&) { changePassword(); }, password->GetId());
    }
    auto* settings = new wxMenu;
    auto* vi = settings->AppendRadioItem(wxID_ANY, _("Vietnamese"));
    auto* en = settings->AppendRadioItem(wxID_ANY, _("English"));
    (wxConfigBase::Get()->Read("/language", "vi") == "en" ? en : vi)->Check();
    auto* syncMenu = new wxMenu;
    auto* syncNow = syncMenu->Append(wxID_ANY, _("Sync &now\tF9"));
    auto* syncLog = syncMenu->Append(wxID_ANY, _("Sync &log and conflicts..."));
    auto* signingMenu = new wxMenu;
    const bool approves = m_context.role == Role::Supervisor || m_context.role == Role::Admin;
    wxMenuItem* approvals =
        approves ? signingMenu->Append(wxID_ANY, _("&Approvals...\tF7")) : nullptr;
    auto* tokens = signingMenu->Append(wxID_ANY, _("&Tokens..."));
    auto* verify = signingMenu->Append(wxID_ANY, _("&Verify a signed PDF..."));
    auto* menus = new wxMenuBar;
    menus->Append(file, _("&Desk"));
    menus->Append(signingMenu, _("Si&gning"));
    menus->Append(syncMenu, _("S&ync"));
    menus->Append(settings, _("&Language"));
    SetMenuBar(menus);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { openSettings(); }, wxID_PREFERENCES);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (m_context.sync) m_context.sync->syncNow();
        },
        syncNow->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { openSyncLog(); }, syncLog->GetId());
    if (approvals)
        Bind(
            wxEVT_MENU, [this](wxCommandEvent&) { openApprovals(); }, approvals->GetId());
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (m_context.tokens)
                (new TokenDialog(this, *m_context.tokens, *m_context.clock))->Show();
        },
        tokens->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { (new VerifyDialog(this, m_context))->Show(); },
        verify->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { openIntake(); }, wxID_NEW);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { reload(); }, wxID_REFRESH);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { askRegisterPeriod(); }, registerItem->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { openDayReport(); }, reportItem->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { signOut(); }, signOutItem->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { chooseLanguage("vi"); }, vi->GetId());
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { chooseLanguage("en"); }, en->GetId());
}

void MainFrame::chooseLanguage(const char* language) {
    // Every window is built in one language; the choice applies from the next start.
    wxConfigBase::Get()->Write("/language", wxString(language));
    wxConfigBase::Get()->Flush();
    showMessage(this, _("The language changes the next time MotCua Desk starts."), _("Language"),
                wxICON_INFORMATION);
}

bool MainFrame::signOut() {
    // Every other window closes first; a half-typed intake may refuse (its officer is asked).
    std::vector<wxWindow*> others;
    for (wxWindow* w : wxTopLevelWindows)
        if (w != this && !w->IsBeingDeleted()) others.push_back(w);
    for (wxWindow* w : others)
        if (!w->Close()) return false;
    if (!m_context.signInAgain) return false;
    Hide();
    if (!m_context.signInAgain()) {
        Close(true);  // nobody at the desk: it quits rather than stay open for the last person
        return false;
    }
    // The menu follows the new person's role (approvals, settings).
    buildMenu();
    SetTitle(wxString::Format(_("MotCua Desk - %s, desk %d"), fromUtf8(m_context.ward.unitName),
                              m_context.ward.deskNumber));
    Show();
    reload();
    return true;
}

void MainFrame::changePassword() {
    wxDialog ask(this, wxID_ANY, _("Change my password"));
    ask.SetName("passwordDialog");
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    auto field = [&](const wxString& label, const char* name) {
        grid->Add(new wxStaticText(&ask, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        auto* t = new wxTextCtrl(&ask, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                 FromDIP(wxSize(240, -1)), wxTE_PASSWORD);
        t->SetName(name);
        grid->Add(t, 1, wxEXPAND);
        return t;
    };
    auto* current = field(_("Current password"), "currentPassword");
    auto* next = field(_("New password (at least 6 characters)"), "newPassword");
    auto* again = field(_("New password again"), "newPasswordAgain");
    root->Add(grid, 0, wxALL, FromDIP(10));
    wxStaticText* problem = finishQuestion(ask, root);
    ask.Bind(wxEVT_BUTTON, [&](wxCommandEvent& e) {
        if (e.GetId() == wxID_OK && next->GetValue() != again->GetValue()) {
            problem->SetLabel(_("The two new passwords differ."));
            return;
        }
        e.Skip();
    });
    const bool go = ask.ShowModal() == wxID_OK;
    std::string oldPassword = toUtf8(current->GetValue());
    std::string newPassword = toUtf8(next->GetValue());
    for (wxTextCtrl* t : {current, next, again}) t->Clear();
    if (!go) {
        crypto::wipe(oldPassword);
        crypto::wipe(newPassword);
        return;
    }
    // Hashing is slow on purpose: the worker does it. The strings move into the job, which
    // the store wipes.
    const std::string officer = m_context.ward.officerName;
    auto secrets = std::make_shared<std::pair<std::string, std::string>>(std::move(oldPassword),
                                                                         std::move(newPassword));
    crypto::wipe(oldPassword);
    crypto::wipe(newPassword);
    SetStatusText(_("Changing the password..."), 0);
    m_context.worker->run<bool>(
        this,
        [officer, secrets](store::Store& s) {
            return s.accounts().changePassword(officer, std::move(secrets->first),
                                               std::move(secrets->second));
        },
        [this](bool changed) {
            SetStatusText(changed ? _("The password is changed.")
                                  : _("The current password is wrong; nothing changed."),
                          0);
        },
        [this](std::exception_ptr e) { SetStatusText(errorText(e), 0); });
}

DayReportDialog* MainFrame::openDayReport() {
    auto* report = new DayReportDialog(this, m_context);
    report->Show();
    return report;
}

void MainFrame::askRegisterPeriod() {
    // This month so far, typed as dd/mm/yyyy.
    const Date today = m_context.clock->localNow().date();
    const Date first{today.year(), today.month(), std::chrono::day{1}};
    wxDialog ask(this, wxID_ANY, _("Register of dossiers (form 07)"));
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* from = new wxTextCtrl(&ask, wxID_ANY, shortDate(first), wxDefaultPosition,
                                FromDIP(wxSize(110, -1)));
    auto* to = new wxTextCtrl(&ask, wxID_ANY, shortDate(today), wxDefaultPosition,
                              FromDIP(wxSize(110, -1)));
    row->Add(new wxStaticText(&ask, wxID_ANY, _("Received from")), 0,
             wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
    row->Add(from, 0, wxRIGHT, FromDIP(6));
    row->Add(new wxStaticText(&ask, wxID_ANY, _("to")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             FromDIP(6));
    row->Add(to, 0);
    root->Add(row, 0, wxALL, FromDIP(10));
    wxStaticText* problem = finishQuestion(ask, root);
    std::optional<Date> a, b;
    ask.Bind(wxEVT_BUTTON, [&](wxCommandEvent& e) {
        if (e.GetId() != wxID_OK) {
            e.Skip();
            return;
        }
        a = parseTypedDate(from->GetValue());
        b = parseTypedDate(to->GetValue());
        if (!a || !b || Days{*b} < Days{*a}) {
            problem->SetLabel(_("Type two dates as dd/mm/yyyy, the second not before the first."));
            return;
        }
        ask.EndModal(wxID_OK);
    });
    if (ask.ShowModal() == wxID_OK) exportRegister(*a, *b);
}

void MainFrame::exportRegister(Date from, Date to) {
    const std::string path = m_context.documentsDir + "/register-" + formatIsoDate(from) + "-" +
                             formatIsoDate(to) + ".xlsx";
    const Clock* clock = m_context.clock;
    SetStatusText(_("Writing the register..."), 0);
    m_context.worker->run<std::size_t>(
        this,
        [path, from, to, clock](store::Store& s) {
            std::filesystem::create_directories(std::filesystem::path(path).parent_path());
            const auto entries = s.dossiers().registerEntries(from, to);
            documents::exportRegisterXlsx(
                path, {s.settings().ward().unitName, from, to, clock->localNow()}, entries);
            return entries.size();
        },
        [this, path](std::size_t rows) {
            SetStatusText(
                wxString::Format(wxPLURAL("Register written: %zu dossier, %s",
                                          "Register written: %zu dossiers, %s", unsigned(rows)),
                                 rows, fromUtf8(path)),
                0);
            if (onRegisterWritten) onRegisterWritten(path);
            if (m_context.printDialogs) wxLaunchDefaultApplication(fromUtf8(path));
        },
        [this](std::exception_ptr e) { SetStatusText(errorText(e), 0); });
}

}  // namespace motcua::app
