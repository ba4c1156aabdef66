// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The composition root: wires the clock, the worker and the settings into the windows.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <wx/window.h>  // before weakref.h
#include <wx/weakref.h>

#include "app_context.h"
#include "motcua/store/ward_lock.h"

namespace motcua::app {

class MainFrame;

struct DeskOptions {
    std::string dbPath;
    std::string language = "vi";  ///< "vi" or "en"
    std::string resourceDir;
    std::string localeDir;
    bool interactive = true;  ///< false: no set-up or sign-in dialogs, no print dialogs (tests)
    bool registeredModules =
        true;  ///< watch p11-kit's registered token modules too (tests: only the configured ones)
};

/// Sets the interface language: Vietnamese from the built catalogs, or English (the source).
void setLanguage(const std::string& language, const std::string& localeDir);

class Desk {
public:
    explicit Desk(DeskOptions options);
    ~Desk();
    /// Opens the database (first-run set-up and sign-in when interactive) and shows the main
    /// window. False when the officer cancelled or the database cannot be used (a message
    /// has been shown).
    bool start();
    /// The main window while it is open (null once it is closed: a sign-out nobody answered).
    MainFrame* frame() const;
    AppContext& context() { return m_context; }

private:
    bool signIn(store::Store& store);
    bool signInAgain();

    DeskOptions m_options;
    /// Held from start() until the desk is gone: declared first, so released after every
    /// service that writes the ward has stopped.
    std::optional<store::WardLock> m_wardLock;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<Worker> m_worker;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<TokenService> m_tokens;
    AppContext m_context;
    std::vector<std::string> m_modulePaths;  ///< the ward's configured token modules
    std::string m_syncUser;                  ///< the server account signed in, if any
    std::string m_syncPassword;              ///< handed to the sync service at start, then wiped
    wxWeakRef<wxWindow> m_frame;             ///< the main window; only the GUI thread touches it
    std::vector<std::thread>
        m_leftovers;  ///< work the person stopped waiting for; joined at the end
};

}  // namespace motcua::app
