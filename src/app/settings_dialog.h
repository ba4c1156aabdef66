// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/choice.h>
#include <wx/filepicker.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <functional>

#include "app_context.h"
#include "ui_build.h"

namespace motcua::app {

/// The desk's settings, for an administrator: where it syncs (server, CA bundle) and finds a
/// timestamp authority, the ward's name and this desk's number, vendor PKCS#11 modules, the
/// year's days off and worked Saturdays (a calendar file), the language, the printer and how
/// the receipt's two copies use paper.
/// Everything kept in the database is saved in one go on the worker and audited.
class SettingsDialog : public DeskWindow {
public:
    SettingsDialog(wxWindow* parent, AppContext& context);

    /// After a successful save (sync restarts with the new address).
    std::function<void()> onSaved;
    /// Saves what the fields hold; the result arrives as onSaved or a message in the dialog.
    void save();
    /// Imports a days-off file ({"years":[...]}, as resources/calendar/vn-days-off.json).
    void importCalendar(const std::string& path);

    wxTextCtrl* serverUrl() { return m_serverUrl; }
    wxTextCtrl* moduleList() { return m_modules; }
    wxSpinCtrl* deskNumber() { return m_desk; }
    wxTextCtrl* unitName() { return m_unitName; }

private:
    void load();

    AppContext& m_context;
    wxTextCtrl* m_serverUrl;
    wxFilePickerCtrl* m_caFile;
    wxTextCtrl* m_tsaUrl;
    wxTextCtrl* m_unitName;
    wxTextCtrl* m_place;
    wxSpinCtrl* m_desk;
    wxTextCtrl* m_modules;
    wxTextCtrl* m_trust;
    wxFilePickerCtrl* m_signatureImage;
    wxFilePickerCtrl* m_sealImage;
    wxTextCtrl* m_signerTitle;
    wxChoice* m_language;
    wxTextCtrl* m_printer;
    wxChoice* m_receiptLayout;
    wxStaticText* m_message;
};

}  // namespace motcua::app
