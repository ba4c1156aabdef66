// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The values a form template can name: {{dossier.code}}, {{applicant.name}}, table rows...
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/documents/forms.h"

namespace motcua::documents {

using Fields = std::map<std::string, std::string, std::less<>>;

struct FormData {
    Fields fields;
    std::map<std::string, std::vector<Fields>> tables;  ///< rows with {{row.*}} fields
};

FormData buildFormData(FormKind kind, const FormContext& context);

/// Replaces {{name}} with the field's value, escaped for Pango markup (template text around it
/// may itself be markup) unless `markup` is false. Unknown names become empty: a ward's
/// template naming a field this version does not have prints blank rather than failing.
std::string substitute(std::string_view text, const Fields& fields, const Fields* row = nullptr,
                       bool markup = true);

/// "Trước hạn", "Đúng hạn" or "Quá hạn" for a step done at `done` against `due`.
std::string stepResult(LocalDateTime done, LocalDateTime due);

}  // namespace motcua::documents
