// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The day's report: what the desk received and returned on one day.
#include <map>

#include "dossier_rows.h"
#include "motcua/store/dossiers.h"
#include "store_impl.h"

namespace motcua::store {

DayReport Dossiers::dayReport(Date day) {
    const std::string from = formatIsoDate(day);
    const std::string to = formatIsoDate(Date{Days{day} + std::chrono::days{1}});
    // Received that day (the index's range), or returned that day (a scan: returned_at has no
    // index, and a day's report is asked for once a day).
    // A submission is the ward's only once accepted (then received_at is the acceptance).
    Statement st(implOf(m_store).db,
                 std::string("SELECT procedure_code, procedure_name, status, fee_vnd, "
                             "       received_at >= ?1 AND received_at < ?2, "
                             "       coalesce(returned_at >= ?1 AND returned_at < ?2, 0) "
                             "FROM dossiers d WHERE ((received_at >= ?1 AND received_at < ?2) OR "
                             "(returned_at >= ?1 AND returned_at < ?2)) AND ") +
                     kAcceptedByWard + " ORDER BY procedure_code");
    st.bind(1, from).bind(2, to);
    DayReport report;
    report.day = day;
    std::map<std::string, DayReport::Line> lines;
    while (st.step()) {
        auto& line = lines[st.getText(0)];
        line.procedureCode = st.getText(0);
        line.procedureName = st.getText(1);
        const auto status = parseStatus(st.getText(2));
        if (!status)
            throw StoreError(StoreError::Code::Sql,
                             "a dossier has the unknown status " + st.getText(2));
        if (st.getInt(4) != 0) {
            ++line.received;
            line.fees += Money{st.getInt(3)};
            ++report.received;
            report.fees += Money{st.getInt(3)};
            if (isPending(*status)) ++report.stillPending;
        }
        if (st.getInt(5) != 0) {
            ++line.returned;
            ++report.returned;
        }
    }
    for (auto& [code, line] : lines) report.procedures.push_back(std::move(line));
    return report;
}

}  // namespace motcua::store
