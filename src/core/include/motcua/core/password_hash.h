// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

// Password verifiers and secret wiping live in motcua::crypto (OpenSSL behind std-only
// headers). These names stay for the store's call sites until they include the crypto headers.
#include "motcua/crypto/password.h"
#include "motcua/crypto/secret.h"

namespace motcua {

using crypto::checkPassword;
using crypto::hmacSha256;
using crypto::makePasswordVerifier;
using crypto::pbkdf2Sha256;
using crypto::wipe;

}  // namespace motcua
