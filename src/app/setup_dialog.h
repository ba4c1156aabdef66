// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/dialog.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include "motcua/store/store.h"

namespace motcua::app {

/// First run: the ward this desk belongs to (unit code and name, desk number, officer).
class SetupDialog : public wxDialog {
public:
    explicit SetupDialog(wxWindow* parent);
    store::WardSettings settings() const;

private:
    wxTextCtrl* m_unitCode;
    wxTextCtrl* m_unitName;
    wxSpinCtrl* m_desk;
    wxTextCtrl* m_officer;
    wxTextCtrl* m_place;
};

/// Who is at the desk now (local accounts; server accounts come with sync).
class LoginDialog : public wxDialog {
public:
    LoginDialog(wxWindow* parent, const wxString& unitName, const wxString& lastOfficer);
    wxString officer() const { return m_officer->GetValue().Strip(wxString::both); }

private:
    wxTextCtrl* m_officer;
};

}  // namespace motcua::app
