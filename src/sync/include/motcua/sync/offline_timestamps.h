// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>

#include "motcua/signing/timestamp.h"
#include "motcua/store/store.h"

namespace motcua::sync {

struct OfflineTimestamps {
    int stamped = 0;    ///< results that are now PAdES B-T
    int waiting = 0;    ///< still without a timestamp (the TSA did not answer)
    std::string error;  ///< why, when some wait
};

/// Gives the signed results of approvals still in the outbox (signatures made offline) a
/// document timestamp from `tsa`, each replacing its result in the store before the approval
/// is pushed. Stops at the first failure (an unreachable or refusing TSA): those results wait
/// for the next sync, nothing is lost and the approvals still go as B-B if pushed meanwhile.
OfflineTimestamps timestampOfflineSignatures(store::Store& store,
                                             const signing::TimestampAuthority& tsa);

}  // namespace motcua::sync
