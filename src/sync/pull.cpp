// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/pull.h"

#include "reply.h"

namespace motcua::sync {

store::RemoteChange toRemoteChange(const Change& c) {
    return {c.seq, c.kind, c.entityId, c.version, c.status, c.payload};
}

PullSummary pullChanges(store::Store& store, Transport& transport, const std::string& token,
                        int pageSize) {
    if (pageSize < 1 || pageSize > kMaxPullLimit)
        throw SyncError(SyncError::Code::Malformed,
                        "the pull page size must be 1 to " + std::to_string(kMaxPullLimit));
    PullSummary summary;
    for (;;) {
        const std::int64_t cursor = store.pull().cursor();
        const auto reply = transport.send("GET",
                                          "/api/v1/sync/pull?cursor=" + std::to_string(cursor) +
                                              "&limit=" + std::to_string(pageSize),
                                          "", token);
        expectStatus(reply, 200, "pull");
        const auto page = decodePullResponse(reply.body);
        // The cursor only moves forward, over changes in ascending order after it: anything
        // else would skip or repeat changes.
        std::int64_t last = cursor;
        for (const auto& change : page.changes) {
            if (change.seq <= last)
                throw SyncError(SyncError::Code::Server,
                                "pull: change " + std::to_string(change.seq) +
                                    " is out of order after " + std::to_string(last));
            last = change.seq;
        }
        if (page.cursor < last || (page.changes.empty() && page.cursor != cursor && page.more))
            throw SyncError(SyncError::Code::Server, "pull: the server's cursor " +
                                                         std::to_string(page.cursor) +
                                                         " does not follow its changes");
        std::vector<store::RemoteChange> changes;
        changes.reserve(page.changes.size());
        for (const auto& c : page.changes) changes.push_back(toRemoteChange(c));
        const auto applied = store.pull().apply(changes, page.cursor);
        ++summary.pages;
        summary.changes += static_cast<int>(changes.size());
        summary.applied.inserted += applied.inserted;
        summary.applied.updated += applied.updated;
        summary.applied.current += applied.current;
        summary.applied.heldBack += applied.heldBack;
        summary.applied.accounts += applied.accounts;
        summary.applied.reference += applied.reference;
        summary.applied.problems += applied.problems;
        if (!page.more) break;
        if (page.changes.empty())
            throw SyncError(SyncError::Code::Server,
                            "pull: the server says more changes wait but sent none");
    }
    return summary;
}

}  // namespace motcua::sync
