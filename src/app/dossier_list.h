// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <vector>

#include "motcua/core/dossier.h"
#include "row_list.h"

namespace motcua::app {

inline const std::string& dossierCode(const Dossier& d) {
    return d.code;
}

/// The dossier list: a virtual report list over rows the main window loads; sortable by column,
/// overdue rows marked.
class DossierList : public RowList<Dossier, dossierCode> {
public:
    enum Column { Code, Applicant, Procedure, Received, Due, Status, ChannelColumn, ColumnCount };

    explicit DossierList(wxWindow* parent);
    void setRows(std::vector<Dossier> rows, LocalDateTime now);
    void sortBy(int column);

private:
    wxString OnGetItemText(long item, long column) const override;
    wxItemAttr* OnGetItemAttr(long item) const override;
    void sortRows();

    LocalDateTime m_now;
    int m_sortColumn = -1;
    bool m_ascending = true;
    mutable wxItemAttr m_overdue;
};

}  // namespace motcua::app
