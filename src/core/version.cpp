// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/version.h"

namespace motcua {

std::string_view projectVersion() {
    return MOTCUA_PROJECT_VERSION;
}

}  // namespace motcua
