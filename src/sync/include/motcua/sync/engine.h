// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// One sync pass of a desk: push the outbox (blobs first), pull what changed elsewhere, check
// the per-day counts against the server and repair a gap by a targeted re-pull.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/store/store.h"
#include "motcua/sync/pull.h"
#include "motcua/sync/push.h"
#include "motcua/sync/transport.h"

namespace motcua::sync {

/// One day whose counts disagreed.
struct DayMismatch {
    Date day;
    std::int64_t desk = 0;  ///< before repair
    std::int64_t server = 0;
    std::int64_t deskAfterRepair = 0;
};

struct CountCheck {
    int days = 0;  ///< days with dossiers on either side
    std::vector<DayMismatch> mismatches;
    int repairedDossiers = 0;  ///< brought in by targeted re-pulls
    /// True when every day agrees after repair.
    bool agrees() const {
        for (const auto& m : mismatches)
            if (m.deskAfterRepair != m.server) return false;
        return true;
    }
};

/// Compares this desk's synced dossiers per day (store::Store::syncedDossierCounts) with the
/// server's for [from, to]. A day where the desk has fewer is re-pulled from the server's
/// snapshot of that day alone (no reset, no cursor change) and counted again. A day where the
/// desk has more is reported: dossiers the server lacks.
CountCheck checkCounts(store::Store& store, Transport& transport, const std::string& token,
                       Date from, Date to);

/// Online login; on success the account and a verifier of the password are kept so the
/// person can sign in here offline later. The password is wiped.
Session loginAndRemember(store::Store& store, Transport& transport, const std::string& username,
                         std::string password);

/// Fetches the server's version of the dossiers the store lists in dossiersToRefetch() (a
/// change held back behind local ones, an op the server refused) and lets it win; the refused
/// ops stay listed for a person. Returns how many dossiers changed here.
int refetchDiverged(store::Store& store, Transport& transport, const std::string& token);

/// Downloads the result documents that pulled dossiers name and this desk lacks (a draft to
/// approve, a signed result), each checked against its hash. Returns how many arrived.
int fetchResultDocuments(store::Store& store, Transport& transport, const std::string& token);
/// Downloads the files of pulled online and postal submissions this desk lacks
/// (store::Blobs::missingSubmissionFiles), each checked against its hash, so the officer can
/// look at them offline. Returns how many arrived.
int fetchSubmissionFiles(store::Store& store, Transport& transport, const std::string& token);

struct SyncOptions {
    int batchSize = 100;
    int pullPageSize = 500;
    int countCheckDays = 31;  ///< the count check covers today and the days before; 0: no check
    /// Runs before the push (e.g. document timestamps for signatures made offline, which
    /// change the result PDFs the ops name); returns how many documents it changed. It handles
    /// its own failures: an unreachable timestamp authority must not hold up the sync.
    std::function<int(store::Store&)> beforePush;
};

struct SyncReport {
    int timestamped = 0;  ///< what SyncOptions::beforePush changed
    PushSummary push;
    PullSummary pull;
    int refetched = 0;               ///< dossiers that took the server's version after a conflict
    int resultsFetched = 0;          ///< result documents made at other desks, now here
    int submissionFilesFetched = 0;  ///< files of online and postal submissions, now here
    CountCheck counts;
};

/// Push, pull, count check. Records the attempt's outcome in the store (status bar, `motcua
/// sync`). Throws SyncError as its parts do; whatever completed before stays done.
SyncReport syncOnce(store::Store& store, Transport& transport, const std::string& token,
                    LocalDateTime now, const SyncOptions& options = {});

}  // namespace motcua::sync
