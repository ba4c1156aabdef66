// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "worker.h"

namespace motcua::app {

Worker::Worker(std::string dbPath, const Clock& clock)
    : m_dbPath(std::move(dbPath)), m_clock(clock), m_thread([this] { loop(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(m_mutex);
        // The queue may hold a save whose window has closed: it runs before the desk goes.
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Worker::post(Job job) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void Worker::drain() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
}

void Worker::loop() {
    std::unique_ptr<store::Store> store;
    std::exception_ptr openError;
    try {
        store = std::make_unique<store::Store>(store::Store::open(m_dbPath, true, m_clock));
    } catch (...) {
        openError = std::current_exception();
    }
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_jobs.empty()) return;  // woken to stop, with nothing left to do
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_busy = true;
        }
        // Without a database every job fails the same way, and the window says why.
        job(store.get(), openError);
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
        }
        m_idle.notify_all();
    }
}

}  // namespace motcua::app
