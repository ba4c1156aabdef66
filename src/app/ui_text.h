// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What a person reads for the codes of the lower layers: statuses, actions, errors. The
// lower layers keep stable English codes and messages; translation happens here.
#pragma once

#include <wx/string.h>

#include <exception>
#include <optional>
#include <string>

class wxDialog;
class wxSizer;
class wxStaticText;
class wxWindow;

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_status.h"

namespace motcua::app {

inline wxString fromUtf8(const std::string& s) {
    return wxString::FromUTF8(s.data(), s.size());
}
inline std::string toUtf8(const wxString& s) {
    return std::string(s.utf8_str());
}

wxString statusLabel(DossierStatus status);
wxString actionLabel(DossierAction action);
/// "At the counter", "Online", "By post".
wxString channelLabel(Channel channel);
/// What the desk says once an action is done, e.g. "Forwarded for processing".
wxString actionDoneLabel(DossierAction action);
/// "13/02/2026 14:30", how the screens show a time.
wxString shortTime(const LocalDateTime& t);
/// "13/02/2026": dates as Vietnamese write them, whatever the locale.
wxString shortDate(Date d);
/// A date as an officer types it: dd/mm/yyyy (1- or 2-digit day and month, '/', '.' or '-'),
/// or ISO yyyy-mm-dd. Nothing for anything else, an impossible day included.
std::optional<Date> parseTypedDate(const wxString& text);
/// "HH:MM" or "H:MM", 00:00-23:59.
std::optional<std::pair<int, int>> parseTypedTime(const wxString& text);

/// The label with an Alt-letter key: the first letter of a word not yet in `used` (lower
/// case, ASCII), else any unused letter; the letter is added to `used`.
wxString withMnemonic(const wxString& label, wxString& used);

/// The last step of building a window: its standard OK/Cancel/Close buttons get the catalog's
/// words (GTK's own would say "OK"), and the window (and its minimum size) is kept within the
/// work area of its screen and centred there, so every window fits 1366x768 and 1280x720.
void finishLayout(wxWindow* window);

/// Ends a small question window: a red line for what is wrong with the answer, OK and
/// Cancel, the sizer set and finishLayout() done. Returns the red line.
wxStaticText* finishQuestion(wxDialog& dialog, wxSizer* root);

/// A message with one OK button in the catalog's words (wxMessageBox's would be GTK's "OK").
/// `icon`: wxICON_ERROR, wxICON_WARNING or wxICON_INFORMATION.
void showMessage(wxWindow* parent, const wxString& text, const wxString& title, long icon);

/// Asks before a final or irreversible step, naming what will happen. "No" is the default
/// button, so a stray Enter never confirms. True: go ahead.
bool confirmStep(wxWindow* parent, const wxString& title, const wxString& whatHappens,
                 const wxString& goAhead);
/// A message for a person about what went wrong, translated where the code is known.
wxString errorText(const std::exception_ptr& error);

}  // namespace motcua::app
