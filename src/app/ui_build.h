// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Building blocks the desk's windows share, so that each window says what it shows and not
// again how a list or a Close button is made.
#pragma once

#include <wx/dialog.h>
#include <wx/listctrl.h>
#include <wx/string.h>

#include <initializer_list>

class wxSizer;
class wxWindow;

namespace motcua::app {

/// A window of the desk: resizable (every one fits 1366x768 and grows on a larger screen),
/// named for the tests that find it.
class DeskWindow : public wxDialog {
protected:
    DeskWindow(wxWindow* parent, const wxString& title, const char* name)
        : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize,
                   wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
        SetName(name);
    }
};

/// A column of a report list: its title, width in DIPs, alignment.
struct ListColumn {
    wxString title;
    int width = 100;
    wxListColumnFormat format = wxLIST_FORMAT_LEFT;
};

/// Appends the columns to a report list, their widths scaled to the screen's DPI.
void addColumns(wxListCtrl* list, std::initializer_list<ListColumn> columns);

/// A report list named `name` (tests find it by name), `size` in DIPs (-1: as the sizer gives),
/// with the columns; `style` adds to wxLC_REPORT (wxLC_SINGLE_SEL, for instance).
wxListCtrl* newReportList(wxWindow* parent, const char* name, wxSize size,
                          std::initializer_list<ListColumn> columns, long style = 0);

/// Ends a window that closes with one Close button: the button row under `root` with `border`
/// DIPs around it, the sizer set, finishLayout() done, Escape and Close destroying the window
/// (the desk's non-modal windows destroy themselves).
void finishClosingWindow(wxDialog& dialog, wxSizer* root, int border);

}  // namespace motcua::app
