// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/window.h>

#include <string>

#include "app_context.h"
#include "motcua/documents/forms.h"

namespace motcua::app {

/// Renders a form for a dossier on the worker, keeps the PDF under the documents folder
/// (<code>-<form>.pdf) and, unless the context says not to, opens the print preview from which
/// the officer prints. Errors show in a message box on `parent`.
void printForm(wxWindow* parent, AppContext& context, const std::string& code, documents::FormKind kind,
               const std::string& reason);

/// Print preview of PDF bytes, pages drawn by poppler at the printer's resolution.
void previewPdf(wxWindow* parent, const std::string& pdf, const wxString& title);

}  // namespace motcua::app
