// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "inbox_list.h"

#include "ui_text.h"

namespace motcua::app {

InboxList::InboxList(wxWindow* parent)
    : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                 wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES) {
    SetName("inboxList");
    AppendColumn(_("Dossier code"), wxLIST_FORMAT_LEFT, FromDIP(200));
    AppendColumn(_("Applicant"), wxLIST_FORMAT_LEFT, FromDIP(170));
    AppendColumn(_("Procedure"), wxLIST_FORMAT_LEFT, FromDIP(240));
    AppendColumn(_("Channel"), wxLIST_FORMAT_LEFT, FromDIP(100));
    AppendColumn(_("Submitted"), wxLIST_FORMAT_LEFT, FromDIP(125));
    AppendColumn(_("Decide by"), wxLIST_FORMAT_LEFT, FromDIP(125));
    AppendColumn(_("Time left"), wxLIST_FORMAT_LEFT, FromDIP(130));
    m_past.SetTextColour(wxColour(176, 0, 32));
    m_near.SetTextColour(wxColour(168, 84, 0));
    m_near.SetFont(GetFont().Bold());
}

void InboxList::setRows(std::vector<store::InboxEntry> rows) {
    const std::string keep = selected() ? selected()->dossier.code : std::string();
    m_rows = std::move(rows);
    SetItemCount(long(m_rows.size()));
    Refresh();
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (!keep.empty() && m_rows[i].dossier.code == keep)
            SetItemState(long(i), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
}

const store::InboxEntry* InboxList::selected() const {
    const long item = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    return item >= 0 && std::size_t(item) < m_rows.size() ? &m_rows[std::size_t(item)] : nullptr;
}

wxString InboxList::timeLeftText(const store::InboxEntry& entry) {
    const std::chrono::minutes left = entry.workingTimeLeft;
    const long long total = left.count() < 0 ? -left.count() : left.count();
    if (entry.overdue && left.count() >= 0) return _("Overdue");
    const long long hours = total / 60, minutes = total % 60;
    wxString text;
    if (hours > 0 && minutes > 0)
        text = wxString::Format(_("%lld h %lld min"), hours, minutes);
    else if (hours > 0)
        text = wxString::Format(_("%lld h"), hours);
    else
        text = wxString::Format(_("%lld min"), minutes);
    // TRANSLATORS: the decision deadline passed this much working time ago
    return left.count() < 0 ? wxString::Format(_("%s overdue"), text) : text;
}

bool InboxList::isNear(const store::InboxEntry& entry) {
    return !entry.overdue && entry.workingTimeLeft < std::chrono::hours(2);
}

wxString InboxList::OnGetItemText(long item, long column) const {
    const store::InboxEntry& e = m_rows[std::size_t(item)];
    const Dossier& d = e.dossier;
    switch (column) {
        case Code:
            return fromUtf8(d.code);
        case Applicant:
            return fromUtf8(d.applicant.fullName);
        case Procedure:
            return fromUtf8(d.procedureName.empty() ? d.procedureCode : d.procedureName);
        case Channel:
            return channelLabel(d.channel);
        case Submitted:
            return shortTime(d.submittedAt.value_or(d.receivedAt));
        case DecideBy:
            return shortTime(d.dueAt);
        case TimeLeft:
            return timeLeftText(e);
    }
    return {};
}

wxItemAttr* InboxList::OnGetItemAttr(long item) const {
    const store::InboxEntry& e = m_rows[std::size_t(item)];
    if (e.overdue) return &m_past;
    return isNear(e) ? &m_near : nullptr;
}

}  // namespace motcua::app
