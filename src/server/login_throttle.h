// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Slows down password guessing; private to the server layer.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "motcua/core/date_time.h"

namespace motcua::server {

/// Per username: after `freeFailures` wrong passwords in a row, further attempts are refused
/// for a lockout that doubles with each failure (capped), without checking the password.
/// An attempt is reserved before its password is hashed and counts against the username until
/// it ends, so guesses sent in parallel get no more hashes than guesses sent one by one: at
/// most `freeFailures` at once, then one at a time once each lockout has passed. Refusing
/// rather than sleeping keeps request threads free, so guessing cannot starve the server.
/// Kept in memory: a restart forgives, which is acceptable for a rate limit. Thread-safe.
///
/// Lockouts are timed by the server's clock (ServerStore::clock()), a wall clock rather than a
/// monotonic one, so that a test advances a FixedClock instead of sleeping through one. That is
/// fine for a lockout: a step forward ends lockouts early, forgiving no more than a restart
/// does; a step backwards would lengthen them, so reserve() never waits longer than the cap.
class LoginThrottle {
public:
    enum class Outcome { Failed, Succeeded, Abandoned };

    /// `clock` must outlive the throttle.
    LoginThrottle(const Clock& clock, int freeFailures, std::chrono::milliseconds baseLockout,
                  std::chrono::milliseconds maxLockout)
        : m_clock(clock),
          m_freeFailures(freeFailures),
          m_baseLockout(baseLockout),
          m_maxLockout(maxLockout) {}

    /// Reserves an attempt for the username: zero when reserved (end it with end()), else how
    /// long to wait before trying again.
    std::chrono::milliseconds reserve(const std::string& username) {
        std::lock_guard lock(m_mutex);
        // Forget everyone rather than grow without bound under a spray of names.
        if (m_entries.size() > 100'000) m_entries.clear();
        auto& e = m_entries[username];
        const auto now = m_clock.now();
        if (e.failures >= m_freeFailures) {
            // Should the clock have gone back since, the lockout still ends within the cap.
            e.lockedUntil = std::min(e.lockedUntil, now + m_maxLockout);
            if (e.lockedUntil > now)
                return std::max(
                    std::chrono::milliseconds(1),
                    std::chrono::duration_cast<std::chrono::milliseconds>(e.lockedUntil - now));
        }
        const bool free = e.failures + e.inFlight < m_freeFailures;
        const bool afterLockout = e.failures >= m_freeFailures && e.inFlight == 0;
        if (!free && !afterLockout) return kBusyWait;  // the attempts left are being checked now
        ++e.inFlight;
        return std::chrono::milliseconds(0);
    }

    /// Ends an attempt reserve() granted. A failure past the free ones locks the username out.
    void end(const std::string& username, Outcome outcome) {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(username);
        if (it == m_entries.end()) return;  // forgotten meanwhile
        auto& e = it->second;
        e.inFlight = std::max(0, e.inFlight - 1);
        if (outcome == Outcome::Succeeded) {
            e.failures = 0;
            e.lockedUntil = {};
        } else if (outcome == Outcome::Failed && ++e.failures >= m_freeFailures) {
            const int doublings = std::min(e.failures - m_freeFailures, 20);
            e.lockedUntil =
                m_clock.now() + std::min<std::chrono::milliseconds>(
                                    m_baseLockout * (std::int64_t{1} << doublings), m_maxLockout);
        }
        if (e.inFlight == 0 && e.failures == 0) m_entries.erase(it);
    }

private:
    static constexpr std::chrono::milliseconds kBusyWait{1000};
    struct Entry {
        int failures = 0;
        int inFlight = 0;
        std::chrono::system_clock::time_point lockedUntil{};
    };
    const Clock& m_clock;
    std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    int m_freeFailures;
    std::chrono::milliseconds m_baseLockout;
    std::chrono::milliseconds m_maxLockout;
};

/// Caps the password hashes computed at once, whoever the names are (unknown names cost a
/// hash too, so that timing does not tell which exist): a spray of logins cannot take every
/// core from the desks' syncs. Thread-safe.
class PasswordHashGate {
public:
    explicit PasswordHashGate(int maxInFlight) : m_max(maxInFlight) {}

    /// A place for one hash, or nothing free (the caller answers 503 with Retry-After).
    bool tryEnter() {
        std::lock_guard lock(m_mutex);
        if (m_inFlight >= m_max) return false;
        ++m_inFlight;
        return true;
    }
    void leave() {
        std::lock_guard lock(m_mutex);
        --m_inFlight;
    }

private:
    std::mutex m_mutex;
    int m_inFlight = 0;
    int m_max;
};

}  // namespace motcua::server
