// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/listctrl.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ui_build.h"

namespace motcua::app {

/// A virtual report list over rows of dossiers, one selected at a time, that keeps the selected
/// dossier selected when the rows are replaced (a reload after an action, a sync). `Row` is a
/// dossier or something holding one; `codeOf` names its dossier. Subclasses give each cell's
/// text and each row's colours.
template <typename Row, const std::string& (*codeOf)(const Row&)>
class RowList : public wxListCtrl {
public:
    const std::vector<Row>& rows() const { return m_rows; }
    const Row* selected() const {
        const long item = GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
        return item >= 0 && std::size_t(item) < m_rows.size() ? &m_rows[std::size_t(item)]
                                                              : nullptr;
    }

protected:
    RowList(wxWindow* parent, const char* name, std::initializer_list<ListColumn> columns)
        : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                     wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL | wxLC_HRULES) {
        SetName(name);
        addColumns(this, columns);
    }

    /// Replaces the rows; `arrange` orders them before the list shows them.
    template <typename Arrange>
    void replaceRows(std::vector<Row> rows, Arrange&& arrange) {
        const std::string keep = selected() ? codeOf(*selected()) : std::string();
        m_rows = std::move(rows);
        arrange();
        SetItemCount(long(m_rows.size()));
        Refresh();
        if (keep.empty()) return;
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            if (codeOf(m_rows[i]) == keep)
                SetItemState(long(i), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
    }

    const Row& row(long item) const { return m_rows[std::size_t(item)]; }

    std::vector<Row> m_rows;
};

}  // namespace motcua::app
