// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/panel.h>
#include <wx/stattext.h>

#include <functional>

#include "app_context.h"
#include "inbox_list.h"

namespace motcua::app {

class SubmissionDialog;

/// The online inbox ("Hồ sơ trực tuyến chờ tiếp nhận"), a page of the main window: the
/// submissions awaiting the ward's decision, loaded on the worker; Enter or a double click
/// opens one.
class InboxPanel : public wxPanel {
public:
    InboxPanel(wxWindow* parent, AppContext& context);

    /// Re-reads the inbox (after any change, after a sync brought submissions).
    void reload();
    SubmissionDialog* openSubmission(const std::string& code);
    InboxList* list() { return m_list; }

    /// Called after each load with the number of submissions and how many are past deadline.
    std::function<void(std::size_t count, std::size_t overdue)> onLoaded;
    /// Called when a decision was taken in a submission's window.
    std::function<void()> onChanged;

private:
    AppContext& m_context;
    InboxList* m_list = nullptr;
    wxStaticText* m_heading = nullptr;
    unsigned m_generation = 0;
};

}  // namespace motcua::app
