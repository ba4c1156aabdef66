// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "setup_dialog.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/valtext.h>

#include "motcua/core/dossier_code.h"
#include "ui_text.h"

namespace motcua::app {

SetupDialog::SetupDialog(wxWindow* parent) : wxDialog(parent, wxID_ANY, _("Set up this desk")) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(
        new wxStaticText(this, wxID_ANY,
                         _("This database has no ward yet. Enter the ward this desk serves.")),
        0, wxALL, FromDIP(10));
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(8));
    grid->AddGrowableCol(1, 1);
    auto add = [&](const wxString& label, wxWindow* control) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(control, 1, wxEXPAND);
    };
    m_unitCode = new wxTextCtrl(this, wxID_ANY, "000.00.15.H30");
    m_unitName =
        new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(320, -1)));
    m_desk = new wxSpinCtrl(this, wxID_ANY, "1", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS,
                            1, 9, 1);
    m_officer = new wxTextCtrl(this, wxID_ANY);
    m_place = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8("H\xC3\xA0 N\xE1\xBB\x99i"));
    add(_("Unit code (QCVN 102)"), m_unitCode);
    add(_("Unit name"), m_unitName);
    add(_("Desk number (1-9)"), m_desk);
    add(_("Officer"), m_officer);
    m_password = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                wxTE_PASSWORD);
    m_confirm = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_PASSWORD);
    add(_("Password (6 characters or more)"), m_password);
    add(_("Password again"), m_confirm);
    add(_("Place name on forms"), m_place);
    root->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(root);
    finishLayout(this);
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& e) {
            if (!isValidUnitCode(toUtf8(m_unitCode->GetValue().Strip(wxString::both)))) {
                m_unitCode->SetFocus();
                wxBell();
                return;
            }
            if (m_unitName->GetValue().Strip(wxString::both).empty() ||
                m_officer->GetValue().Strip(wxString::both).empty() ||
                m_password->GetValue().length() < 6 ||
                m_password->GetValue() != m_confirm->GetValue()) {
                wxBell();
                return;
            }
            e.Skip();
        },
        wxID_OK);
}

store::WardSettings SetupDialog::settings() const {
    store::WardSettings s;
    s.unitCode = toUtf8(m_unitCode->GetValue().Strip(wxString::both));
    s.unitName = toUtf8(m_unitName->GetValue().Strip(wxString::both));
    s.deskNumber = m_desk->GetValue();
    s.officerName = toUtf8(m_officer->GetValue().Strip(wxString::both));
    s.placeName = toUtf8(m_place->GetValue().Strip(wxString::both));
    return s;
}

std::string SetupDialog::password() const {
    return toUtf8(m_password->GetValue());
}

LoginDialog::LoginDialog(wxWindow* parent, const wxString& unitName, const wxArrayString& accounts,
                         const wxString& lastOfficer, bool serverAccounts)
    : wxDialog(parent, wxID_ANY, _("Sign in")) {
    SetName("loginDialog");
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(new wxStaticText(this, wxID_ANY, unitName), 0, wxALL, FromDIP(10));
    root->Add(new wxStaticText(this, wxID_ANY, _("Officer at this desk")), 0, wxLEFT | wxRIGHT,
              FromDIP(10));
    m_officer = new wxComboBox(this, wxID_ANY, lastOfficer, wxDefaultPosition,
                               FromDIP(wxSize(300, -1)), accounts);
    m_officer->SetName("officer");
    root->Add(m_officer, 0, wxEXPAND | wxALL, FromDIP(10));
    if (!accounts.empty() || serverAccounts) {
        root->Add(new wxStaticText(this, wxID_ANY, _("Password")), 0, wxLEFT | wxRIGHT,
                  FromDIP(10));
        m_password = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                    wxTE_PASSWORD);
        m_password->SetName("password");
        root->Add(m_password, 0, wxEXPAND | wxALL, FromDIP(10));
        if (serverAccounts)
            root->Add(
                new wxStaticText(
                    this, wxID_ANY,
                    _("A city server account signs in here offline once it has signed in online.")),
                0, wxLEFT | wxRIGHT, FromDIP(10));
    } else {
        root->Add(new wxStaticText(this, wxID_ANY,
                                   _("No local accounts yet: add one with `motcua account add`.")),
                  0, wxLEFT | wxRIGHT, FromDIP(10));
    }
    m_problem = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_problem->SetForegroundColour(wxColour(176, 0, 32));
    root->Add(m_problem, 0, wxALL, FromDIP(10));
    root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(root);
    finishLayout(this);
    if (m_password && !lastOfficer.empty()) m_password->SetFocus();
}

std::string LoginDialog::password() const {
    return m_password ? toUtf8(m_password->GetValue()) : std::string();
}

void LoginDialog::showProblem(const wxString& text) {
    m_problem->SetLabel(text);
    if (m_password) {
        m_password->Clear();
        m_password->SetFocus();
    }
    Fit();
}

}  // namespace motcua::app
