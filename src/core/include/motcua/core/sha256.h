// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

// SHA-256 lives in motcua::crypto (OpenSSL behind a std-only header). These names stay for the
// store's call sites (audit chain, blob folder) until they include motcua/crypto/sha256.h.
#include "motcua/crypto/sha256.h"

namespace motcua {

using crypto::isSha256Hex;
using crypto::Sha256;
using crypto::toHex;

}  // namespace motcua
