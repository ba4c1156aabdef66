// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's background sync: one thread with its own database connection that syncs with the
// city backend whenever it is reachable, backs off while it is not, and tells the windows how
// things stand. Comes back to the GUI thread only through a living window's Liveness.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/store/store.h"

#include "gui_thread.h"

class wxWindow;

namespace motcua::app {

/// How sync stands, for the status bar.
struct SyncSnapshot {
    enum class State {
        NotConfigured,  ///< no server address in the settings
        NoAccount,      ///< the person at the desk has no server account (a local one)
        Offline,        ///< the last attempt could not reach the server; retrying
        Syncing,
        Online,   ///< the last attempt succeeded
        Refused,  ///< the server refused the account or this version; see lastError
    };
    State state = State::NotConfigured;
    std::optional<LocalDateTime> lastSuccess;
    std::int64_t pending = 0;
    std::int64_t unresolved = 0;  ///< conflicts and rejections waiting for a person
    std::string lastError;        ///< the failure's own words (the log's language)
    std::exception_ptr failure;   ///< the same failure, for errorText() on the GUI thread
};

/// One line of the sync log.
struct SyncLogLine {
    LocalDateTime at;
    bool ok = true;
    std::string text;  ///< English facts with figures; the log window shows them as they are
};

class SyncService {
public:
    SyncService(std::string dbPath, const Clock& clock);
    ~SyncService();  ///< stops the thread (a running pass finishes its current request first)
    SyncService(const SyncService&) = delete;
    SyncService& operator=(const SyncService&) = delete;

    /// Syncs as this server account from now on. The password is kept in memory only, to log
    /// in again when the session expires, and wiped by signOut() or the destructor.
    void signIn(std::string username, std::string password);
    void signOut();
    /// Wakes the thread for a pass now (after an intake, a settings change, "Sync now").
    void syncNow();
    /// Called on the GUI thread: `listener` hears each new snapshot, on the GUI thread, while
    /// `owner` lives.
    void setListener(wxWindow* owner, std::function<void(const SyncSnapshot&)> listener);
    SyncSnapshot snapshot() const;
    std::vector<SyncLogLine> log() const;

    /// The wait between successful passes (a minute; tests shorten it).
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval.count(); }

private:
    void loop();
    void pass(store::Store& store);
    void publish(SyncSnapshot snapshot);
    void addLog(bool ok, std::string text);

    std::string m_dbPath;
    const Clock& m_clock;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_now = false;
    std::string m_username;
    std::string m_password;
    std::string m_token;
    std::atomic<std::int64_t> m_interval{60'000};  ///< ms
    std::chrono::milliseconds m_delay{0};          ///< until the next pass; the thread's own
    SyncSnapshot m_snapshot;
    std::deque<SyncLogLine> m_log;
    Liveness m_owner;
    std::function<void(const SyncSnapshot&)> m_listener;
    std::thread m_thread;
};

}  // namespace motcua::app
