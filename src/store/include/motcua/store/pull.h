// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the desk takes from the server (pulled changes, the cursor, the count check) and how its
// syncs went.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/store/sync_types.h"

namespace motcua::store {

class Store;

/// A Store's pull applier and sync record (`store.pull()`). Use from the Store's thread only.
class Pull {
public:
    explicit Pull(Store& store) : m_store(store) {}

    /// Applies one page of pulled changes in one transaction, with `cursor` (when given) stored
    /// in that same transaction: a crash leaves either both or neither. Dossiers are inserted
    /// or brought to the server's version; those this desk changed and has not pushed yet are
    /// held back (push first settles them). Each applied dossier gets an audit entry.
    /// With `serverWins` (fetching dossiers listed by dossiersToRefetch()) the server's
    /// version replaces the local one whatever the versions say, and the dossier leaves that
    /// list.
    PullApplied apply(const std::vector<RemoteChange>& changes, std::optional<std::int64_t> cursor,
                      bool serverWins = false);
    /// Dossiers whose local state may differ from the server's (a change held back, an op
    /// answered with a conflict or rejection) and that have nothing pending any more.
    std::vector<std::string> dossiersToRefetch();
    /// Drops a dossier from that list when the server has no version of it (e.g. a rejected
    /// intake: the dossier exists on this desk alone and its op says why).
    void keepLocalVersion(const std::string& code);
    std::int64_t cursor();
    /// Per day in [from, to], the dossiers of this ward the server should also hold: pulled
    /// ones and those whose intake the server accepted (pending and rejected intakes are not
    /// counted). Days with none are left out.
    std::vector<DayCount> syncedDossierCounts(Date from, Date to);
    /// The day range holding every dossier of this ward, if any.
    std::optional<std::pair<Date, Date>> dossierDayRange();

    /// Records the end of a sync attempt: success time, or the error.
    void recordAttempt(bool ok, const std::string& error);
    SyncStatus status();

private:
    Store& m_store;
};

}  // namespace motcua::store
