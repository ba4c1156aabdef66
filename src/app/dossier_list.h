// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/listctrl.h>

#include <vector>

#include "motcua/core/dossier.h"

namespace motcua::app {

/// The dossier list: a virtual report list over rows the main window loads; sortable by column,
/// overdue rows marked.
class DossierList : public wxListCtrl {
public:
    enum Column { Code, Applicant, Procedure, Received, Due, Status, ChannelColumn, ColumnCount };

    explicit DossierList(wxWindow* parent);
    void setRows(std::vector<Dossier> rows, LocalDateTime now);
    const Dossier* selected() const;
    const std::vector<Dossier>& rows() const { return m_rows; }
    void sortBy(int column);

private:
    wxString OnGetItemText(long item, long column) const override;
    wxItemAttr* OnGetItemAttr(long item) const override;
    void sortRows();

    std::vector<Dossier> m_rows;
    LocalDateTime m_now;
    int m_sortColumn = -1;
    bool m_ascending = true;
    mutable wxItemAttr m_overdue;
};

}  // namespace motcua::app
