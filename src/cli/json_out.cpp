// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "json_out.h"

#include "motcua/core/dossier_payload.h"

namespace motcua::cli {

using nlohmann::json;

namespace {
json optionalTime(const std::optional<LocalDateTime>& t) {
    return t ? json(formatIsoDateTime(*t)) : json(nullptr);
}
}  // namespace

std::string jsonText(const json& j, int indent) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json toJson(const Dossier& d, LocalDateTime now, bool full) {
    json j = {{"code", d.code},
              {"id", d.id},
              {"status", statusName(d.status)},
              {"procedure", d.procedureCode},
              {"procedure_name", d.procedureName},
              {"applicant_name", d.applicant.fullName},
              {"applicant_id", d.applicant.idNumber},
              {"received_at", formatIsoDateTime(d.receivedAt)},
              {"due_at", formatIsoDateTime(d.dueAt)},
              {"returned_at", optionalTime(d.returnedAt)},
              {"overdue", d.isOverdue(now)},
              {"channel", channelName(d.channel)},
              {"fee_vnd", d.fee.vnd},
              {"version", d.version}};
    if (!full) return j;
    // The dossier as the payload codec writes it (the desk's intake op, the server's copy), with
    // the absent times and reference shown as null and "" so a reader finds every key.
    j.update(json::parse(payload::encodeDossier(d)));
    // The citizen's tracking key is printed on the receipt only.
    j.erase(std::string(payload::kTrackingKey));
    j["id"] = d.id;
    j["returned_at"] = optionalTime(d.returnedAt);
    j["submitted_at"] = optionalTime(d.submittedAt);
    j["portal_ref"] = d.portalRef;
    j["digitised"] = d.isDigitised();
    for (std::size_t i = 0; i < d.documents.size(); ++i)
        j["documents"][i]["digitised"] = !d.documents[i].files.empty();
    json actions = json::array();
    for (auto a : allowedActions(d.status)) actions.push_back(actionName(a));
    j["allowed_actions"] = actions;
    return j;
}

json toJson(const store::InboxEntry& e) {
    const Dossier& d = e.dossier;
    return {{"code", d.code},
            {"applicant", d.applicant.fullName},
            {"procedure", d.procedureCode},
            {"procedure_name", d.procedureName},
            {"channel", channelName(d.channel)},
            {"submitted_at", formatIsoDateTime(d.submittedAt.value_or(d.receivedAt))},
            {"decide_by", formatIsoDateTime(d.dueAt)},
            {"overdue", e.overdue},
            {"working_minutes_left", e.workingTimeLeft.count()},
            {"supplement_requests", e.supplementRequests},
            {"version", d.version}};
}

json toJson(const Procedure& p) {
    json docs = json::array();
    for (const auto& d : p.documents)
        docs.push_back({{"name", d.name}, {"form", documentFormName(d.form)}, {"count", d.count}});
    json limit = {{"unit", timeLimitUnitName(p.limit.unit)}, {"value", p.limit.value}};
    if (const auto cutoff = p.effectiveLimit().cutoff) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:%02d", int(cutoff->count() / 60),
                      int(cutoff->count() % 60));
        limit["cutoff"] = buf;
    }
    json fee = {
        {"kind", feeKindName(p.fee.kind)}, {"amount", p.fee.amount.vnd}, {"note", p.fee.note}};
    if (p.fee.kind == FeeRule::Kind::PerPageTiered) {
        fee["tier_pages"] = p.fee.tierPages;
        fee["later_amount"] = p.fee.laterAmount.vnd;
    }
    if (p.fee.maxPerCopy) fee["max_per_copy"] = p.fee.maxPerCopy->vnd;
    return {{"code", p.code},      {"name", p.name}, {"sector", p.sector}, {"unit", p.unit},
            {"time_limit", limit}, {"fee", fee},     {"documents", docs}};
}

json toJson(const store::HistoryEntry& e) {
    return {{"seq", e.seq},
            {"at", formatIsoDateTime(e.at)},
            {"actor", e.actor},
            {"action", e.action},
            {"from", e.fromStatus ? json(statusName(*e.fromStatus)) : json(nullptr)},
            {"to", statusName(e.toStatus)},
            {"reason", e.reason},
            {"due_at", optionalTime(e.dueAt)}};
}

json toJson(const store::OutboxOp& op) {
    return {{"seq", op.seq},
            {"op_id", op.opId},
            {"device_id", op.deviceId},
            {"kind", op.kind},
            {"entity_id", op.entityId},
            {"base_version", op.baseVersion},
            {"state", opStateName(op.state)},
            {"created_at", formatIsoDateTime(op.createdAt)},
            {"payload", json::parse(op.payload, nullptr, false)},
            {"result", op.result.empty() ? json(nullptr) : json::parse(op.result, nullptr, false)}};
}

}  // namespace motcua::cli
