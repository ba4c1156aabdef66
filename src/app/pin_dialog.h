// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/dialog.h>
#include <wx/textctrl.h>

#include <string>

#include "motcua/signing/token.h"

namespace motcua::app {

/// What the PIN dialog needs to know of the token: its name, what its counter flags say, and
/// whether its reader has a PIN pad.
struct PinRequest {
    std::string tokenLabel;
    std::string certificate;  ///< the signer's name, for the person to check
    signing::PinStatus status;
    bool pinPad = false;
    std::string lastError;  ///< the previous attempt's answer (a wrong PIN), shown in red
    int documents = 1;
};

/// Asks for a token's PIN, showing the token's warnings before anything is typed: a wrong PIN
/// entered before, one try left, locked (then no field: it cannot be used). With a PIN pad it
/// tells the person to use the pad. The PIN is never written anywhere; pin() hands it over
/// and the caller wipes it.
class PinDialog : public wxDialog {
public:
    PinDialog(wxWindow* parent, const PinRequest& request);
    /// The typed PIN; the field is cleared.
    std::string takePin();

private:
    wxTextCtrl* m_pin = nullptr;
};

/// The warning text for a token's flags (empty when none is set), translated.
wxString pinWarning(const signing::PinStatus& status);

}  // namespace motcua::app
