// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "store_impl.h"
#include "motcua/core/sha256.h"
#include "motcua/core/uuid.h"

namespace motcua::store {

namespace {

const std::string kGenesis(64, '0');

constexpr char kField = '\x1f';  // ASCII unit separator: cannot occur in UTF-8 text we store

}  // namespace

std::string auditHash(std::string_view prevHash, std::int64_t seq, const AuditRecord& r) {
    Sha256 h;
    h.update(prevHash);
    const std::string fields[] = {std::to_string(seq),
                                  r.at,
                                  r.actor,
                                  r.action,
                                  r.dossierId ? std::to_string(*r.dossierId) : std::string(),
                                  r.entity,
                                  r.fromStatus.value_or(""),
                                  r.toStatus.value_or(""),
                                  r.detail};
    for (const auto& field : fields) {
        h.update(&kField, 1);
        h.update(field);
    }
    return toHex(h.finish());
}

AuditLog::AuditLog(Database& db)
    : m_insert(db,
               "INSERT INTO audit (seq, at, actor, action, dossier_id, entity, from_status, "
               "to_status, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
      m_lastHash(kGenesis) {
    Statement last(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
        m_lastSeq = last.getInt(0);
        m_lastHash = last.getText(1);
    }
}

void AuditLog::append(const AuditRecord& record) {
    const std::int64_t seq = m_lastSeq + 1;
    std::string hash = auditHash(m_lastHash, seq, record);
    Statement& insert = m_insert;
    insert.reset();
    insert.bind(1, seq).bind(2, record.at).bind(3, record.actor).bind(4, record.action);
    if (record.dossierId)
        insert.bind(5, *record.dossierId);
    else
        insert.bindNull(5);
    insert.bind(6, record.entity).bind(7, record.fromStatus).bind(8, record.toStatus);
    insert.bind(9, record.detail).bind(10, m_lastHash).bind(11, hash);
    insert.run();
    m_lastSeq = seq;
    m_lastHash = std::move(hash);
}

AuditCheck verifyAuditChain(Database& db) {
    AuditCheck check;
    Statement st(
        db,
        "SELECT seq, at, actor, action, dossier_id, entity, from_status, to_status, detail, "
        "prev_hash, hash FROM audit ORDER BY seq");
    std::string expectedPrev = kGenesis;
    std::int64_t expectedSeq = 1;
    while (st.step()) {
        AuditRecord r;
        const std::int64_t seq = st.getInt(0);
        r.at = st.getText(1);
        r.actor = st.getText(2);
        r.action = st.getText(3);
        if (!st.isNull(4)) r.dossierId = st.getInt(4);
        r.entity = st.getText(5);
        r.fromStatus = st.getOptionalText(6);
        r.toStatus = st.getOptionalText(7);
        r.detail = st.getText(8);
        const std::string prev = st.getText(9);
        const std::string hash = st.getText(10);
        ++check.entries;
        auto broken = [&](std::string problem) {
            check.ok = false;
            check.firstBrokenSeq = seq;
            check.problem = std::move(problem);
        };
        if (seq != expectedSeq)
            broken("entry " + std::to_string(expectedSeq) + " is missing");
        else if (prev != expectedPrev)
            broken("entry " + std::to_string(seq) + " does not follow the previous entry's hash");
        else if (auditHash(prev, seq, r) != hash)
            broken("entry " + std::to_string(seq) + " was altered (its hash does not match)");
        if (!check.ok) return check;
        expectedPrev = hash;
        expectedSeq = seq + 1;
    }
    return check;
}

std::string enqueueOutbox(Database& db, const std::string& deviceId, const std::string& kind,
                          const std::string& entityId, int baseVersion, const std::string& payload,
                          const std::string& createdAt) {
    std::string opId = newUuid();
    Statement st(db,
                 "INSERT INTO outbox (op_id, device_id, kind, entity_id, base_version, payload, "
                 "created_at, author) VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, opId).bind(2, deviceId).bind(3, kind).bind(4, entityId).bind(5, baseVersion);
    st.bind(6, payload).bind(7, createdAt).bind(8, settingValue(db, kOfficerUsernameKey)).run();
    return opId;
}

AuditCheck Audit::verify() {
    return verifyAuditChain(implOf(m_store).db);
}

}  // namespace motcua::store
