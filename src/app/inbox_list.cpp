// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "inbox_list.h"

#include "ui_text.h"

namespace motcua::app {

InboxList::InboxList(wxWindow* parent)
    : RowList(parent, "inboxList",
              {{_("Dossier code"), 200},
               {_("Applicant"), 170},
               {_("Procedure"), 240},
               {_("Channel"), 100},
               {_("Submitted"), 125},
               {_("Decide by"), 125},
               {_("Time left"), 130}}) {
    m_past.SetTextColour(wxColour(176, 0, 32));
    m_near.SetTextColour(wxColour(168, 84, 0));
    m_near.SetFont(GetFont().Bold());
}

void InboxList::setRows(std::vector<store::InboxEntry> rows) {
    replaceRows(std::move(rows), [] {});
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
    const store::InboxEntry& e = row(item);
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
    const store::InboxEntry& e = row(item);
    if (e.overdue) return &m_past;
    return isNear(e) ? &m_near : nullptr;
}

}  // namespace motcua::app
