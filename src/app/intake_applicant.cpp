// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The intake window's applicant part: a CCCD's QR scanned into the fields, the fields read
// back as an Applicant with the officer's mistakes named.
#include "intake_dialog.h"

#include <algorithm>
#include <string_view>

#include "motcua/core/cccd.h"
#include "motcua/core/error.h"
#include "ui_text.h"

namespace motcua::app {

bool IntakeDialog::applyScan(const wxString& text) {
    const std::string raw = toUtf8(text);
    // The scan may have landed after text already in the field: find where it starts.
    std::size_t start = 0;
    for (std::size_t i = 0; i + 13 <= raw.size(); ++i) {
        if (CccdQr::looksLikeQr(std::string_view(raw).substr(i))) {
            start = i;
            break;
        }
    }
    try {
        const CccdQr qr = CccdQr::parse(std::string_view(raw).substr(start));
        m_id->ChangeValue(fromUtf8(qr.number));
        m_name->ChangeValue(fromUtf8(qr.fullName));
        const Date dob = qr.dateOfBirth;
        m_dob->ChangeValue(wxString::Format("%02u/%02u/%04d", unsigned(dob.day()),
                                            unsigned(dob.month()), int(dob.year())));
        m_gender->SetSelection(qr.gender == Gender::Male ? 0 : 1);
        m_address->ChangeValue(fromUtf8(qr.address));
        // A keyboard-wedge scanner may drop Vietnamese letters: number, dates and gender are
        // safe, the name and address need the officer's eye before anything is stored.
        m_confirm->SetValue(false);
        m_confirm->Enable();
        m_message->SetLabel(
            _("Scanned. Check the name and address against the card, then tick the box."));
        updateLive();
        Layout();
        m_phone->SetFocus();
        return true;
    } catch (const Error& e) {
        m_message->SetLabel(errorText(std::make_exception_ptr(e)));
        return false;
    }
}

void IntakeDialog::onFieldEnter(wxCommandEvent& event) {
    auto* field = dynamic_cast<wxTextCtrl*>(event.GetEventObject());
    if (field && field->GetValue().Contains("|")) {
        const wxString text = field->GetValue();
        if (applyScan(text) && field != m_id && field != m_name && field != m_address)
            field->ChangeValue(wxEmptyString);  // the scan landed in an unrelated field
        return;
    }
    Navigate();
}

std::optional<Applicant> IntakeDialog::applicantFromFields(wxString* problem) const {
    Applicant a;
    a.idNumber = toUtf8(m_id->GetValue().Strip(wxString::both));
    a.fullName = toUtf8(m_name->GetValue().Strip(wxString::both));
    a.address = toUtf8(m_address->GetValue().Strip(wxString::both));
    a.phone = toUtf8(m_phone->GetValue().Strip(wxString::both));
    a.email = toUtf8(m_email->GetValue().Strip(wxString::both));
    if (a.fullName.empty()) {
        *problem = _("Enter the applicant's full name.");
        return std::nullopt;
    }
    const std::string dobText = toUtf8(m_dob->GetValue().Strip(wxString::both));
    if (!dobText.empty()) {
        a.dateOfBirth = parseTypedDate(m_dob->GetValue());
        if (!a.dateOfBirth) {
            *problem = _("The date of birth is not a date (dd/mm/yyyy).");
            return std::nullopt;
        }
    }
    if (!a.phone.empty()) {
        int digits = 0;
        const bool plain = std::all_of(a.phone.begin(), a.phone.end(), [&](char c) {
            if (c >= '0' && c <= '9') return ++digits, true;
            return c == ' ' || c == '+' || c == '-' || c == '.' || c == '(' || c == ')';
        });
        if (!plain || digits < 8 || digits > 15) {
            *problem =
                _("The phone number must have 8 to 15 digits (spaces and + - . ( ) may separate "
                  "them).");
            return std::nullopt;
        }
    }
    if (m_gender->GetSelection() >= 0)
        a.gender = m_gender->GetSelection() == 0 ? Gender::Male : Gender::Female;
    if (m_confirm->IsEnabled() && !m_confirm->IsChecked()) {
        *problem = _("Tick the box once the name and address are checked against the card.");
        return std::nullopt;
    }
    return a;
}

bool IntakeDialog::isHalfTyped() const {
    for (const wxTextCtrl* t : {m_id, m_name, m_dob, m_address, m_phone, m_email})
        if (!t->GetValue().Strip(wxString::both).empty()) return true;
    return m_procedure.has_value() || m_attachments->GetCount() > 0;
}

}  // namespace motcua::app
