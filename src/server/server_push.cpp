// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Push: ops applied in order, once each, in one transaction per request. The server applies,
// never trusts: each op is checked against the server's own copy of the dossier by op_rules,
// approvals against their signed result (approval.cpp), and anything refused is answered
// `rejected` with the reason, changing nothing, while the rest of the batch goes on.
#include <map>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_code.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "op_rules.h"
#include "server_store_impl.h"

namespace motcua::server {

using json = nlohmann::json;

namespace {

bool namesApproval(const sync::Op& op, const json& payload) {
    if (op.kind != sync::OpKind::DossierAction) return false;
    const auto action = payload.find(payload::kAction);
    const auto sha = payload.find(payload::kResultSha256);
    return action != payload.end() && *action == actionName(DossierAction::Approve) &&
           sha != payload.end() && sha->is_string() && isSha256Hex(sha->get<std::string>());
}

/// A reason as the desk's decoder takes it (sync::kMaxTextBytes), cut on a character boundary.
std::string fitted(std::string reason) {
    constexpr std::size_t kMax = sync::kMaxTextBytes - 24;
    if (reason.size() <= kMax) return reason;
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason.resize(cut);
    return reason + "...";
}

/// The account an op names as its author, looked up once per push: it must be of the
/// session's ward. An op without one is the session's.
class Authors {
public:
    Authors(sql::Connection& c, const User& session) : m_c(c), m_session(session) {}

    const User& of(const sync::Op& op) {
        if (op.author.empty() || op.author == m_session.username) return m_session;
        auto it = m_found.find(op.author);
        if (it == m_found.end()) {
            std::optional<User> user;
            auto rows = m_c.query(
                "SELECT id, username, full_name, role, ward FROM users WHERE username = ?",
                {op.author});
            if (rows.next())
                user =
                    User{rows.integer(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4)};
            it = m_found.emplace(op.author, std::move(user)).first;
        }
        if (!it->second || it->second->ward != m_session.ward)
            throw rules::Refused{"the op's author " + rules::shown(op.author) +
                                 " is not an account of ward " + m_session.ward};
        return *it->second;
    }

private:
    sql::Connection& m_c;
    const User& m_session;
    std::map<std::string, std::optional<User>> m_found;
};

}  // namespace

sync::PushResult ServerStore::push(const User& user, const sync::PushRequest& request) {
    using sync::OpOutcome;
    std::vector<json> payloads;
    payloads.reserve(request.ops.size());
    for (const auto& op : request.ops) payloads.push_back(json::parse(op.payload));
    // Signed results are verified before the transaction: checking signatures takes a while,
    // and reads only blobs, which are never removed once complete. Whether one is bound to its
    // dossier is decided inside, against the dossier as the earlier ops left it.
    // Each result is verified once per push, however many ops name it.
    std::vector<SignedResult> signedResults(request.ops.size());
    std::map<std::string, SignedResult> verified;
    storage([&] {
        for (std::size_t i = 0; i < request.ops.size(); ++i) {
            if (!namesApproval(request.ops[i], payloads[i])) continue;
            const std::string sha = payloads[i][payload::kResultSha256].get<std::string>();
            auto it = verified.find(sha);
            if (it == verified.end())
                it = verified.emplace(sha, m_impl->verifyResult(user, sha)).first;
            signedResults[i] = it->second;
        }
    });

    // One instant for the whole push: its stamps and its "not in the future" checks.
    const auto instant = m_impl->clock->now();
    const std::int64_t now = unixSeconds(instant);
    bool noticed = false;
    auto pushed = storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            noticed = false;  // a transaction run again starts from scratch
            // One writer per ward: no lost update between desks, and the ward's change log
            // commits in sequence order.
            c.lockWard(user.ward);
            Authors authors(c, user);
            sync::PushResult result;
            for (std::size_t i = 0; i < request.ops.size(); ++i) {
                const sync::Op& op = request.ops[i];
                const json& payload = payloads[i];
                sync::OpResult r{op.opId, OpOutcome::Applied, std::nullopt, ""};
                auto answer = [&](OpOutcome outcome, std::optional<std::int64_t> version,
                                  std::string reason) {
                    r.outcome = outcome;
                    r.serverVersion = version;
                    r.error = fitted(std::move(reason));
                    c.query(
                        "INSERT INTO refused_ops (op_id, device_id, user_id, outcome, reason, at) "
                        "VALUES (?,?,?,?,?,?)",
                        {op.opId, op.deviceId, user.id, std::string(sync::opOutcomeName(outcome)),
                         r.error, now});
                };
                try {
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
                        result.results.push_back(std::move(r));
                        continue;
                    }
                    std::optional<DossierCode> code;
                    try {
                        code = DossierCode::parse(op.entityId);
                    } catch (const Error& e) {
                        throw rules::Refused{"entity_id is not a dossier code: " +
                                             std::string(e.what())};
                    }
                    const std::string& ward = code->unitCode();
                    if (ward != user.ward)
                        throw rules::Refused{"dossier " + op.entityId + " belongs to ward " + ward +
                                             ", not to " + user.ward};
                    // Codes 0001-0999 of a day are the server's, for online submissions.
                    if (op.kind == sync::OpKind::DossierIntake && code->desk() == 0)
                        throw rules::Refused{"dossier codes " + ward +
                                             "-YYMMDD-0001 to -0999 are the server's, for "
                                             "online submissions; a desk's have a desk number"};
                    const User& author = authors.of(op);
                    auto found = c.query("SELECT id, version, payload FROM dossiers WHERE code = ?",
                                         {op.entityId});
                    const bool exists = found.next();
                    std::int64_t version = 1;
                    json dossier;
                    std::optional<DossierAction> decision;  ///< on a submission: a notice
                    if (op.kind == sync::OpKind::DossierIntake) {
                        if (exists) {
                            answer(OpOutcome::Conflict, found.integer(1),
                                   "dossier " + op.entityId +
                                       " already exists on the server, created by another op");
                            result.results.push_back(std::move(r));
                            continue;
                        }
                        dossier = rules::intakeDossier(op.entityId, op.payload);
                        c.query(
                            "INSERT INTO dossiers (code, ward, day, version, status, payload, "
                            "created_op, "
                            "updated_at) VALUES (?,?,?,?,?,?,?,?)",
                            {op.entityId, ward, formatIsoDate(code->day()), version,
                             dossier["status"].get<std::string>(), dossier.dump(), op.opId, now});
                    } else {
                        if (!exists)
                            throw rules::Refused{"dossier " + op.entityId +
                                                 " is not on the server"};
                        const std::int64_t current = found.integer(1);
                        if (current != op.baseVersion) {
                            answer(OpOutcome::Conflict, current,
                                   "dossier " + op.entityId + " is at version " +
                                       std::to_string(current) +
                                       " on the server, the op was made on version " +
                                       std::to_string(op.baseVersion));
                            result.results.push_back(std::move(r));
                            continue;
                        }
                        dossier = json::parse(found.text(2));
                        if (op.kind == sync::OpKind::DossierAction) {
                            const std::string draft =
                                dossier.value(payload::kDraftSha256, std::string());
                            const auto effect =
                                rules::applyAction(dossier, payload, author.role, instant);
                            if (effect.action == DossierAction::Approve) {
                                const std::string problem =
                                    m_impl->bindingProblem(c, signedResults[i], draft, author);
                                if (!problem.empty()) throw rules::Refused{problem};
                                m_impl->keepElectronicResult(c, ward, dossier, payload,
                                                             signedResults[i], op.opId, instant);
                                noticed = true;
                            }
                            if (rules::isSubmissionDecision(effect.action, effect.from)) {
                                m_impl->requireForm(c, ward, dossier);
                                decision = effect.action;
                            }
                        } else if (op.kind == sync::OpKind::DossierFiles) {
                            rules::applyDocumentFiles(dossier, payload);
                        } else {
                            rules::applyEdit(dossier, payload);
                        }
                        version = current + 1;
                        dossier["version"] = version;
                        c.query(
                            "UPDATE dossiers SET version = ?, status = ?, payload = ?, updated_at "
                            "= ? WHERE id = ?",
                            {version, dossier["status"].get<std::string>(), dossier.dump(), now,
                             found.integer(0)});
                        if (decision) {
                            m_impl->addNotice(
                                c, ward, dossier, payload,
                                {rules::noticeKind(*decision),
                                 dossier.value(payload::kFormSha256, std::string()),
                                 dossier.value(payload::kFormFileName, std::string("form.pdf"))},
                                instant);
                            noticed = true;
                        }
                    }
                    const std::string kind(sync::opKindName(op.kind));
                    const std::string stored = dossier.dump();
                    c.query(
                        "INSERT INTO applied_ops (op_id, device_id, device_seq, user_id, kind, "
                        "entity_id, "
                        "result_version, applied_at) VALUES (?,?,?,?,?,?,?,?)",
                        {op.opId, op.deviceId, op.seq, author.id, kind, op.entityId, version, now});
                    c.query(
                        "INSERT INTO changes (ward, kind, entity_id, version, status, payload, "
                        "op_id) "
                        "VALUES (?,?,?,?,?,?,?)",
                        {ward, kind, op.entityId, version, dossier["status"].get<std::string>(),
                         stored, op.opId});
                    r.serverVersion = version;
                } catch (const rules::Refused& refused) {
                    answer(OpOutcome::Rejected, std::nullopt, refused.reason);
                }
                result.results.push_back(std::move(r));
            }
            return result;
        });
    });
    if (noticed) m_impl->noticesAdded();
    return pushed;
}

}  // namespace motcua::server
