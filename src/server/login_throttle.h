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

namespace motcua::server {

/// Per username: after `freeFailures` wrong passwords in a row, further attempts are refused
/// for a lockout that doubles with each failure (capped), without checking the password.
/// Refusing rather than sleeping keeps request threads free, so guessing cannot starve the
/// server. Kept in memory: a restart forgives, which is acceptable for a rate limit.
class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;

    LoginThrottle(int freeFailures, std::chrono::milliseconds baseLockout, std::chrono::milliseconds maxLockout)
        : m_freeFailures(freeFailures), m_baseLockout(baseLockout), m_maxLockout(maxLockout) {}

    /// How long the user must still wait; zero when an attempt is allowed now.
    std::chrono::milliseconds wait(const std::string& username) {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(username);
        if (it == m_entries.end()) return std::chrono::milliseconds(0);
        const auto now = Clock::now();
        if (it->second.lockedUntil <= now) return std::chrono::milliseconds(0);
        return std::chrono::duration_cast<std::chrono::milliseconds>(it->second.lockedUntil - now);
    }

    void failed(const std::string& username) {
        std::lock_guard lock(m_mutex);
        auto& e = m_entries[username];
        ++e.failures;
        if (e.failures > m_freeFailures) {
            const int doublings = std::min(e.failures - m_freeFailures - 1, 20);
            const auto lockout = std::min<std::chrono::milliseconds>(m_baseLockout * (std::int64_t{1} << doublings), m_maxLockout);
            e.lockedUntil = Clock::now() + lockout;
        }
        // Forget the oldest entries rather than grow without bound under a spray of names.
        if (m_entries.size() > 100'000) m_entries.clear();
    }

    void succeeded(const std::string& username) {
        std::lock_guard lock(m_mutex);
        m_entries.erase(username);
    }

private:
    struct Entry {
        int failures = 0;
        Clock::time_point lockedUntil{};
    };
    std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    int m_freeFailures;
    std::chrono::milliseconds m_baseLockout;
    std::chrono::milliseconds m_maxLockout;
};

}  // namespace motcua::server
