// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The outbox: ops queued for the server, its answers, and settling the ops it refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "motcua/store/sync_types.h"

namespace motcua::store {

class Store;

/// A Store's outbox (`store.outbox()`). Use from the Store's thread only.
class Outbox {
public:
    explicit Outbox(Store& store) : m_store(store) {}

    std::int64_t pendingCount();
    /// The ops not yet answered, oldest first.
    std::vector<OutboxOp> pending(int limit = 1000);

    /// Records the server's answers to pushed ops: one transaction, one audit entry
    /// ("sync.push" with the counts). Each op leaves the pending queue whatever the answer, so
    /// the rest of the queue keeps moving; conflicts and rejections keep the answer (outbox
    /// `result`) for a person to resolve. An op already answered keeps its first answer.
    /// Throws StoreError(InvalidInput) for an unknown state, (NotFound) for an op id not in the
    /// outbox; changes nothing then.
    void recordResults(const std::vector<OpResultRecord>& results);

    /// Conflicted and rejected ops with the server's answer (`result`) that no one has
    /// resolved yet, oldest first.
    std::vector<OutboxOp> unresolved();
    /// Settles a refused op (audited). Redo applies the op's action (or edit) again to the
    /// dossier as it now is, which queues a new op; it throws like act()/editApplicant() when
    /// that is no longer possible, and changes nothing then. Throws StoreError(NotFound) for
    /// an op that is not unresolved, (NotAllowed) for redoing an intake.
    void resolve(const std::string& opId, OpResolution how);

private:
    Store& m_store;
};

}  // namespace motcua::store
