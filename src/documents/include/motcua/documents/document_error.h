// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::documents {

/// The one exception type of the documents layer.
class DocumentError : public std::runtime_error {
public:
    enum class Code {
        TemplateInvalid,    ///< a form template is missing, not JSON, or names an unknown block
        FormNotApplicable,  ///< e.g. a rejection notice for a dossier that was not rejected
        Io,                 ///< the output could not be written (nothing is left behind)
        Render,             ///< cairo/pango/qrencode failed
    };
    DocumentError(Code code, const std::string& message)
        : std::runtime_error(message), m_code(code) {}
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

std::string_view documentErrorName(DocumentError::Code code);

}  // namespace motcua::documents
