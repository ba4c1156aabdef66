// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/documents/atomic_file.h"

#include "motcua/documents/document_error.h"
#include "motcua/files/atomic_file.h"
#include "motcua/files/file_error.h"

namespace motcua::documents {

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    files::rethrowAs<DocumentError>(DocumentError::Code::Io,
                                    [&] { files::writeFileAtomically(path, bytes); });
}

}  // namespace motcua::documents
