// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What a person reads for the codes of the lower layers: statuses, actions, errors. The
// lower layers keep stable English codes and messages; translation happens here.
#pragma once

#include <wx/string.h>

#include <exception>
#include <string>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier_status.h"

namespace motcua::app {

inline wxString fromUtf8(const std::string& s) { return wxString::FromUTF8(s.data(), s.size()); }
inline std::string toUtf8(const wxString& s) { return std::string(s.utf8_str()); }

wxString statusLabel(DossierStatus status);
wxString actionLabel(DossierAction action);
/// "13/02/2026 14:30", how the screens show a time.
wxString shortTime(const LocalDateTime& t);
/// A message for a person about what went wrong, translated where the code is known.
wxString errorText(const std::exception_ptr& error);

}  // namespace motcua::app
