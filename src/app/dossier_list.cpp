// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "dossier_list.h"

#include <algorithm>

#include "motcua/core/vietnamese_text.h"
#include "ui_text.h"

namespace motcua::app {

DossierList::DossierList(wxWindow* parent)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES) {
    SetName("dossierList");
    AppendColumn(_("Dossier code"), wxLIST_FORMAT_LEFT, FromDIP(235));
    AppendColumn(_("Applicant"), wxLIST_FORMAT_LEFT, FromDIP(175));
    AppendColumn(_("Procedure"), wxLIST_FORMAT_LEFT, FromDIP(245));
    AppendColumn(_("Received"), wxLIST_FORMAT_LEFT, FromDIP(130));
    AppendColumn(_("Due"), wxLIST_FORMAT_LEFT, FromDIP(130));
    AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, FromDIP(150));
    AppendColumn(_("Channel"), wxLIST_FORMAT_LEFT, FromDIP(110));
    m_overdue.SetTextColour(wxColour(176, 0, 32));
    // Red, not bold: a bold "(overdue)" no longer fitted the status column and was cut.
    Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) { sortBy(e.GetColumn()); });
}

void DossierList::setRows(std::vector<Dossier> rows, LocalDateTime now) {
    const wxString keep = selected() ? fromUtf8(selected()->code) : wxString();
    m_rows = std::move(rows);
    m_now = now;
    sortRows();
    SetItemCount(long(m_rows.size()));
    Refresh();
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (!keep.empty() && fromUtf8(m_rows[i].code) == keep)
            SetItemState(long(i), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
}

const Dossier* DossierList::selected() const {
    const long item = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return item >= 0 && std::size_t(item) < m_rows.size() ? &m_rows[std::size_t(item)] : nullptr;
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
    const Dossier& d = m_rows[std::size_t(item)];
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
    return m_rows[std::size_t(item)].isOverdue(m_now) ? &m_overdue : nullptr;
}

}  // namespace motcua::app
