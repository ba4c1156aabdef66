// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/store/history_import.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "dossier_rows.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

namespace {

/// The last number a counter table holds for (key, desk), 0 if none: an import continues
/// numbering after whatever real intakes have issued.
int lastIssued(Database& db, const std::string& table, const std::string& keyColumn,
               const std::string& key, int desk) {
    const std::string deskColumn = table == "daily_sequence" ? "desk" : "book";
    Statement st(db, "SELECT last FROM " + table + " WHERE " + keyColumn + " = ? AND " +
                         deskColumn + " = ?");
    st.bind(1, key).bind(2, desk);
    return st.step() ? int(st.getInt(0)) : 0;
}

}  // namespace

struct HistoryImport::Impl {
    Impl(Store& store, std::string a)
        : db(implOf(store).db),
          ward(implOf(store).requireSettings()),
          nowIso(implOf(store).nowIso()),
          action(std::move(a)) {}

    Database& db;
    const WardSettings ward;
    const std::string nowIso;
    const std::string action;
    std::map<std::pair<std::string, int>, int> sequences;  // (day, desk) -> last number issued
    std::map<std::pair<int, int>, int> registers;          // (year, book) -> last entry
    // One batch: its transaction and the statements prepared once for it.
    std::optional<Transaction> tx;
    std::optional<DossierWriter> writer;
    std::optional<AuditLog> audit;

    void close() {
        audit.reset();
        writer.reset();
        tx.reset();
    }
};

HistoryImport::HistoryImport(Store& store, std::string action)
    : m_impl(std::make_unique<Impl>(store, std::move(action))) {}

HistoryImport::~HistoryImport() = default;

int HistoryImport::nextCodeNumber(Date day, int desk) {
    const std::string dayIso = formatIsoDate(day);
    auto it = m_impl->sequences.find({dayIso, desk});
    if (it == m_impl->sequences.end())
        it = m_impl->sequences
                 .emplace(std::pair{dayIso, desk},
                          lastIssued(m_impl->db, "daily_sequence", "day", dayIso, desk))
                 .first;
    return ++it->second;
}

int HistoryImport::nextRegisterEntry(int year, int book) {
    auto it = m_impl->registers.find({year, book});
    if (it == m_impl->registers.end())
        it = m_impl->registers
                 .emplace(std::pair{year, book}, lastIssued(m_impl->db, "register_sequence", "year",
                                                            std::to_string(year), book))
                 .first;
    return ++it->second;
}

void HistoryImport::add(Dossier& d) {
    auto& im = *m_impl;
    if (!im.tx) {
        im.tx.emplace(im.db);
        im.writer.emplace(im.db);
        im.audit.emplace(im.db);
    }
    im.writer->insert(d, im.nowIso);
    im.audit->append({im.nowIso, im.ward.officerName, im.action, d.id, d.code, std::nullopt,
                      std::string(statusName(d.status)),
                      json{{"received_at", formatIsoDateTime(d.receivedAt)}}.dump()});
}

void HistoryImport::commitBatch() {
    if (!m_impl->tx) return;
    m_impl->tx->commit();
    m_impl->close();
}

void HistoryImport::finish(const std::string& action, const std::string& entity,
                           const std::string& detailJson) {
    commitBatch();
    auto& db = m_impl->db;
    // Real intakes continue each desk's numbering after the import's.
    Transaction tx(db);
    // Each counter (its two key columns) rises to the import's last number, never falls.
    const auto raise = [&](const char* sql, const auto& lasts) {
        Statement st(db, sql);
        for (const auto& [key, last] : lasts) {
            st.reset();
            st.bind(1, key.first).bind(2, key.second).bind(3, last).run();
        }
    };
    raise(
        "INSERT INTO daily_sequence (day, desk, last) VALUES (?, ?, ?) "
        "ON CONFLICT (day, desk) DO UPDATE SET last = max(last, excluded.last)",
        m_impl->sequences);
    raise(
        "INSERT INTO register_sequence (year, book, last) VALUES (?, ?, ?) "
        "ON CONFLICT (year, book) DO UPDATE SET last = max(last, excluded.last)",
        m_impl->registers);
    appendAudit(db, {m_impl->nowIso, m_impl->ward.officerName, action, std::nullopt, entity,
                     std::nullopt, std::nullopt, detailJson});
    tx.commit();
}

}  // namespace motcua::store
