// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <vector>

#include "motcua/store/dossier_types.h"
#include "row_list.h"

namespace motcua::app {

inline const std::string& inboxEntryCode(const store::InboxEntry& e) {
    return e.dossier.code;
}

/// The online inbox: submissions from the portal waiting for the ward's decision, earliest
/// deadline first, with what is left of the decision's working time. A deadline past is red,
/// one within two working hours is orange and bold.
class InboxList : public RowList<store::InboxEntry, inboxEntryCode> {
public:
    enum Column { Code, Applicant, Procedure, Channel, Submitted, DecideBy, TimeLeft, ColumnCount };

    explicit InboxList(wxWindow* parent);
    void setRows(std::vector<store::InboxEntry> rows);

    /// "3 giờ 30 phút", "45 phút", "quá hạn 1 giờ 10 phút": the working time left, or how much
    /// of it is past; past a deadline with no working time gone yet (at night): "quá hạn".
    static wxString timeLeftText(const store::InboxEntry& entry);
    /// Near: under two working hours left, not yet past.
    static bool isNear(const store::InboxEntry& entry);

private:
    wxString OnGetItemText(long item, long column) const override;
    wxItemAttr* OnGetItemAttr(long item) const override;

    mutable wxItemAttr m_past;
    mutable wxItemAttr m_near;
};

}  // namespace motcua::app
