// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "app_context.h"
#include "motcua/store/dossier_types.h"
#include "ui_build.h"

namespace motcua::app {

/// The day's report at closing time: what the desk received (with the fees) and returned on a
/// day, in all and by procedure. The day is typed dd/mm/yyyy (today to start); the figures come
/// from the worker.
class DayReportDialog : public DeskWindow {
public:
    DayReportDialog(wxWindow* parent, AppContext& context);

    /// Shows the report of the day typed in the date field; a clear message for a bad date.
    void load();
    wxTextCtrl* dayField() { return m_day; }
    wxString summaryText() const { return m_summary->GetLabel(); }
    long rowCount() const { return m_lines->GetItemCount(); }
    wxString cell(long row, int column) const { return m_lines->GetItemText(row, column); }

private:
    void show(const store::DayReport& report);

    AppContext& m_context;
    wxTextCtrl* m_day;
    wxStaticText* m_summary;
    wxListCtrl* m_lines;
};

}  // namespace motcua::app
