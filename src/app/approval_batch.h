// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The work of an approval batch, without any window: sign each draft result with the token and
// approve its dossier with the signed PDF. The approval inbox runs it on the token's thread;
// the benchmark runs it directly.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "motcua/signing/pades.h"
#include "motcua/store/store.h"

namespace motcua::app {

struct ApprovalItem {
    std::string code;
    std::string draftPath;   ///< the draft result, as submitted
    std::string signedPath;  ///< where the signed result is written (atomically)
};

/// Signs and approves the items in order, each in its own transaction right after its
/// signature, so a batch cut short leaves every dossier either approved with its signed result
/// or untouched. `reasonText` is the signature's reason, its "{code}" replaced by the dossier's
/// code. `proceed(done)` is asked before
/// each document; false stops the batch there. Returns how many were approved; a failure
/// (token removed, PDF refused) throws after the earlier ones are committed.
/// Each signature's time is `clock`'s now, the one the store stamps the approval with.
int approveBatch(store::Store& store, signing::Signer& signer,
                 const std::vector<ApprovalItem>& items, const signing::PdfSignOptions& options,
                 const std::string& reasonText, const Clock& clock,
                 const std::function<bool(int done)>& proceed = {});

}  // namespace motcua::app
