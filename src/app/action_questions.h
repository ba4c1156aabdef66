// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the desk asks and says around a dossier's actions: the confirmation of a step it
// cannot take back, the reason worded for each action, the new due time of a postponement,
// the applicant's corrected details, and which form an action prints.
#pragma once

#include <wx/string.h>
#include <wx/window.h>

#include <optional>

#include "motcua/core/dossier.h"
#include "motcua/core/work_calendar.h"
#include "motcua/documents/forms.h"

namespace motcua::app {

/// Steps that ask first (final ones, and ones the desk cannot take back), and what the
/// confirmation says will happen; nothing for the others.
std::optional<wxString> stepWarning(DossierAction action);
/// What the reason box asks for, worded for the action.
wxString reasonPrompt(DossierAction action);
/// The form an action produces, if any.
std::optional<documents::FormKind> formFor(DossierAction action);
/// "01 Receipt and appointment", ...
wxString formLabel(documents::FormKind kind);

/// Asks for the new due time of a postponement, typed as dd/mm/yyyy and HH:MM; a day off or
/// a time no later than the current due time is refused with its reason, in the dialog.
std::optional<LocalDateTime> askNewDue(wxWindow* parent, const LocalDateTime& current,
                                       const WorkCalendar& calendar);
/// The applicant's details to correct (a name misspelt, a new phone); nothing: cancelled.
std::optional<Applicant> askApplicantDetails(wxWindow* parent, const Applicant& current);

}  // namespace motcua::app
