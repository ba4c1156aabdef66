// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "ui_text.h"

#include <wx/button.h>
#include <wx/dialog.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/display.h>
#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/regex.h>

#include <algorithm>

#include "motcua/core/error.h"
#include "motcua/documents/document_error.h"
#include "motcua/signing/signing_error.h"
#include "motcua/store/store_error.h"
#include "motcua/protocol/protocol.h"

namespace motcua::app {

wxString statusLabel(DossierStatus status) {
    switch (status) {
        case DossierStatus::AwaitingAcceptance:
            return _("Awaiting acceptance");
        case DossierStatus::AwaitingResubmission:
            return _("Awaiting the citizen's supplement");
        case DossierStatus::Refused:
            return _("Not accepted");
        case DossierStatus::Received:
            return _("Received");
        case DossierStatus::InProgress:
            return _("In progress");
        case DossierStatus::SupplementRequested:
            return _("Supplement requested");
        case DossierStatus::AwaitingApproval:
            return _("Awaiting approval");
        case DossierStatus::Approved:
            return _("Approved");
        case DossierStatus::ResultReady:
            return _("Result ready");
        case DossierStatus::Returned:
            return _("Returned");
        case DossierStatus::Rejected:
            return _("Rejected");
        case DossierStatus::Stopped:
            return _("Stopped");
        case DossierStatus::Withdrawn:
            return _("Withdrawn");
    }
    return {};
}

wxString actionLabel(DossierAction action) {
    switch (action) {
        case DossierAction::Accept:
            return _("Accept");
        case DossierAction::Refuse:
            return _("Refuse to accept");
        case DossierAction::Forward:
            return _("Forward for processing");
        case DossierAction::RequestSupplement:
            return _("Request supplement");
        case DossierAction::SupplementReceived:
            return _("Supplement received");
        case DossierAction::SubmitForApproval:
            return _("Submit for approval");
        case DossierAction::Approve:
            return _("Approve");
        case DossierAction::SendBack:
            return _("Send back");
        case DossierAction::Reject:
            return _("Reject");
        case DossierAction::Postpone:
            return _("Postpone (apology)");
        case DossierAction::Stop:
            return _("Stop processing");
        case DossierAction::Withdraw:
            return _("Withdraw");
        case DossierAction::ResultReady:
            return _("Result ready");
        case DossierAction::ReturnResult:
            return _("Return result");
        case DossierAction::ReturnElectronic:
            return _("Return electronic result");
    }
    return {};
}

wxString channelLabel(Channel channel) {
    switch (channel) {
        case Channel::Counter:
            return _("At the counter");
        case Channel::Online:
            return _("Online");
        case Channel::Post:
            return _("By post");
    }
    return {};
}

wxString actionDoneLabel(DossierAction action) {
    switch (action) {
        case DossierAction::Accept:
            return _("Submission accepted");
        case DossierAction::Refuse:
            return _("Submission refused");
        case DossierAction::Forward:
            return _("Forwarded for processing");
        case DossierAction::RequestSupplement:
            return _("Supplement requested from the citizen");
        case DossierAction::SupplementReceived:
            return _("Supplement received");
        case DossierAction::SubmitForApproval:
            return _("Submitted for approval");
        case DossierAction::Approve:
            return _("Approved");
        case DossierAction::SendBack:
            return _("Sent back");
        case DossierAction::Reject:
            return _("Rejected");
        case DossierAction::Postpone:
            return _("Postponed with an apology");
        case DossierAction::Stop:
            return _("Processing stopped");
        case DossierAction::Withdraw:
            return _("Dossier withdrawn");
        case DossierAction::ResultReady:
            return _("Result ready to return");
        case DossierAction::ReturnResult:
            return _("Result returned");
        case DossierAction::ReturnElectronic:
            return _("Electronic result returned");
    }
    return {};
}

wxString shortDate(Date d) {
    return wxString::Format("%02u/%02u/%04d", unsigned(d.day()), unsigned(d.month()),
                            int(d.year()));
}

std::optional<Date> parseTypedDate(const wxString& text) {
    const wxString t = text.Strip(wxString::both);
    if (auto iso = tryParseIsoDate(toUtf8(t))) return iso;
    static const wxRegEx dmy("^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$", wxRE_ADVANCED);
    if (!dmy.Matches(t)) return std::nullopt;
    long day = 0, month = 0, year = 0;
    dmy.GetMatch(t, 1).ToLong(&day);
    dmy.GetMatch(t, 2).ToLong(&month);
    dmy.GetMatch(t, 3).ToLong(&year);
    const std::chrono::year_month_day ymd{std::chrono::year{int(year)},
                                          std::chrono::month{unsigned(month)},
                                          std::chrono::day{unsigned(day)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

std::optional<std::pair<int, int>> parseTypedTime(const wxString& text) {
    static const wxRegEx hm("^([0-9]{1,2})[:h]([0-9]{2})$", wxRE_ADVANCED);
    const wxString t = text.Strip(wxString::both);
    if (!hm.Matches(t)) return std::nullopt;
    long h = 0, m = 0;
    hm.GetMatch(t, 1).ToLong(&h);
    hm.GetMatch(t, 2).ToLong(&m);
    if (h > 23 || m > 59) return std::nullopt;
    return std::pair{int(h), int(m)};
}

wxString withMnemonic(const wxString& label, wxString& used) {
    auto pick = [&](bool wordStart) -> int {
        for (size_t i = 0; i < label.length(); ++i) {
            const wxUniChar c = label[i];
            if (!c.IsAscii() || !wxIsalpha(c)) continue;
            if (wordStart && i > 0 && label[i - 1] != ' ') continue;
            const wxUniChar lower = wxTolower(c);
            if (used.Find(lower) == wxNOT_FOUND) return int(i);
        }
        return -1;
    };
    int at = pick(true);
    if (at < 0) at = pick(false);
    if (at < 0) return label;
    used += wxString(wxTolower(label[size_t(at)]));
    wxString marked = label;
    marked.insert(size_t(at), "&");
    return marked;
}

namespace {
void translateStockButtons(wxWindow* window) {
    for (wxWindow* child : window->GetChildren()) {
        if (auto* button = dynamic_cast<wxButton*>(child)) {
            switch (button->GetId()) {
                // A label differing from wx's stock one, so GTK does not draw its own "OK".
                case wxID_OK:
                    button->SetLabel(_("OK"));
                    break;
                case wxID_CANCEL:
                    button->SetLabel(_("Cancel"));
                    break;
                default:
                    break;
            }
        }
        translateStockButtons(child);
    }
}
}  // namespace

void finishLayout(wxWindow* window) {
    translateStockButtons(window);
    const int index = wxDisplay::GetFromWindow(window->GetParent() ? window->GetParent() : window);
    const wxRect area = wxDisplay(index == wxNOT_FOUND ? 0u : unsigned(index)).GetClientArea();
    // Room for a window manager's title bar and borders.
    const wxSize room(area.width - 16, area.height - 48);
    wxSize min = window->GetMinSize();
    if (min.x > room.x) min.x = room.x;
    if (min.y > room.y) min.y = room.y;
    window->SetMinSize(min);
    wxSize size = window->GetSize();
    size.x = std::min(size.x, room.x);
    size.y = std::min(size.y, room.y);
    window->SetSize(size);
    window->Centre();
}

wxStaticText* finishQuestion(wxDialog& dialog, wxSizer* root) {
    auto* problem = new wxStaticText(&dialog, wxID_ANY, wxEmptyString);
    problem->SetForegroundColour(wxColour(176, 0, 32));
    root->Add(problem, 0, wxLEFT | wxRIGHT | wxEXPAND, dialog.FromDIP(10));
    root->Add(dialog.CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND,
              dialog.FromDIP(10));
    dialog.SetSizerAndFit(root);
    finishLayout(&dialog);
    return problem;
}

void showMessage(wxWindow* parent, const wxString& text, const wxString& title, long icon) {
    wxMessageDialog box(parent, text, title, wxOK | icon);
    box.SetOKLabel(_("OK"));
    box.ShowModal();
}

bool confirmStep(wxWindow* parent, const wxString& title, const wxString& whatHappens,
                 const wxString& goAhead) {
    wxMessageDialog ask(parent, whatHappens, title, wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
    ask.SetYesNoLabels(goAhead, _("&Go back"));
    return ask.ShowModal() == wxID_YES;
}

wxString shortTime(const LocalDateTime& t) {
    return wxString::Format("%02u/%02u/%04d %02d:%02d", unsigned(t.date().day()),
                            unsigned(t.date().month()), int(t.date().year()), t.hour(), t.minute());
}

wxString errorText(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        switch (e.code()) {
            case Errc::CccdWrongLength:
                return _("The identity number must have 12 digits.");
            case Errc::CccdNotDigits:
                return _("The identity number may contain digits only.");
            case Errc::CccdUnknownProvince:
                return _("The identity number starts with an unknown province code.");
            case Errc::CccdCenturyMismatch:
            case Errc::CccdBirthYearMismatch:
                return _("The identity number does not match the date of birth.");
            case Errc::CccdGenderMismatch:
                return _("The identity number does not match the gender.");
            case Errc::CccdBirthInFuture:
                return _("The date of birth is in the future.");
            case Errc::ReasonRequired:
                return _("This action needs a reason.");
            case Errc::DueRequired:
                return _("This action needs a new due time.");
            // TRANSLATORS: %s names the field and the limit, in English, for support.
            case Errc::FieldTooLong:
                return wxString::Format(_("The text is too long; shorten it (%s)."),
                                        fromUtf8(e.what()));
            case Errc::ControlCharacter:
                return _(
                    "The text contains an invisible control character (perhaps pasted from another "
                    "program). "
                    "Delete it and type the text again.");
            case Errc::TooManyItems:
                return wxString::Format(
                    _("Too many documents, files or sets for one dossier (%s)."),
                    fromUtf8(e.what()));
            default:
                return wxString::Format(_("Invalid input: %s"), fromUtf8(e.what()));
        }
    } catch (const store::StoreError& e) {
        switch (e.code()) {
            case store::StoreError::Code::NotFound:
                return _("No such dossier or procedure.");
            case store::StoreError::Code::NotAllowed:
                return _("This action is not allowed in the dossier's current status.");
            case store::StoreError::Code::Locked:
                // TRANSLATORS: %s says which program has the ward, e.g. "motcua, pid 1234".
                return wxString::Format(
                    _("This ward is open in another program (%s). Close it, then try again."),
                    fromUtf8(e.what()));
            case store::StoreError::Code::NewerSchema:
                return _(
                    "This database was written by a newer MotCua Desk. Update the program before "
                    "opening it.");
            default:
                return wxString::Format(_("The database could not be used: %s"),
                                        fromUtf8(e.what()));
        }
    } catch (const signing::SigningError& e) {
        using C = signing::SigningError::Code;
        // TRANSLATORS: the second %s is the token's or library's own words, kept for support.
        const auto detail = [&](const wxString& what) {
            return wxString::Format("%s (%s)", what, fromUtf8(e.what()));
        };
        switch (e.code()) {
            case C::ModuleLoad:
                return detail(_("The token's driver could not be loaded or stopped answering."));
            case C::NoToken:
                return _("No signing token is plugged in.");
            case C::AmbiguousToken:
                return _("Several tokens are plugged in: choose one.");
            case C::KeyNotFound:
                return _("The chosen certificate has no signing key on this token.");
            case C::PinIncorrect:
                return _("Wrong PIN.");
            case C::PinLocked:
                return _("The token's PIN is locked. Ask the certificate provider to unlock it.");
            case C::PinInvalid:
                return _("The PIN has a wrong length or characters, or has expired.");
            case C::TokenRemoved:
                return _("The token was pulled out or stopped answering during the work.");
            case C::CertificateInvalid:
                return _("The signing certificate is expired or not yet valid.");
            case C::PdfEncrypted:
                return _("The PDF is encrypted and cannot be signed.");
            case C::PdfDamaged:
                return _("The PDF is damaged or incomplete.");
            case C::PdfUnsupported:
                return _("This PDF does not allow signing.");
            case C::TimestampRefused:
                return detail(_("The timestamp service refused the request."));
            default:
                return detail(_("Signing failed."));
        }
    } catch (const sync::SyncError& e) {
        using C = sync::SyncError::Code;
        switch (e.code()) {
            case C::Network:
                return wxString::Format(_("The city server cannot be reached; the work waits here "
                                          "and goes later (%s)."),
                                        fromUtf8(e.what()));
            case C::Unauthorized:
                return _("The city server refused the account: sign in again.");
            case C::ProtocolTooOld:
                return _("This desk must be updated before it can sync with the city server.");
            default:
                return wxString::Format(_("The city server's answer could not be used (%s)."),
                                        fromUtf8(e.what()));
        }
    } catch (const documents::DocumentError& e) {
        return wxString::Format(_("The document could not be produced: %s"), fromUtf8(e.what()));
    } catch (const std::exception& e) {
        return wxString::Format(_("Unexpected error: %s"), fromUtf8(e.what()));
    } catch (...) {
        return _("Unexpected error.");
    }
}

}  // namespace motcua::app
