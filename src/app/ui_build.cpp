// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "ui_build.h"

#include <wx/dialog.h>
#include <wx/sizer.h>

#include "ui_text.h"

namespace motcua::app {

void addColumns(wxListCtrl* list, std::initializer_list<ListColumn> columns) {
    for (const ListColumn& c : columns)
        list->AppendColumn(c.title, c.format, list->FromDIP(c.width));
}

wxListCtrl* newReportList(wxWindow* parent, const char* name, wxSize size,
                          std::initializer_list<ListColumn> columns, long style) {
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, parent->FromDIP(size),
                                wxLC_REPORT | style);
    list->SetName(name);
    addColumns(list, columns);
    return list;
}

void finishClosingWindow(wxDialog& dialog, wxSizer* root, int border) {
    root->Add(dialog.CreateStdDialogButtonSizer(wxCLOSE), 0, wxALL | wxEXPAND,
              dialog.FromDIP(border));
    dialog.SetSizerAndFit(root);
    finishLayout(&dialog);
    dialog.SetEscapeId(wxID_CLOSE);
    dialog.Bind(
        wxEVT_BUTTON, [&dialog](wxCommandEvent&) { dialog.Destroy(); }, wxID_CLOSE);
}

}  // namespace motcua::app
