// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "action_questions.h"

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "ui_text.h"

namespace motcua::app {

std::optional<wxString> stepWarning(DossierAction action) {
    switch (action) {
        // Not final, but the desk cannot take them back: one stray key must not do them.
        case DossierAction::Forward:
            return _(
                "The dossier will be sent to the department for processing; the desk can no longer "
                "take it back.");
        case DossierAction::SupplementReceived:
            return _(
                "The supplement will be recorded as received, and the time limit will run again "
                "from now.");
        case DossierAction::Withdraw:
            return _(
                "The dossier will be closed as withdrawn at the citizen's request. This cannot be "
                "undone.");
        case DossierAction::Reject:
            return _(
                "The dossier will be refused and closed, and the rejection notice (form 03) "
                "printed. This cannot be "
                "undone.");
        case DossierAction::Stop:
            return _(
                "Processing will stop and the dossier will be closed, and the stop notice (form "
                "05) printed. This "
                "cannot be undone.");
        case DossierAction::ReturnResult:
            return _(
                "The result will be recorded as handed to the citizen, and the dossier closed. "
                "This cannot be "
                "undone.");
        case DossierAction::ReturnElectronic:
            return _(
                "The electronic result, signed and kept in the citizen's store, will be recorded "
                "as the dossier's return, and the dossier closed. This cannot be undone.");
        default:
            return std::nullopt;
    }
}

wxString reasonPrompt(DossierAction action) {
    switch (action) {
        case DossierAction::RequestSupplement:
            return _("What is missing or must be corrected (one item per line):");
        case DossierAction::SendBack:
            return _("Why the dossier goes back to the officer:");
        case DossierAction::Reject:
            return _("Why the dossier is refused (printed on the rejection notice):");
        case DossierAction::Postpone:
            return _("Why the result is late (printed on the apology letter):");
        case DossierAction::Stop:
            return _("Why processing stops (printed on the stop notice):");
        case DossierAction::Withdraw:
            return _("The citizen's reason for withdrawing:");
        case DossierAction::ReturnResult:
            return _(
                "Who received the result (full name, and the identity number if not the "
                "applicant):");
        default:
            return _("Reason:");
    }
}

std::optional<documents::FormKind> formFor(DossierAction action) {
    switch (action) {
        case DossierAction::RequestSupplement:
            return documents::FormKind::Supplement;
        case DossierAction::Reject:
            return documents::FormKind::Rejection;
        case DossierAction::Postpone:
            return documents::FormKind::Apology;
        case DossierAction::Stop:
            return documents::FormKind::Stop;
        default:
            return std::nullopt;
    }
}

wxString formLabel(documents::FormKind kind) {
    switch (kind) {
        case documents::FormKind::Receipt:
            return _("01 Receipt and appointment");
        case documents::FormKind::Supplement:
            return _("02 Supplement request");
        case documents::FormKind::Rejection:
            return _("03 Rejection notice");
        case documents::FormKind::Apology:
            return _("04 Apology and new date");
        case documents::FormKind::Stop:
            return _("05 Stop notice");
        case documents::FormKind::Control:
            return _("06 Control sheet");
    }
    return {};
}

std::optional<LocalDateTime> askNewDue(wxWindow* parent, const LocalDateTime& current,
                                       const WorkCalendar& calendar) {
    wxDialog dialog(parent, wxID_ANY, _("New due time"));
    dialog.SetName("newDueDialog");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(new wxStaticText(
                   &dialog, wxID_ANY,
                   wxString::Format(_("Now due %s. Return the result on:"), shortTime(current))),
               0, wxALL, 8);
    // Three working days later by default, at the same time.
    Date day = current.date();
    for (int i = 0; i < 3; ++i) day = calendar.nextWorkingDay(day);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* date = new wxTextCtrl(&dialog, wxID_ANY, shortDate(day), wxDefaultPosition,
                                dialog.FromDIP(wxSize(120, -1)));
    date->SetName("newDueDate");
    date->SetHint(_("dd/mm/yyyy"));
    auto* time = new wxTextCtrl(&dialog, wxID_ANY,
                                wxString::Format("%02d:%02d", current.hour(), current.minute()),
                                wxDefaultPosition, dialog.FromDIP(wxSize(70, -1)));
    time->SetName("newDueTime");
    row->Add(new wxStaticText(&dialog, wxID_ANY, _("Date (dd/mm/yyyy)")), 0,
             wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    row->Add(date, 0, wxRIGHT, 12);
    row->Add(new wxStaticText(&dialog, wxID_ANY, _("Time")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT,
             6);
    row->Add(time, 0);
    sizer->Add(row, 0, wxLEFT | wxRIGHT, 8);
    auto* problem = new wxStaticText(&dialog, wxID_ANY, wxEmptyString);
    problem->SetName("newDueProblem");
    problem->SetForegroundColour(wxColour(176, 0, 32));
    sizer->Add(problem, 0, wxALL | wxEXPAND, 8);
    sizer->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, 8);
    dialog.SetSizerAndFit(sizer);
    dialog.SetSize(dialog.FromDIP(wxSize(460, -1)).x, -1);
    std::optional<LocalDateTime> chosen;
    dialog.Bind(wxEVT_BUTTON, [&](wxCommandEvent& e) {
        if (e.GetId() != wxID_OK) {
            e.Skip();
            return;
        }
        const auto d = parseTypedDate(date->GetValue());
        const auto hm = parseTypedTime(time->GetValue());
        if (!d || !hm) {
            problem->SetLabel(_("Type the date as dd/mm/yyyy and the time as HH:MM."));
            return;
        }
        if (const auto why = calendar.dayOffReason(*d); why || !calendar.isWorkingDay(*d)) {
            problem->SetLabel(
                wxString::Format(_("%s is not a working day (%s); choose a working day."),
                                 shortDate(*d), why ? fromUtf8(*why) : _("weekend")));
            return;
        }
        const LocalDateTime at = LocalDateTime::at(*d, hm->first, hm->second);
        if (at <= current) {
            problem->SetLabel(
                wxString::Format(_("The new due time must be later than %s."), shortTime(current)));
            return;
        }
        chosen = at;
        dialog.EndModal(wxID_OK);
    });
    finishLayout(&dialog);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return chosen;
}

std::optional<Applicant> askApplicantDetails(wxWindow* parent, const Applicant& current) {
    wxDialog dialog(parent, wxID_ANY, _("Edit applicant"));
    dialog.SetName("applicantDialog");
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* grid = new wxFlexGridSizer(2, 6, 8);
    grid->AddGrowableCol(1, 1);
    auto field = [&](const wxString& label, const std::string& value) {
        grid->Add(new wxStaticText(&dialog, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        auto* t = new wxTextCtrl(&dialog, wxID_ANY, fromUtf8(value), wxDefaultPosition,
                                 dialog.FromDIP(wxSize(380, -1)));
        grid->Add(t, 1, wxEXPAND);
        return t;
    };
    auto* name = field(_("Full name"), current.fullName);
    auto* id = field(_("Identity number (CCCD)"), current.idNumber);
    auto* address = field(_("Address"), current.address);
    auto* phone = field(_("Phone"), current.phone);
    auto* email = field(_("Email"), current.email);
    root->Add(grid, 1, wxEXPAND | wxALL, 10);
    root->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, 10);
    dialog.SetSizerAndFit(root);
    finishLayout(&dialog);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    Applicant edited = current;  // date of birth and gender as they were
    edited.fullName = toUtf8(name->GetValue().Strip(wxString::both));
    edited.idNumber = toUtf8(id->GetValue().Strip(wxString::both));
    edited.address = toUtf8(address->GetValue().Strip(wxString::both));
    edited.phone = toUtf8(phone->GetValue().Strip(wxString::both));
    edited.email = toUtf8(email->GetValue().Strip(wxString::both));
    return edited;
}

}  // namespace motcua::app
