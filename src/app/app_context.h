// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/role.h"
#include "motcua/store/store.h"
#include "sync_service.h"
#include "token_service.h"
#include "worker.h"

namespace motcua::app {

/// What the composition root hands every window.
struct AppContext {
    Worker* worker = nullptr;
    const Clock* clock = nullptr;
    std::string resourceDir;   ///< catalog/, calendar/, forms/
    std::string documentsDir;  ///< where printed forms are kept ("<data dir>/documents")
    store::WardSettings ward;  ///< as loaded at start-up
    /// The ward's CA certificates (PEM files): signatures are checked against them, and a
    /// signer embeds the intermediates it finds there (and on the token) in each signature.
    std::vector<std::string> caFiles;
    bool printDialogs = true;        ///< false in GUI tests: forms are written, no print dialog
    SyncService* sync = nullptr;     ///< background sync with the city server
    TokenService* tokens = nullptr;  ///< USB signing tokens, one thread per module
    /// The signed-in person's role. A local account (made at set-up, for a desk working alone)
    /// has every right: an administrator's.
    Role role = Role::Admin;
    /// Signs the person at the desk out and asks who comes next (the sign-in window); false
    /// when nobody signed in (the desk then quits). Set by the desk.
    std::function<bool()> signInAgain;
};

}  // namespace motcua::app
