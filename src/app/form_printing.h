// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/image.h>
#include <wx/window.h>

#include <string>

#include "app_context.h"
#include "motcua/documents/forms.h"

namespace motcua::app {

/// Renders a form for a dossier on the worker, keeps the PDF under the documents folder
/// (<code>-<form>.pdf) and, unless the context says not to, opens the print preview from which
/// the officer prints. Errors show in a message box on `parent`.
void printForm(wxWindow* parent, AppContext& context, const std::string& code,
               documents::FormKind kind, const std::string& reason);

/// How this machine prints the receipt's two copies (a per-machine setting, as the printer is:
/// a ward with a guillotine cuts A5 halves); whole sheets until the settings say otherwise.
documents::SheetLayout receiptLayout();
void setReceiptLayout(documents::SheetLayout layout);

/// Page `page` (1-based) of a PDF drawn by poppler at `dpi`, white background; an invalid
/// image when the PDF or the page cannot be read.
wxImage renderPdfPage(const std::string& pdf, int page, double dpi);
/// How many pages a PDF has; 0 when poppler cannot read it.
int pdfPageCount(const std::string& pdf);

/// Print preview of PDF bytes, pages drawn by poppler at the printer's resolution.
void previewPdf(wxWindow* parent, const std::string& pdf, const wxString& title);

}  // namespace motcua::app
