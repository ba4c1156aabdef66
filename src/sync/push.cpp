// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/push.h"

#include <filesystem>

#include "motcua/sync/blobs.h"
#include "reply.h"

namespace motcua::sync {

void expectStatus(const HttpReply& reply, int expected, const std::string& what) {
    if (reply.status == expected) return;
    std::string message = what + ": the server answered " + std::to_string(reply.status);
    try {
        const auto error = decodeErrorBody(reply.body);
        message += " " + error.code + ": " + error.message;
    } catch (const SyncError&) {
    }
    if (reply.status == 401) throw SyncError(SyncError::Code::Unauthorized, message);
    if (reply.status == 426) throw SyncError(SyncError::Code::ProtocolTooOld, message);
    if (reply.status >= 502 && reply.status <= 504)
        throw SyncError(SyncError::Code::Network, message);
    throw SyncError(SyncError::Code::Server, message);
}

Op toWireOp(const store::OutboxOp& op) {
    const auto kind = parseOpKind(op.kind);
    if (!kind)
        throw SyncError(SyncError::Code::Unsupported,
                        "outbox op " + op.opId + " has unknown kind " + op.kind);
    return {op.opId,     op.deviceId,    op.seq,     *kind,
            op.entityId, op.baseVersion, op.payload, op.author};
}

Session login(Transport& transport, const std::string& username, const std::string& password) {
    const auto reply =
        transport.send("POST", "/api/v1/sessions", encode(LoginRequest{username, password}), "");
    expectStatus(reply, 201, "login");
    return decodeSession(reply.body);
}

namespace {

OpState opStateOf(OpOutcome outcome) {
    switch (outcome) {
        case OpOutcome::Applied:
            return OpState::Applied;
        case OpOutcome::Duplicate:
            return OpState::Duplicate;
        case OpOutcome::Conflict:
            return OpState::Conflict;
        case OpOutcome::Rejected:
            break;
    }
    return OpState::Rejected;
}

/// Why the server refused a push request as a whole for what it holds (not for who sent it or
/// when: the body, or one op in it, is one it will never take); empty for any other answer.
std::string batchRefusal(const HttpReply& reply) {
    if (reply.status != 400 && reply.status != 413 && reply.status != 422) return {};
    ErrorBody error;
    try {
        error = decodeErrorBody(reply.body);
    } catch (const SyncError&) {
        return {};
    }
    if (error.code != "MalformedBody" && error.code != "TooLarge" && error.code != "BodyTooLarge" &&
        error.code != "Unsupported")
        return {};
    return "the server refused the op: " + std::to_string(reply.status) + " " + error.code + ": " +
           error.message;
}

/// Pushes `ops` (consecutive in outbox order) in one request and records the answers. A batch
/// refused as a whole is split in halves, in order, until the op it refuses is alone; that op
/// is marked rejected with the server's reason, and the rest of the outbox moves on.
void pushOps(store::Store& store, Transport& transport, const std::string& token,
             const std::vector<store::OutboxOp>& ops, PushSummary& summary) {
    std::string body;
    std::string refusal;
    try {
        PushRequest request;
        for (const auto& op : ops) request.ops.push_back(toWireOp(op));
        body = encode(request);
    } catch (const SyncError& e) {
        refusal = std::string("this desk cannot send the op: ") + e.what();
    }
    HttpReply reply;
    if (refusal.empty()) {
        reply = transport.send("POST", "/api/v1/sync/push", body, token);
        refusal = batchRefusal(reply);
    }
    if (!refusal.empty()) {
        if (ops.size() > 1) {
            const auto middle = ops.begin() + static_cast<std::ptrdiff_t>(ops.size() / 2);
            pushOps(store, transport, token, {ops.begin(), middle}, summary);
            pushOps(store, transport, token, {middle, ops.end()}, summary);
            return;
        }
        store.outbox().recordResults({{ops[0].opId, OpState::Rejected, std::nullopt, refusal}});
        ++summary.rejected;
        ++summary.batches;
        ++summary.pushed;
        return;
    }
    expectStatus(reply, 200, "push");
    const auto result = decodePushResult(reply.body);
    // Answers are matched to ops by position and id: anything else is a broken server, and
    // recording it could mark the wrong op done.
    if (result.results.size() != ops.size())
        throw SyncError(SyncError::Code::Server, "push: the server answered " +
                                                     std::to_string(result.results.size()) +
                                                     " ops of " + std::to_string(ops.size()));
    std::vector<store::OpResultRecord> records;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& r = result.results[i];
        if (r.opId != ops[i].opId)
            throw SyncError(SyncError::Code::Server, "push: answer " + std::to_string(i) +
                                                         " is for op " + r.opId + ", not " +
                                                         ops[i].opId);
        records.push_back({r.opId, opStateOf(r.outcome), r.serverVersion, r.error});
        switch (r.outcome) {
            case OpOutcome::Applied:
                ++summary.applied;
                break;
            case OpOutcome::Duplicate:
                ++summary.duplicates;
                break;
            case OpOutcome::Conflict:
                ++summary.conflicts;
                break;
            case OpOutcome::Rejected:
                ++summary.rejected;
                break;
        }
    }
    store.outbox().recordResults(records);
    ++summary.batches;
    summary.pushed += static_cast<int>(ops.size());
}

}  // namespace

PushSummary pushOutbox(store::Store& store, Transport& transport, const std::string& token,
                       int batchSize) {
    if (batchSize < 1 || static_cast<std::size_t>(batchSize) > kMaxOpsPerPush)
        throw SyncError(SyncError::Code::Malformed,
                        "batch size must be 1 to " + std::to_string(kMaxOpsPerPush));
    PushSummary summary;
    for (;;) {
        const auto ops = store.outbox().pending(batchSize);
        if (ops.empty()) break;
        // Blobs first: an op never reaches the server before the files it names.
        for (const auto& op : ops) {
            for (const auto& sha : blobsNamedBy(op.payload)) {
                if (store.blobs().isUploaded(sha)) continue;
                const std::string path = store.blobs().path(sha);
                if (!std::filesystem::exists(path)) {
                    // Not on this desk (lost, or an op made elsewhere): the op goes without it
                    // and the server decides; holding the queue for it would hold everything.
                    ++summary.missingBlobs;
                    continue;
                }
                summary.blobBytes += uploadBlob(transport, token, sha, path);
                ++summary.blobs;
                store.blobs().markUploaded(sha);
            }
        }
        pushOps(store, transport, token, ops, summary);
    }
    return summary;
}

}  // namespace motcua::sync
