// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Push: ops applied in order, once each, in one transaction per request.
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "server_store_impl.h"

namespace motcua::server {

using json = nlohmann::json;

namespace {

/// A payload string field, or the fallback when absent or not a string.
std::string payloadString(const json& payload, const char* key, const std::string& fallback) {
    const auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool isApproval(const sync::Op& op, const json& payload) {
    return op.kind == sync::OpKind::DossierAction &&
           payloadString(payload, "action", "") == "approve";
}

}  // namespace

sync::PushResult ServerStore::push(const User& user, const sync::PushRequest& request) {
    using sync::OpOutcome;
    std::vector<json> payloads;
    payloads.reserve(request.ops.size());
    for (const auto& op : request.ops) payloads.push_back(json::parse(op.payload));
    // Approvals are verified before the transaction: checking signatures takes a while, and
    // reads only blobs, which are never removed once complete.
    std::vector<std::string> approvalProblems(request.ops.size());
    storage([&] {
        for (std::size_t i = 0; i < request.ops.size(); ++i)
            if (isApproval(request.ops[i], payloads[i]))
                approvalProblems[i] = m_impl->approvalProblem(user, request.ops[i].payload);
    });

    const std::int64_t now = unixNow();
    return storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            // One writer per ward: no lost update between desks, and the ward's change log
            // commits in sequence order.
            c.lockWard(user.ward);
            sync::PushResult result;
            for (std::size_t i = 0; i < request.ops.size(); ++i) {
                const sync::Op& op = request.ops[i];
                const json& payload = payloads[i];
                sync::OpResult r{op.opId, OpOutcome::Applied, std::nullopt, ""};
                auto answer = [&](OpOutcome outcome, std::optional<std::int64_t> version,
                                  std::string reason) {
                    r.outcome = outcome;
                    r.serverVersion = version;
                    r.error = std::move(reason);
                    c.query(
                        "INSERT INTO refused_ops (op_id, device_id, user_id, outcome, reason, at) "
                        "VALUES (?,?,?,?,?,?)",
                        {op.opId, op.deviceId, user.id, std::string(sync::opOutcomeName(outcome)),
                         r.error, now});
                };
                [&] {
                    auto applied =
                        c.query("SELECT device_id, result_version FROM applied_ops WHERE op_id = ?",
                                {op.opId});
                    if (applied.next()) {
                        // The same op again is a retry; the same id from another device is a
                        // replay.
                        if (applied.text(0) != op.deviceId)
                            answer(OpOutcome::Rejected, std::nullopt,
                                   "op " + op.opId + " was already applied for another device");
                        else
                            answer(OpOutcome::Duplicate, applied.integer(1), "");
                        return;
                    }
                    std::optional<DossierCode> code;
                    try {
                        code = DossierCode::parse(op.entityId);
                    } catch (const Error& e) {
                        answer(OpOutcome::Rejected, std::nullopt,
                               "entity_id is not a dossier code: " + std::string(e.what()));
                        return;
                    }
                    const std::string& ward = code->unitCode();
                    if (ward != user.ward) {
                        answer(OpOutcome::Rejected, std::nullopt,
                               "dossier " + op.entityId + " belongs to ward " + ward + ", not to " +
                                   user.ward);
                        return;
                    }
                    auto found =
                        c.query("SELECT id, version, status, payload FROM dossiers WHERE code = ?",
                                {op.entityId});
                    const bool exists = found.next();
                    std::int64_t version = 1;
                    std::string status;
                    std::string stored;
                    if (op.kind == sync::OpKind::DossierIntake) {
                        if (exists) {
                            answer(OpOutcome::Conflict, found.integer(1),
                                   "dossier " + op.entityId +
                                       " already exists on the server, created by another op");
                            return;
                        }
                        status = payloadString(payload, "status", "received");
                        stored = op.payload;
                        c.query(
                            "INSERT INTO dossiers (code, ward, day, version, status, payload, "
                            "created_op, "
                            "updated_at) VALUES (?,?,?,?,?,?,?,?)",
                            {op.entityId, ward, formatIsoDate(code->day()), version, status, stored,
                             op.opId, now});
                    } else {
                        if (!exists) {
                            answer(OpOutcome::Rejected, std::nullopt,
                                   "dossier " + op.entityId + " is not on the server");
                            return;
                        }
                        const std::int64_t current = found.integer(1);
                        if (current != op.baseVersion) {
                            answer(OpOutcome::Conflict, current,
                                   "dossier " + op.entityId + " is at version " +
                                       std::to_string(current) +
                                       " on the server, the op was made on version " +
                                       std::to_string(op.baseVersion));
                            return;
                        }
                        if (!approvalProblems[i].empty()) {
                            answer(OpOutcome::Rejected, std::nullopt, approvalProblems[i]);
                            return;
                        }
                        status = found.text(2);
                        json dossier = json::parse(found.text(3));
                        if (op.kind == sync::OpKind::DossierAction) {
                            status = payloadString(payload, "to", status);
                            dossier["status"] = status;
                            // The dossier as pulled carries its current due time.
                            // Also the names of result documents: a draft submitted for
                            // approval reaches the supervisor's desk this way (its blob went
                            // up before the op); a signed result only with a checked approval.
                            for (const char* key : {"due_at", "returned_at", "draft_sha256", "draft_file_name"})
                                if (const auto it = payload.find(key);
                                    it != payload.end() && it->is_string())
                                    dossier[key] = *it;
                            if (isApproval(op, payload)) {
                                dossier["result_sha256"] = payload["result_sha256"];
                                if (const auto it = payload.find("result_file_name"); it != payload.end() && it->is_string())
                                    dossier["result_file_name"] = *it;
                            }
                        } else if (payload.contains("applicant") &&
                                   payload["applicant"].is_object()) {
                            dossier["applicant"] = payload["applicant"];
                        }
                        version = current + 1;
                        dossier["version"] = version;
                        stored = dossier.dump();
                        c.query(
                            "UPDATE dossiers SET version = ?, status = ?, payload = ?, updated_at "
                            "= ? WHERE id = ?",
                            {version, status, stored, now, found.integer(0)});
                    }
                    const std::string kind(sync::opKindName(op.kind));
                    c.query(
                        "INSERT INTO applied_ops (op_id, device_id, device_seq, user_id, kind, "
                        "entity_id, "
                        "result_version, applied_at) VALUES (?,?,?,?,?,?,?,?)",
                        {op.opId, op.deviceId, op.seq, user.id, kind, op.entityId, version, now});
                    c.query(
                        "INSERT INTO changes (ward, kind, entity_id, version, status, payload, "
                        "op_id) "
                        "VALUES (?,?,?,?,?,?,?)",
                        {ward, kind, op.entityId, version, status, stored, op.opId});
                    r.serverVersion = version;
                }();
                result.results.push_back(std::move(r));
            }
            return result;
        });
    });
}

}  // namespace motcua::server
