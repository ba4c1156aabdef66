// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/frame.h>
#include <wx/notebook.h>
#include <wx/srchctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include <functional>

#include "app_context.h"
#include "dossier_list.h"
#include "inbox_panel.h"
#include "scan_detector.h"

namespace motcua::app {

class ApprovalDialog;
class SubmissionDialog;
class DayReportDialog;
class SettingsDialog;
class SyncDialog;

/// The officer's main window: today's work at a glance, the dossier list with search as you
/// type, and the way into intake and each dossier.
class MainFrame : public wxFrame {
public:
    explicit MainFrame(AppContext& context);
    ~MainFrame() override;

    /// Re-reads the summary and the list (after any change).
    void reload();
    /// Opens a dossier's detail window.
    void openDossier(const std::string& code);
    void openIntake();
    /// Opens an online submission's window (from the inbox, or a submission in the list).
    SubmissionDialog* openSubmission(const std::string& code);
    /// Shows the online inbox's page, or the dossier list's.
    void showInbox(bool inbox);

    /// Opens the sync log with the refused changes; the settings (administrators).
    SyncDialog* openSyncLog();
    SettingsDialog* openSettings();
    /// The supervisor's approval inbox.
    ApprovalDialog* openApprovals();
    /// Writes the register of dossiers received in [from, to] (form 07) as XLSX into the
    /// ward's documents folder, then opens it (on the worker; the status bar says where).
    void exportRegister(Date from, Date to);
    /// The day's report (today to start), modeless.
    DayReportDialog* openDayReport();
    /// Asks the period of the register (dd/mm/yyyy, this month by default), then exports it.
    void askRegisterPeriod();
    /// Closes the other windows, signs the person out and shows the sign-in; false when a
    /// window refused to close or nobody signed in (the desk then quits).
    bool signOut();
    /// Asks the current and the new password of the local account signed in, and changes it
    /// on the worker; the status bar says how it went.
    void changePassword();
    /// For tests: called with the register's path once written.
    std::function<void(const std::string&)> onRegisterWritten;

    /// For tests and benchmarks: called after each list update with the number of rows.
    std::function<void(std::size_t)> onListUpdated;
    /// For tests: called with each sync status shown.
    std::function<void(const SyncSnapshot&)> onSyncStatus;
    DossierList* list() { return m_list; }
    InboxPanel* inbox() { return m_inbox; }
    wxSearchCtrl* searchBox() { return m_search; }

private:
    void buildUi();
    void buildMenu();
    void chooseLanguage(const char* language);
    void scheduleQuery();
    void runQuery();
    void loadSummary();
    void onCharHook(wxKeyEvent& event);
    void onClose(wxCloseEvent& event);
    void changed();
    void showSync(const SyncSnapshot& snapshot);
    void saveColumns();
    void restoreColumns();

    AppContext& m_context;
    wxStaticText* m_receivedToday = nullptr;
    wxStaticText* m_dueToday = nullptr;
    wxStaticText* m_overdue = nullptr;
    wxStaticText* m_awaiting = nullptr;
    wxStaticText* m_pendingSync = nullptr;
    wxStaticText* m_inboxCount = nullptr;
    wxSearchCtrl* m_search = nullptr;
    wxChoice* m_status = nullptr;
    wxChoice* m_channel = nullptr;
    wxCheckBox* m_overdueOnly = nullptr;
    wxTextCtrl* m_from = nullptr;  ///< received from, dd/mm/yyyy
    wxTextCtrl* m_to = nullptr;
    wxNotebook* m_pages = nullptr;
    DossierList* m_list = nullptr;
    InboxPanel* m_inbox = nullptr;
    wxTimer m_debounce;
    ScanDetector m_scan;
    unsigned m_generation = 0;          ///< answers to older queries are dropped
    std::string m_shownSearch;          ///< the search text the list's rows answer
    bool m_openFirstWhenShown = false;  ///< Enter came before the list answered what was typed
    SyncSnapshot m_syncSnapshot;
};

}  // namespace motcua::app
