// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "ui_text.h"

#include <wx/intl.h>

#include "motcua/core/error.h"
#include "motcua/documents/document_error.h"
#include "motcua/store/store_error.h"

namespace motcua::app {

wxString statusLabel(DossierStatus status) {
    switch (status) {
        case DossierStatus::Received: return _("Received");
        case DossierStatus::InProgress: return _("In progress");
        case DossierStatus::SupplementRequested: return _("Supplement requested");
        case DossierStatus::AwaitingApproval: return _("Awaiting approval");
        case DossierStatus::Approved: return _("Approved");
        case DossierStatus::ResultReady: return _("Result ready");
        case DossierStatus::Returned: return _("Returned");
        case DossierStatus::Rejected: return _("Rejected");
        case DossierStatus::Stopped: return _("Stopped");
        case DossierStatus::Withdrawn: return _("Withdrawn");
    }
    return {};
}

wxString actionLabel(DossierAction action) {
    switch (action) {
        case DossierAction::Forward: return _("Forward for processing");
        case DossierAction::RequestSupplement: return _("Request supplement");
        case DossierAction::SupplementReceived: return _("Supplement received");
        case DossierAction::SubmitForApproval: return _("Submit for approval");
        case DossierAction::Approve: return _("Approve");
        case DossierAction::SendBack: return _("Send back");
        case DossierAction::Reject: return _("Reject");
        case DossierAction::Postpone: return _("Postpone (apology)");
        case DossierAction::Stop: return _("Stop processing");
        case DossierAction::Withdraw: return _("Withdraw");
        case DossierAction::ResultReady: return _("Result ready");
        case DossierAction::ReturnResult: return _("Return result");
    }
    return {};
}

wxString shortTime(const LocalDateTime& t) {
    return wxString::Format("%02u/%02u/%04d %02d:%02d", unsigned(t.date().day()), unsigned(t.date().month()),
                            int(t.date().year()), t.hour(), t.minute());
}

wxString errorText(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        switch (e.code()) {
            case Errc::CccdWrongLength: return _("The identity number must have 12 digits.");
            case Errc::CccdNotDigits: return _("The identity number may contain digits only.");
            case Errc::CccdUnknownProvince: return _("The identity number starts with an unknown province code.");
            case Errc::CccdCenturyMismatch:
            case Errc::CccdBirthYearMismatch: return _("The identity number does not match the date of birth.");
            case Errc::CccdGenderMismatch: return _("The identity number does not match the gender.");
            case Errc::CccdBirthInFuture: return _("The date of birth is in the future.");
            case Errc::ReasonRequired: return _("This action needs a reason.");
            case Errc::DueRequired: return _("This action needs a new due time.");
            // TRANSLATORS: %s names the field and the limit, in English, for support.
            case Errc::FieldTooLong: return wxString::Format(_("The text is too long; shorten it (%s)."), fromUtf8(e.what()));
            case Errc::ControlCharacter:
                return _("The text contains an invisible control character (perhaps pasted from another program). "
                         "Delete it and type the text again.");
            case Errc::TooManyItems:
                return wxString::Format(_("Too many documents, files or sets for one dossier (%s)."), fromUtf8(e.what()));
            default: return wxString::Format(_("Invalid input: %s"), fromUtf8(e.what()));
        }
    } catch (const store::StoreError& e) {
        switch (e.code()) {
            case store::StoreError::Code::NotFound: return _("No such dossier or procedure.");
            case store::StoreError::Code::NotAllowed: return _("This action is not allowed in the dossier's current status.");
            case store::StoreError::Code::Locked:
                // TRANSLATORS: %s says which program has the ward, e.g. "motcua, pid 1234".
                return wxString::Format(_("This ward is open in another program (%s). Close it, then try again."),
                                        fromUtf8(e.what()));
            case store::StoreError::Code::NewerSchema:
                return _("This database was written by a newer MotCua Desk. Update the program before opening it.");
            default: return wxString::Format(_("The database could not be used: %s"), fromUtf8(e.what()));
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
