// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Every connection the HTTPS server accepted, from accept to close; private to the server layer.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace motcua::server {

/// Keeps slow and idle clients from holding the server's request threads. Poco's timeouts are
/// per read, so a client sending a byte now and then holds a thread for ever; this guard gives
/// each request one deadline instead, from the moment the server starts waiting for it (accept,
/// or the end of the previous response on a kept-alive connection) to its response, and a
/// watchdog thread shuts down the socket of a connection past it (the blocked read then fails
/// and the connection ends). It also caps connections per peer address, and when every request
/// thread is busy while connections wait for one, it closes the connections holding a thread
/// without having sent a whole request (handshaking, waiting for or trickling headers), those
/// that have waited longest first, so a real request gets a thread. A request inside its
/// handler is only ever cut by its deadline.
///
/// Thread-safe: admit() runs on the accepting thread, the others on request threads.
class ConnectionGuard {
public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        int maxThreads = 16;
        int maxQueued = 64;
        int maxPerPeer = 8;
        std::chrono::milliseconds requestDeadline{std::chrono::seconds(30)};
        /// How long a connection may hold a thread without a request before it may be closed
        /// for a waiting one: long enough for a real client's handshake and headers.
        std::chrono::milliseconds shedIdleAfter{250};
    };

    /// `log` receives one JSON line per refused or closed connection; may be empty.
    ConnectionGuard(Limits limits, std::function<void(const std::string&)> log);
    ~ConnectionGuard();  ///< closes every connection left and stops the watchdog
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    /// On accept: false refuses the connection (its peer has maxPerPeer already, or every
    /// thread is busy and maxQueued wait). Admitted, it waits for a thread.
    bool admit(const Poco::Net::StreamSocket& socket);
    /// A request thread takes the connection; false when it was closed meanwhile (past its
    /// deadline, or the server stopping): the thread drops it.
    bool dispatched(const Poco::Net::StreamSocket& socket);
    /// The request's headers are in: its handler runs.
    void handling(const Poco::Net::StreamSocket& socket);
    /// The response is sent; the connection waits for its next request, with a new deadline.
    void responded(const Poco::Net::StreamSocket& socket);
    /// The thread is done with the connection; call before the socket is closed.
    void finished(const Poco::Net::StreamSocket& socket);
    /// Stopping: no more requests on any connection, and every one is shut down now.
    void closeAll();
    bool stopping() const { return m_stopping; }

private:
    enum class State { Queued, Waiting, Handling };
    struct Entry {
        Poco::Net::StreamSocket socket;  ///< keeps the socket alive while it is listed
        int fd = -1;  ///< our own duplicate: never reused for another connection while listed
        std::string peer;
        State state = State::Queued;
        Clock::time_point deadline;
        Clock::time_point waitingSince;  ///< accept, or the end of the previous response
        Clock::time_point threadSince;   ///< when it last got (or kept) a thread for a request
        bool closed = false;
    };
    using Key = const void*;
    using Entries = std::map<Key, Entry>;

    static Key keyOf(const Poco::Net::StreamSocket& socket) { return socket.impl(); }
    void watch();
    /// Shuts down connections past their deadline and, when full, the idle ones; returns when
    /// the watchdog must look again.
    Clock::time_point enforce(Clock::time_point now, std::vector<std::string>& events);
    /// How many waiting connections have no thread coming for them.
    int threadsShort() const;
    void close(Entry& entry, const char* reason, std::vector<std::string>& events);
    Entries::iterator erase(Entries::iterator it);  ///< closes our descriptor
    void log(const std::vector<std::string>& events) const;

    Limits m_limits;
    std::function<void(const std::string&)> m_log;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    Entries m_entries;
    std::map<std::string, int> m_perPeer;
    std::atomic<bool> m_stopping{false};
    bool m_quit = false;
    std::thread m_watchdog;
};

}  // namespace motcua::server
