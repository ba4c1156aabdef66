// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "dossier_list.h"

#include <algorithm>

#include "motcua/core/vietnamese_text.h"
#include "ui_text.h"

namespace motcua::app {

DossierList::DossierList(wxWindow* parent)
    : RowList(parent, "dossierList",
              {{_("Dossier code"), 235},
               {_("Applicant"), 175},
               {_("Procedure"), 245},
               {_("Received"), 130},
               {_("Due"), 130},
               {_("Status"), 150},
               {_("Channel"), 110}}) {
    m_overdue.SetTextColour(wxColour(176, 0, 32));
    // Red, not bold: a bold "(overdue)" no longer fitted the status column and was cut.
    Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) { sortBy(e.GetColumn()); });
}

void DossierList::setRows(std::vector<Dossier> rows, LocalDateTime now) {
    m_now = now;
    replaceRows(std::move(rows), [this] { sortRows(); });
}

void DossierList::sortBy(int column) {
    m_ascending = column == m_sortColumn ? !m_ascending : true;
    m_sortColumn = column;
    sortRows();
    Refresh();
}

void DossierList::sortRows() {
    if (m_sortColumn < 0) return;  // newest first, as loaded
    auto key = [this](const Dossier& d) -> std::string {
        switch (m_sortColumn) {
            case Code:
                return d.code;
            case Applicant:
                return foldForSearch(d.applicant.fullName);
            case Procedure:
                return foldForSearch(d.procedureName);
            case Received:
                return formatIsoDateTime(d.receivedAt);
            case Due:
                return formatIsoDateTime(d.dueAt);
            case Status:
                return std::string(statusName(d.status));
            case ChannelColumn:
                return std::string(channelName(d.channel));
        }
        return {};
    };
    std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Dossier& a, const Dossier& b) {
        return m_ascending ? key(a) < key(b) : key(b) < key(a);
    });
}

wxString DossierList::OnGetItemText(long item, long column) const {
    const Dossier& d = row(item);
    switch (column) {
        case Code:
            return fromUtf8(d.code);
        case Applicant:
            return fromUtf8(d.applicant.fullName);
        case Procedure:
            return fromUtf8(d.procedureName);
        case Received:
            return shortTime(d.receivedAt);
        case Due:
            return shortTime(d.dueAt);
        case Status:
            return d.isOverdue(m_now) ? wxString::Format(_("%s (overdue)"), statusLabel(d.status))
                                      : statusLabel(d.status);
        case ChannelColumn:
            return channelLabel(d.channel);
    }
    return {};
}

wxItemAttr* DossierList::OnGetItemAttr(long item) const {
    return row(item).isOverdue(m_now) ? &m_overdue : nullptr;
}

}  // namespace motcua::app
