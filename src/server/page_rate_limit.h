// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's page is open to anyone with no login: each client address gets a token bucket,
// so guessing keys or scraping costs a request per refill; private to the server layer.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "motcua/core/date_time.h"

namespace motcua::server {

/// Per client address: `burst` requests at once, then one more each `refill`. Timed by the
/// server's clock (ServerStore::clock()), as LoginThrottle is, so a test advances a FixedClock;
/// a clock stepped back never makes a client wait past one refill per missing token. Kept in
/// memory (a restart forgives). Thread-safe.
class PageRateLimit {
public:
    /// `clock` must outlive the limit.
    PageRateLimit(const Clock& clock, int burst, std::chrono::milliseconds refill)
        : m_clock(clock), m_burst(std::max(1, burst)), m_refill(std::max(refill, kMinRefill)) {}

    /// Takes a token for `client`: zero when granted, else how long until the next one.
    std::chrono::milliseconds take(const std::string& client) {
        std::lock_guard lock(m_mutex);
        // Forget everyone rather than grow without bound under a spray of addresses.
        if (m_buckets.size() > 100'000) m_buckets.clear();
        const auto now = m_clock.now();
        const auto [it, added] = m_buckets.try_emplace(client, Bucket{m_burst, now});
        Bucket& b = it->second;
        if (!added) {
            if (now < b.since) b.since = now;  // the clock went back: count from now
            const auto gained = (now - b.since) / m_refill;
            if (gained > 0) {
                b.tokens = static_cast<int>(
                    std::min<std::int64_t>(m_burst, b.tokens + static_cast<std::int64_t>(gained)));
                b.since += gained * m_refill;
            }
            if (b.tokens >= m_burst) b.since = now;
        }
        if (b.tokens > 0) {
            --b.tokens;
            return std::chrono::milliseconds(0);
        }
        return std::max(
            std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(b.since + m_refill - now));
    }

private:
    static constexpr std::chrono::milliseconds kMinRefill{1};
    struct Bucket {
        int tokens;
        std::chrono::system_clock::time_point since;  ///< when the last token was counted
    };
    const Clock& m_clock;
    const int m_burst;
    const std::chrono::milliseconds m_refill;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

}  // namespace motcua::server
