// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The outbox: what is queued, the server's answers, and settling refused ops.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

namespace {

/// The state of a row this store wrote; the table's CHECK allows no other name.
OpState storedState(const std::string& name) {
    if (const auto state = parseOpState(name)) return *state;
    throw StoreError(StoreError::Code::Damaged, "an outbox op in unknown state '" + name + "'");
}

}  // namespace

std::int64_t Outbox::pendingCount() {
    Statement st(implOf(m_store).db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    st.step();
    return st.getInt(0);
}

std::vector<OutboxOp> Outbox::pending(int limit) {
    std::vector<OutboxOp> ops;
    Statement st(implOf(m_store).db,
                 "SELECT seq, op_id, device_id, kind, entity_id, base_version, payload, state, "
                 "created_at, COALESCE(result, ''), author FROM outbox WHERE state = 'pending' "
                 "ORDER BY seq LIMIT ?");
    st.bind(1, limit);
    while (st.step()) {
        OutboxOp op;
        op.seq = st.getInt(0);
        op.opId = st.getText(1);
        op.deviceId = st.getText(2);
        op.kind = st.getText(3);
        op.entityId = st.getText(4);
        op.baseVersion = static_cast<int>(st.getInt(5));
        op.payload = st.getText(6);
        op.state = storedState(st.getText(7));
        op.createdAt = parseIsoDateTime(st.getText(8));
        op.result = st.getText(9);
        op.author = st.getText(10);
        ops.push_back(std::move(op));
    }
    return ops;
}

void Outbox::recordResults(const std::vector<OpResultRecord>& results) {
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    Statement find(db, "SELECT state FROM outbox WHERE op_id = ?");
    Statement update(db,
                     "UPDATE outbox SET state = ?, attempts = attempts + 1, result = ? "
                     "WHERE op_id = ? AND state = 'pending'");
    Statement refetch(db,
                      "INSERT OR IGNORE INTO sync_refetch (code, reason, at) SELECT entity_id, ?2, "
                      "?3 FROM outbox "
                      "WHERE op_id = ?1 AND kind LIKE 'dossier.%'");
    json counts = json::object();
    for (const auto& r : results) {
        if (r.state == OpState::Pending)
            throw StoreError(StoreError::Code::InvalidInput,
                             "'pending' is not an answer, for op " + r.opId);
        const std::string state(opStateName(r.state));
        find.reset();
        find.bind(1, r.opId);
        if (!find.step()) throw StoreError(StoreError::Code::NotFound, "no outbox op " + r.opId);
        json answer = {{"result", state}, {"error", r.error}};
        answer["server_version"] = r.serverVersion ? json(*r.serverVersion) : json(nullptr);
        update.reset();
        update.bind(1, state).bind(2, answer.dump()).bind(3, r.opId).run();
        if (db.changes() == 0) continue;
        counts[state] = counts.value(state, 0) + 1;
        if (isRefused(r.state)) {
            // The local dossier went where the server did not follow: fetch the server's.
            refetch.reset();
            refetch.bind(1, r.opId).bind(2, state).bind(3, implOf(m_store).nowIso()).run();
        }
    }
    if (!counts.empty())
        appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "sync.push", std::nullopt,
                         ward.unitCode, std::nullopt, std::nullopt, counts.dump()});
    tx.commit();
}

std::vector<OutboxOp> Outbox::unresolved() {
    Statement st(
        implOf(m_store).db,
        "SELECT seq, op_id, device_id, kind, entity_id, base_version, payload, state, created_at, "
        "COALESCE(result, ''), author FROM outbox WHERE state IN ('conflict','rejected') AND "
        "resolved_at IS NULL "
        "ORDER BY seq");
    std::vector<OutboxOp> ops;
    while (st.step())
        ops.push_back({st.getInt(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4),
                       static_cast<int>(st.getInt(5)), st.getText(6), st.getText(10),
                       storedState(st.getText(7)), parseIsoDateTime(st.getText(8)), st.getText(9)});
    return ops;
}

void Outbox::resolve(const std::string& opId, OpResolution how) {
    // One transaction for the redo and the mark: were the mark to fail after a committed redo,
    // the op would stay unresolved and a second redo would queue the action twice. The redo's
    // own transaction becomes a savepoint inside this one (and this one inside a caller's).
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    std::optional<OutboxOp> op;
    for (auto& candidate : unresolved())
        if (candidate.opId == opId) op = std::move(candidate);
    if (!op)
        throw StoreError(StoreError::Code::NotFound,
                         "op " + opId + " is not waiting to be resolved");
    if (how == OpResolution::Redo) {
        const json payload = json::parse(op->payload, nullptr, false);
        if (op->kind == "dossier.action" && payload.is_object()) {
            const auto action = parseAction(payload.value(payload::kAction, ""));
            if (!action)
                throw StoreError(StoreError::Code::InvalidInput,
                                 "op " + opId + " names no known action");
            // A decision on a submission told the citizen with a form showing the dossier as
            // it then was; a redo needs a new one, so it is made again by a person.
            if (payload.contains(payload::kFormSha256))
                throw StoreError(StoreError::Code::NotAllowed,
                                 "a decision on a submission is not redone here: accept the "
                                 "server's version and decide it again, with a new form");
            ActionRequest request{
                *action, payload.value(payload::kReason, ""), std::nullopt, "", {}};
            if (const auto due = payload.value(payload::kDueAt, "");
                *action == DossierAction::Postpone && !due.empty())
                request.newDue = storedTime(due, "the due time of op " + opId);
            if (*action == DossierAction::Approve && payload.contains(payload::kResultSha256))
                request.resultDocumentPath =
                    m_store.blobs().path(payload.value(payload::kResultSha256, ""));
            m_store.dossiers().act(op->entityId,
                                   request);  // a new op, on the version the desk now holds
        } else if (op->kind == "dossier.edit" && payload.is_object() &&
                   payload.contains(payload::kApplicant)) {
            Applicant applicant;
            try {
                applicant = payload::decodeApplicant(payload[payload::kApplicant].dump());
            } catch (const Error& e) {
                throw StoreError(StoreError::Code::Damaged,
                                 "op " + opId + ": " + std::string(e.what()));
            }
            m_store.dossiers().editApplicant(op->entityId, applicant);
        } else {
            throw StoreError(
                StoreError::Code::NotAllowed,
                "a refused " + op->kind + " cannot be redone; accept the server's version");
        }
    }
    const WardSettings ward = implOf(m_store).requireSettings();
    const std::string resolution = how == OpResolution::Redo ? "redone" : "accepted_server";
    Statement mark(db,
                   "UPDATE outbox SET resolved_at = ?, resolution = ? WHERE op_id = ? AND "
                   "resolved_at IS NULL");
    mark.bind(1, implOf(m_store).nowIso()).bind(2, resolution).bind(3, opId).run();
    if (db.changes() != 1)
        throw StoreError(StoreError::Code::NotFound,
                         "op " + opId + " is not waiting to be resolved");
    appendAudit(
        db, {implOf(m_store).nowIso(), ward.officerName, "sync.resolve", std::nullopt, op->entityId,
             std::nullopt, std::nullopt,
             json{{"op_id", opId}, {"resolution", resolution}, {"state", opStateName(op->state)}}
                 .dump()});
    tx.commit();
}

}  // namespace motcua::store
