// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/listctrl.h>
#include <wx/stattext.h>

#include <functional>
#include <vector>

#include "app_context.h"
#include "sync_service.h"
#include "ui_build.h"

namespace motcua::app {

/// Sync at a glance: how it stands, the log of recent passes, and the ops the server refused
/// (conflicts and rejections) with its reason, each settled by a person: keep the server's
/// version, or redo the change on it. Nothing is dropped without someone choosing so.
class SyncDialog : public DeskWindow {
public:
    SyncDialog(wxWindow* parent, AppContext& context, SyncService& sync);

    void reload();
    /// Settles the refused op shown at `row` (tests use this; the buttons call it).
    void resolve(long row, store::OpResolution how);
    std::size_t refusedCount() const { return m_refused.size(); }
    std::function<void()> onResolved;

private:
    void showStatus(const SyncSnapshot& s);

    AppContext& m_context;
    SyncService& m_sync;
    wxStaticText* m_status = nullptr;
    wxListCtrl* m_log = nullptr;
    wxListCtrl* m_refusedList = nullptr;
    wxStaticText* m_message = nullptr;
    std::vector<store::OutboxOp> m_refused;
};

/// The status bar's words for a snapshot: "Online - last sync 14:30 - 3 waiting - 1 to resolve".
wxString syncStatusText(const SyncSnapshot& s);

}  // namespace motcua::app
