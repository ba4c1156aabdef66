// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Vietnamese wording the printed documents share. Documents are legal Vietnamese texts: they
// are not translated with the GUI's language.
#pragma once

#include <string_view>

#include "motcua/core/dossier.h"
#include "motcua/core/dossier_status.h"

namespace motcua::documents {

/// "Đang giải quyết" for in_progress, as the forms and the register print a status.
std::string_view statusText(DossierStatus status);
/// "Trực tiếp", "Trực tuyến", "Bưu chính": how a dossier came, as the register prints it.
std::string_view channelText(Channel channel);

}  // namespace motcua::documents
