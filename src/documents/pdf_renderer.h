// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>

#include "form_fields.h"
#include "form_template.h"
#include "motcua/documents/forms.h"

namespace motcua::documents {

/// Lays the template out on A4 pages, once per copy, and returns the PDF. With HalfSheets a
/// form of two copies, each fitting one page, prints both as A5 halves of one landscape A4
/// sheet; longer ones fall back to whole sheets. Fonts are embedded (cairo subsets them); the
/// QR code is drawn as vector squares. Throws DocumentError(Render) when the template's font is
/// not installed or cairo fails, DocumentError(TemplateInvalid) for markup Pango cannot parse.
/// Thread-safe: all state is per call.
std::string renderPdf(const FormTemplate& form, const FormData& data,
                      SheetLayout layout = SheetLayout::WholeSheets);

}  // namespace motcua::documents
