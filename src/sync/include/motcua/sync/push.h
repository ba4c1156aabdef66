// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>

#include "motcua/store/store.h"
#include "motcua/protocol/protocol.h"
#include "motcua/sync/transport.h"

namespace motcua::sync {

struct PushSummary {
    int batches = 0;
    int pushed = 0;
    int applied = 0;
    int duplicates = 0;
    int conflicts = 0;
    int rejected = 0;
    int blobs = 0;  ///< blobs uploaded before the ops naming them
    std::int64_t blobBytes = 0;
    int missingBlobs = 0;  ///< named by an op but not in this desk's blob folder
};

/// An outbox op as it goes on the wire. Throws SyncError(Unsupported) for a kind the protocol
/// does not know.
Op toWireOp(const store::OutboxOp& op);

/// Online login. Throws SyncError(Unauthorized) for wrong credentials, (Network) when the
/// server cannot be reached, (ProtocolTooOld) for 426.
Session login(Transport& transport, const std::string& username, const std::string& password);

/// Pushes the outbox in order, `batchSize` ops a request, and records each batch's answers in
/// the store (one transaction) before sending the next, until the queue is empty. The blobs a
/// batch names (attachments, signed results) are uploaded before it, resumably. On a network
/// failure it throws SyncError(Network) with the unanswered ops still pending: ops carry their
/// ids, so the next attempt is harmless. Conflicts and rejections leave the queue with the
/// server's answer kept; they do not hold up the ops behind them.
PushSummary pushOutbox(store::Store& store, Transport& transport, const std::string& token,
                       int batchSize = 100);

}  // namespace motcua::sync
