// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>

#include "motcua/store/store.h"
#include "motcua/protocol/protocol.h"
#include "motcua/sync/transport.h"

namespace motcua::sync {

struct PullSummary {
    int pages = 0;
    int changes = 0;
    store::PullApplied applied;
};

store::RemoteChange toRemoteChange(const Change& change);

/// Pulls the ward's changes after the stored cursor, page by page; each page is applied in
/// one transaction together with its new cursor, so an interruption loses nothing and repeats
/// nothing. Throws SyncError(Network) when the connection fails (the pages applied so far
/// stay), (Server) for an answer that would move the cursor back or out of order.
PullSummary pullChanges(store::Store& store, Transport& transport, const std::string& token,
                        int pageSize = 500);

}  // namespace motcua::sync
