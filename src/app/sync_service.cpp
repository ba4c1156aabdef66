// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "sync_service.h"

#include <memory>
#include <sstream>

#include "motcua/crypto/secret.h"
#include "motcua/sync/backoff.h"
#include "motcua/sync/offline_timestamps.h"
#include "motcua/sync/engine.h"
#include "motcua/sync/tsa_client.h"
#include "motcua/sync/transport.h"

namespace motcua::app {

namespace {
constexpr std::size_t kLogLines = 200;

std::string summaryText(const sync::SyncReport& r) {
    std::ostringstream s;
    s << "pushed " << r.push.pushed << " (applied " << r.push.applied << ", duplicates "
      << r.push.duplicates << ", conflicts " << r.push.conflicts << ", rejected " << r.push.rejected
      << "), blobs " << r.push.blobs << "; pulled " << r.pull.changes << " (new "
      << r.pull.applied.inserted << ", updated " << r.pull.applied.updated << ")";
    if (r.refetched > 0) s << "; took the server's version of " << r.refetched;
    if (r.timestamped > 0) s << "; timestamped " << r.timestamped << " signed result(s)";
    if (!r.counts.agrees())
        s << "; count check: " << r.counts.mismatches.size() << " day(s) differ";
    return s.str();
}
}  // namespace

SyncService::SyncService(std::string dbPath, const Clock& clock)
    : m_dbPath(std::move(dbPath)), m_clock(clock), m_thread([this] { loop(); }) {}

SyncService::~SyncService() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        crypto::wipe(m_password);
    }
    m_wake.notify_all();
    m_thread.join();
}

void SyncService::signIn(std::string username, std::string password) {
    {
        std::lock_guard lock(m_mutex);
        crypto::wipe(m_password);
        m_username = std::move(username);
        m_password = std::move(password);
        m_token.clear();
        m_now = true;
    }
    crypto::wipe(password);
    m_wake.notify_all();
}

void SyncService::signOut() {
    {
        std::lock_guard lock(m_mutex);
        crypto::wipe(m_password);
        m_username.clear();
        m_token.clear();
        m_now = true;
    }
    m_wake.notify_all();
}

void SyncService::syncNow() {
    {
        std::lock_guard lock(m_mutex);
        m_now = true;
    }
    m_wake.notify_all();
}

void SyncService::setListener(wxWindow* owner, std::function<void(const SyncSnapshot&)> listener) {
    std::lock_guard lock(m_mutex);
    m_owner = Liveness::of(owner);
    m_listener = std::move(listener);
}

SyncSnapshot SyncService::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

std::vector<SyncLogLine> SyncService::log() const {
    std::lock_guard lock(m_mutex);
    return {m_log.begin(), m_log.end()};
}

void SyncService::addLog(bool ok, std::string text) {
    std::lock_guard lock(m_mutex);
    m_log.push_back({m_clock.localNow(), ok, std::move(text)});
    while (m_log.size() > kLogLines) m_log.pop_front();
}

void SyncService::publish(SyncSnapshot snapshot) {
    std::function<void(const SyncSnapshot&)> listener;
    Liveness owner;
    {
        std::lock_guard lock(m_mutex);
        m_snapshot = snapshot;
        listener = m_listener;
        owner = m_owner;
    }
    if (listener) owner.post([listener, snapshot] { listener(snapshot); });
}

void SyncService::loop() {
    std::unique_ptr<store::Store> store;
    sync::Backoff backoff;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, m_delay, [this] { return m_stop || m_now; });
            if (m_stop) return;
            m_now = false;
        }
        try {
            if (!store)
                store =
                    std::make_unique<store::Store>(store::Store::open(m_dbPath, false, m_clock));
            pass(*store);
            // Out of reach: back off with jitter; otherwise (synced, refused, nothing to do)
            // wait the interval, so a refused account is not retried in a loop.
            if (snapshot().state == SyncSnapshot::State::Offline) {
                m_delay = backoff.next();
            } else {
                backoff.reset();
                m_delay = std::chrono::milliseconds(m_interval.load());
            }
        } catch (const std::exception& e) {
            // The database itself failed (locked past its timeout, disk full): say so, try later.
            addLog(false, e.what());
            SyncSnapshot s = snapshot();
            s.lastError = e.what();
            s.failure = std::current_exception();
            publish(s);
            m_delay = backoff.next();
        }
    }
}

void SyncService::pass(store::Store& store) {
    const auto config = store.settings().deskConfig();
    auto status = [&](SyncSnapshot::State state, std::string error,
                      std::exception_ptr failure = {}) {
        const auto st = store.pull().status();
        SyncSnapshot s{
            state,  st.lastSuccess, st.pending, st.conflicts + st.rejected, std::move(error),
            failure};
        publish(s);
        return s.state;
    };
    std::string username, password, token;
    {
        std::lock_guard lock(m_mutex);
        username = m_username;
        password = m_password;
        token = m_token;
    }
    struct Wipe {
        std::string& secret;
        ~Wipe() { crypto::wipe(secret); }
    } wipeCopy{password};
    if (config.serverUrl.empty()) {
        status(SyncSnapshot::State::NotConfigured, "");
        return;
    }
    if (username.empty()) {
        status(SyncSnapshot::State::NoAccount, "");
        return;
    }
    status(SyncSnapshot::State::Syncing, "");
    try {
        sync::HttpsTransport transport({config.serverUrl, config.caFile, std::chrono::seconds(30)});
        if (token.empty()) {
            token = sync::loginAndRemember(store, transport, username, password).token;
            std::lock_guard lock(m_mutex);
            if (m_username == username) m_token = token;
        }
        sync::SyncOptions options;
        if (!config.tsaUrl.empty()) {
            // Signatures made offline get their document timestamp (PAdES B-T) before they go.
            options.beforePush = [this, &config](store::Store& s) {
                const auto run = sync::timestampOfflineSignatures(s, [&](const std::string& query) {
                    return sync::postTimestampQuery(config.tsaUrl, config.caFile, query,
                                                    std::chrono::seconds(20));
                });
                if (run.waiting > 0) addLog(false, "timestamps waiting: " + run.error);
                return run.stamped;
            };
        }
        const auto report = sync::syncOnce(store, transport, token, m_clock.localNow(), options);
        addLog(true, summaryText(report));
        status(SyncSnapshot::State::Online, "");
    } catch (const sync::SyncError& e) {
        using C = sync::SyncError::Code;
        if (e.code() == C::Unauthorized && !token.empty()) {
            // The session expired: log in again on the next pass, at once.
            std::lock_guard lock(m_mutex);
            m_token.clear();
            m_now = true;
            return;
        }
        store.pull().recordAttempt(false, e.what());
        addLog(false, e.what());
        const bool refused = e.code() == C::Unauthorized || e.code() == C::ProtocolTooOld ||
                             e.code() == C::Malformed;
        status(refused ? SyncSnapshot::State::Refused : SyncSnapshot::State::Offline, e.what(),
               std::current_exception());
    }
}

}  // namespace motcua::app
