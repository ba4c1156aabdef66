// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace motcua::sync {

/// Delays between sync attempts: exponential with "equal jitter". The n-th delay lies in
/// [d/2, d] with d = min(cap, base * 2^n): never zero, so an offline desk does not spin, and
/// spread out, so desks that lost the network together do not come back in lock-step.
class Backoff {
public:
    explicit Backoff(std::chrono::milliseconds base = std::chrono::seconds(1),
                     std::chrono::milliseconds cap = std::chrono::minutes(5),
                     std::uint64_t seed = std::random_device{}())
        : m_base(base), m_cap(cap), m_random(seed) {}

    /// The delay before the next attempt; each call counts one more failure.
    std::chrono::milliseconds next() {
        const int doublings = m_failures < 30 ? m_failures : 30;
        ++m_failures;
        const auto ceiling =
            std::min<std::chrono::milliseconds>(m_cap, m_base * (std::int64_t{1} << doublings));
        const auto half = ceiling.count() / 2;
        std::uniform_int_distribution<std::int64_t> jitter(0, ceiling.count() - half);
        return std::chrono::milliseconds(half + jitter(m_random));
    }

    /// After a success the next failure starts from the base again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    std::mt19937_64 m_random;
    int m_failures = 0;
};

}  // namespace motcua::sync
