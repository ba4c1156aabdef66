// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/combobox.h>
#include <wx/dialog.h>
#include <wx/stattext.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include "motcua/store/store.h"

namespace motcua::app {

/// First run: the ward this desk belongs to (unit code and name, desk number, officer).
class SetupDialog : public wxDialog {
public:
    explicit SetupDialog(wxWindow* parent);
    store::WardSettings settings() const;
    /// The first officer's password; the caller wipes it once used.
    std::string password() const;

private:
    wxTextCtrl* m_password;
    wxTextCtrl* m_confirm;
    wxTextCtrl* m_unitCode;
    wxTextCtrl* m_unitName;
    wxSpinCtrl* m_desk;
    wxTextCtrl* m_officer;
    wxTextCtrl* m_place;
};

/// Who is at the desk now: a local account or a city server account (its username), and the
/// password. Without any account and no server (a database made by `motcua init`) only the name
/// is asked.
class LoginDialog : public wxDialog {
public:
    LoginDialog(wxWindow* parent, const wxString& unitName, const wxArrayString& accounts,
                const wxString& lastOfficer, bool serverAccounts);
    wxString officer() const { return m_officer->GetValue().Strip(wxString::both); }
    std::string password() const;
    void showProblem(const wxString& text);

private:
    wxComboBox* m_officer;
    wxTextCtrl* m_password = nullptr;
    wxStaticText* m_problem;
};

}  // namespace motcua::app
