// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "pin_dialog.h"

#include <wx/sizer.h>
#include <wx/stattext.h>

#include "ui_text.h"

namespace motcua::app {

wxString pinWarning(const signing::PinStatus& status) {
    if (status.locked)
        return _(
            "This token's PIN is locked after too many wrong tries. It cannot sign until the PIN "
            "is "
            "unblocked with the security officer's PIN (ask your certificate provider or IT).");
    if (status.finalTry) return _("Careful: ONE try is left. Another wrong PIN locks the token.");
    if (status.countLow) return _("A wrong PIN was entered before: fewer tries are left.");
    if (status.toBeChanged) return _("The token asks for its PIN to be changed.");
    return {};
}

PinDialog::PinDialog(wxWindow* parent, const PinRequest& request)
    : wxDialog(parent, wxID_ANY, _("Token PIN")) {
    SetName("pinDialog");
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(new wxStaticText(this, wxID_ANY,
                               wxString::Format(wxPLURAL("Sign %d document with the token \"%s\"",
                                                         "Sign %d documents with the token \"%s\"",
                                                         unsigned(request.documents)),
                                                request.documents, fromUtf8(request.tokenLabel))),
              0, wxALL, FromDIP(10));
    if (!request.certificate.empty())
        root->Add(
            new wxStaticText(this, wxID_ANY,
                             wxString::Format(_("Certificate: %s"), fromUtf8(request.certificate))),
            0, wxLEFT | wxRIGHT, FromDIP(10));
    const auto warn = [&](const wxString& text) {
        if (text.empty()) return;
        auto* label = new wxStaticText(this, wxID_ANY, text);
        label->SetName("pinWarning");
        label->SetForegroundColour(wxColour(176, 0, 32));
        label->SetFont(label->GetFont().Bold());
        label->Wrap(FromDIP(420));
        root->Add(label, 0, wxALL, FromDIP(10));
    };
    // The last attempt was wrong; what the token says is left follows (pinWarning).
    if (!request.lastError.empty()) warn(_("Wrong PIN."));
    warn(pinWarning(request.status));
    if (request.status.locked) {
        root->Add(CreateStdDialogButtonSizer(wxCANCEL), 0, wxALL | wxEXPAND, FromDIP(10));
    } else if (request.pinPad) {
        root->Add(new wxStaticText(this, wxID_ANY,
                                   _("Enter the PIN on the reader's keypad after pressing OK.")),
                  0, wxALL, FromDIP(10));
        root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, FromDIP(10));
    } else {
        root->Add(new wxStaticText(this, wxID_ANY, _("PIN")), 0, wxLEFT | wxRIGHT, FromDIP(10));
        m_pin = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition,
                               FromDIP(wxSize(240, -1)), wxTE_PASSWORD);
        m_pin->SetName("pin");
        root->Add(m_pin, 0, wxALL | wxEXPAND, FromDIP(10));
        root->Add(new wxStaticText(this, wxID_ANY,
                                   _("The PIN is used for this batch only and never saved.")),
                  0, wxLEFT | wxRIGHT, FromDIP(10));
        root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, FromDIP(10));
        m_pin->SetFocus();
    }
    SetSizerAndFit(root);
    finishLayout(this);
}

std::string PinDialog::takePin() {
    if (!m_pin) return {};
    std::string pin = toUtf8(m_pin->GetValue());
    m_pin->Clear();
    return pin;
}

}  // namespace motcua::app
