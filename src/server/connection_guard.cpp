// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "connection_guard.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace motcua::server {

namespace {

std::string connectionEvent(const char* action, const std::string& peer, const char* reason) {
    return nlohmann::json{
        {"event", "connection"}, {"action", action}, {"client", peer}, {"reason", reason}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

ConnectionGuard::ConnectionGuard(Limits limits, std::function<void(const std::string&)> log)
    : m_limits(limits), m_log(std::move(log)), m_watchdog([this] { watch(); }) {}

ConnectionGuard::~ConnectionGuard() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_stopping = true;
    }
    m_wake.notify_all();
    m_watchdog.join();
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        ::shutdown(it->second.fd, SHUT_RDWR);
        it = erase(it);
    }
}

bool ConnectionGuard::admit(const Poco::Net::StreamSocket& socket) {
    std::string peer;
    try {
        peer = socket.peerAddress().host().toString();
    } catch (const Poco::Exception&) {
        return false;  // gone before we looked
    }
    std::vector<std::string> events;
    bool admitted = false;
    {
        std::lock_guard lock(m_mutex);
        const auto peerCount = m_perPeer.find(peer);
        if (m_stopping) {
            // The server is going: nothing more is served.
        } else if (peerCount != m_perPeer.end() && peerCount->second >= m_limits.maxPerPeer) {
            events.push_back(
                connectionEvent("refused", peer, "too many connections from this address"));
        } else if (threadsShort() >= m_limits.maxQueued) {
            events.push_back(
                connectionEvent("refused", peer, "every thread is busy and the queue is full"));
        } else if (const int fd = ::fcntl(socket.impl()->sockfd(), F_DUPFD_CLOEXEC, 0); fd < 0) {
            events.push_back(connectionEvent("refused", peer, "out of file descriptors"));
        } else {
            const auto now = Clock::now();
            Entry entry{socket, fd,  peer, State::Queued, now + m_limits.requestDeadline,
                        now,    now, false};
            m_entries.emplace(keyOf(socket), std::move(entry));
            ++m_perPeer[peer];
            admitted = true;
            // A connection that must wait may take the thread of an idle one at once.
            enforce(now, events);
        }
    }
    if (admitted) m_wake.notify_one();
    log(events);
    return admitted;
}

bool ConnectionGuard::dispatched(const Poco::Net::StreamSocket& socket) {
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(keyOf(socket));
        if (it == m_entries.end() || m_stopping) return false;
        it->second.state = State::Waiting;
        it->second.threadSince = Clock::now();
    }
    m_wake.notify_one();  // when it may be closed for another has changed
    return true;
}

void ConnectionGuard::handling(const Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_entries.find(keyOf(socket)); it != m_entries.end())
        it->second.state = State::Handling;
}

void ConnectionGuard::responded(const Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(keyOf(socket));
    if (it == m_entries.end() || it->second.closed) return;
    const auto now = Clock::now();
    it->second.state = State::Waiting;
    it->second.waitingSince = now;
    it->second.threadSince = now;
    it->second.deadline = now + m_limits.requestDeadline;
}

void ConnectionGuard::finished(const Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(m_mutex);
    if (const auto it = m_entries.find(keyOf(socket)); it != m_entries.end()) erase(it);
}

void ConnectionGuard::closeAll() {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry& e = it->second;
        if (!e.closed) ::shutdown(e.fd, SHUT_RDWR);
        e.closed = true;
        // A queued connection has no thread to finish it.
        it = e.state == State::Queued ? erase(it) : std::next(it);
    }
}

void ConnectionGuard::watch() {
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        std::vector<std::string> events;
        const auto next = enforce(Clock::now(), events);
        if (!events.empty()) {
            lock.unlock();
            log(events);
            lock.lock();
            continue;
        }
        m_wake.wait_until(lock, next);
    }
}

ConnectionGuard::Clock::time_point ConnectionGuard::enforce(Clock::time_point now,
                                                            std::vector<std::string>& events) {
    auto next = now + std::chrono::seconds(1);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry& e = it->second;
        if (!e.closed && now >= e.deadline) {
            close(e, "past the request deadline", events);
            if (e.state == State::Queued) {
                it = erase(it);  // its thread, when it comes, finds it gone and drops it
                continue;
            }
        }
        if (!e.closed) next = std::min(next, e.deadline);
        ++it;
    }
    int shortBy = threadsShort();
    if (shortBy <= 0) return next;
    std::vector<Entry*> idle;
    for (auto& [key, e] : m_entries)
        if (e.state == State::Waiting && !e.closed) idle.push_back(&e);
    std::sort(idle.begin(), idle.end(),
              [](const Entry* a, const Entry* b) { return a->waitingSince < b->waitingSince; });
    for (Entry* e : idle) {
        const auto eligibleAt = e->threadSince + m_limits.shedIdleAfter;
        if (now < eligibleAt) {
            next = std::min(next, eligibleAt);
        } else if (shortBy > 0) {
            close(*e, "idle while others wait for a thread", events);
            --shortBy;
        }
    }
    return next;
}

int ConnectionGuard::threadsShort() const {
    int queued = 0, inThread = 0, leaving = 0;
    for (const auto& [key, e] : m_entries) {
        if (e.state == State::Queued) {
            ++queued;  // a closed queued connection is no longer listed
        } else {
            ++inThread;
            if (e.closed) ++leaving;  // its thread is about to be free
        }
    }
    return queued - (std::max(0, m_limits.maxThreads - inThread) + leaving);
}

void ConnectionGuard::close(Entry& entry, const char* reason, std::vector<std::string>& events) {
    // Shutting down (not closing) the socket fails the read its thread is blocked in, and
    // the descriptor stays ours until the entry goes, so no other connection can reuse it.
    ::shutdown(entry.fd, SHUT_RDWR);
    entry.closed = true;
    events.push_back(connectionEvent("closed", entry.peer, reason));
}

ConnectionGuard::Entries::iterator ConnectionGuard::erase(Entries::iterator it) {
    ::close(it->second.fd);
    if (const auto peer = m_perPeer.find(it->second.peer);
        peer != m_perPeer.end() && --peer->second <= 0)
        m_perPeer.erase(peer);
    return m_entries.erase(it);
}

void ConnectionGuard::log(const std::vector<std::string>& events) const {
    if (!m_log) return;
    for (const auto& line : events) m_log(line);
}

}  // namespace motcua::server
