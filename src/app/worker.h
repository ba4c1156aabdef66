// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The one background helper every window uses for database, rendering and file work
// (Poedit's concurrency.h pattern): jobs run in order on a thread that owns its own Store
// connection; results come back on the GUI thread (gui_thread.h), and only if the window that
// asked is still open.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "motcua/core/date_time.h"
#include "motcua/store/store.h"

#include "gui_thread.h"

class wxWindow;

namespace motcua::app {

class Worker {
public:
    /// Opens the database on the worker thread; failures surface on the first job.
    Worker(std::string dbPath, const Clock& clock);
    ~Worker();  ///< runs every job queued so far (a save must not be lost at exit), joins
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    using Failure = std::function<void(std::exception_ptr)>;

    /// Called on the GUI thread: runs `job(store)` on the worker thread; `done(result)` runs on
    /// the GUI thread if `owner` still exists, else nothing happens. Exceptions go to `failed`
    /// the same way. The job itself always runs (it may be a save whose window has closed).
    template <class Result>
    void run(wxWindow* owner, std::function<Result(store::Store&)> job,
             std::function<void(Result)> done, Failure failed) {
        post([window = Liveness::of(owner), job = std::move(job), done = std::move(done),
              failed = std::move(failed)](store::Store* s,
                                          const std::exception_ptr& openError) mutable {
            try {
                if (!s) std::rethrow_exception(openError);
                auto result = std::make_shared<Result>(job(*s));
                window.post([done, result] { done(std::move(*result)); });
            } catch (...) {
                window.post([failed, error = std::current_exception()] {
                    if (failed) failed(error);
                });
            }
        });
    }

    /// Blocks until every job queued so far has run (tests, shutdown paths).
    void drain();
    const std::string& dbPath() const { return m_dbPath; }

private:
    /// A job gets the store, or null and the reason it could not be opened.
    using Job = std::function<void(store::Store*, const std::exception_ptr&)>;
    void post(Job job);
    void loop();

    std::string m_dbPath;
    const Clock& m_clock;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace motcua::app
