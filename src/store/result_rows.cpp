// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "result_rows.h"

#include "internal.h"
#include "motcua/core/date_time.h"
#include "motcua/core/electronic_result.h"

namespace motcua::store {

ResultRows::ResultRows(Database& db)
    : m_count(db,
              "SELECT count(*) FROM dossier_results WHERE dossier_id = ? AND result_code <> '' "
              "AND sha256 <> ?"),
      m_insert(db,
               "INSERT OR IGNORE INTO dossier_results (dossier_id, sha256, file_name, signed, "
               "added_at, result_code, size) VALUES (?,?,?,?,?,?,?)"),
      m_clearCodes(db, "UPDATE dossier_results SET result_code = '' WHERE dossier_id = ?"),
      m_setCode(db,
                "UPDATE dossier_results SET result_code = ?, size = ?, signed = 1 WHERE "
                "dossier_id = ? AND sha256 = ?") {}

std::string ResultRows::keep(const Dossier& d, const Attachment& document, bool isSigned,
                             const std::string& at) {
    std::string code;
    if (isSigned) {
        m_count.reset();
        m_count.bind(1, d.id).bind(2, document.sha256);
        m_count.step();
        code = electronicResultCode(d.code, static_cast<int>(m_count.getInt(0)) + 1);
    }
    m_insert.reset();
    m_insert.bind(1, d.id).bind(2, document.sha256).bind(3, document.fileName);
    m_insert.bind(4, isSigned ? 1 : 0).bind(5, at).bind(6, code).bind(7, document.size).run();
    // The same bytes kept before (an approval redone): the row takes the code it gets now.
    if (isSigned) {
        m_setCode.reset();
        m_setCode.bind(1, code).bind(2, document.size).bind(3, d.id).bind(4, document.sha256).run();
    }
    return code;
}

void ResultRows::adopt(const Dossier& incoming, const std::vector<Attachment>& named,
                       bool namedAreSigned, const std::string& at) {
    for (const auto& doc : named) {
        m_insert.reset();
        m_insert.bind(1, incoming.id).bind(2, doc.sha256).bind(3, doc.fileName);
        m_insert.bind(4, namedAreSigned ? 1 : 0)
            .bind(5, at)
            .bind(6, std::string())
            .bind(7, doc.size);
        m_insert.run();
    }
    if (!namedAreSigned) return;
    m_clearCodes.reset();
    m_clearCodes.bind(1, incoming.id).run();
    for (const auto& r : incoming.electronicResults) {
        m_insert.reset();
        m_insert.bind(1, incoming.id).bind(2, r.sha256).bind(3, r.fileName).bind(4, 1);
        m_insert.bind(5, formatIsoDateTime(r.approvedAt)).bind(6, r.code).bind(7, r.size).run();
        m_setCode.reset();
        m_setCode.bind(1, r.code).bind(2, r.size).bind(3, incoming.id).bind(4, r.sha256).run();
    }
}

std::vector<ElectronicResult> electronicResultsOf(Database& db, std::int64_t dossierId) {
    Statement st(db,
                 "SELECT result_code, sha256, file_name, size, added_at FROM dossier_results "
                 "WHERE dossier_id = ? AND result_code <> '' ORDER BY result_code");
    st.bind(1, dossierId);
    std::vector<ElectronicResult> results;
    while (st.step()) {
        const std::string code = st.getText(0);
        results.push_back({code, st.getText(1), st.getText(2), st.getInt(3),
                           storedTime(st.getText(4), "the time of electronic result " + code)});
    }
    return results;
}

}  // namespace motcua::store
