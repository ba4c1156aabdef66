// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A TCP proxy for the tests that breaks connections on purpose: it forwards bytes between a
// client and 127.0.0.1:<target> and, per connection, drops it after so many bytes in either
// direction, resets it, or delays it. TLS passes through untouched, so the client still
// verifies the real server.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace motcua::test {

struct Fault {
    enum class Kind { None, DropRequestAfter, DropResponseAfter, Reset, Delay };
    Kind kind = Kind::None;
    std::size_t bytes = 0;               ///< for the drops: how many bytes get through first
    std::chrono::milliseconds delay{0};  ///< for Delay: before each forwarded chunk
};

/// A plan for FaultProxy from a fixed seed, so a failure can be re-run: of the connections, 6%
/// drop the request and 6% the answer after 50 to 6,000 bytes, 3% are reset, 3% are delayed by
/// `delay` before each chunk.
inline std::function<Fault(int)> seededFaults(std::uint64_t seed, std::chrono::milliseconds delay) {
    struct State {
        std::mutex mutex;
        std::mt19937_64 random;
    };
    auto state = std::make_shared<State>();
    state->random.seed(seed);
    return [state, delay](int) {
        std::lock_guard lock(state->mutex);
        const int roll = std::uniform_int_distribution<int>(0, 99)(state->random);
        const std::size_t at = std::uniform_int_distribution<std::size_t>(50, 6000)(state->random);
        if (roll < 6) return Fault{Fault::Kind::DropRequestAfter, at, {}};
        if (roll < 12) return Fault{Fault::Kind::DropResponseAfter, at, {}};
        if (roll < 15) return Fault{Fault::Kind::Reset, 0, {}};
        if (roll < 18) return Fault{Fault::Kind::Delay, 0, delay};
        return Fault{};
    };
}

class FaultProxy {
public:
    /// `plan` is asked for each new connection (0-based) what to do to it.
    FaultProxy(std::uint16_t target, std::function<Fault(int)> plan)
        : m_target(target), m_plan(std::move(plan)) {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr = loopback(0);
        if (m_listen < 0 ||
            ::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(m_listen, 64) != 0)
            throw std::runtime_error("fault proxy: cannot listen");
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }
    ~FaultProxy() {
        m_stopping = true;
        ::shutdown(m_listen, SHUT_RDWR);
        m_acceptor.join();
        ::close(m_listen);
        std::lock_guard lock(m_mutex);
        for (auto& t : m_workers) t.join();
    }
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const { return m_port; }
    int connections() const { return m_connections; }
    int faults() const { return m_faults; }

private:
    static sockaddr_in loopback(std::uint16_t port) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return addr;
    }

    void acceptLoop() {
        while (!m_stopping) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const int client = ::accept(m_listen, nullptr, nullptr);
            if (client < 0) continue;
            const Fault fault = m_plan(m_connections++);
            std::lock_guard lock(m_mutex);
            m_workers.emplace_back([this, client, fault] { serve(client, fault); });
        }
    }

    static void reset(int fd) {
        linger l{1, 0};  // close with RST rather than FIN
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }

    void serve(int client, Fault fault) {
        const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr = loopback(m_target);
        if (upstream < 0 ||
            ::connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(client);
            if (upstream >= 0) ::close(upstream);
            return;
        }
        if (fault.kind == Fault::Kind::Reset) {
            ++m_faults;
            reset(client);
            ::close(client);
            ::close(upstream);
            return;
        }
        std::size_t up = 0, down = 0;
        bool broken = false;
        char buffer[4096];
        while (!broken && !m_stopping) {
            pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
            if (::poll(fds, 2, 100) <= 0) continue;
            for (int i = 0; i < 2 && !broken; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                const bool fromClient = i == 0;
                const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
                if (n <= 0) {
                    broken = true;
                    break;
                }
                std::size_t count = static_cast<std::size_t>(n);
                std::size_t& sent = fromClient ? up : down;
                const bool dropsHere =
                    (fromClient && fault.kind == Fault::Kind::DropRequestAfter) ||
                    (!fromClient && fault.kind == Fault::Kind::DropResponseAfter);
                if (dropsHere && sent + count >= fault.bytes) {
                    count = fault.bytes > sent ? fault.bytes - sent : 0;
                    broken = true;
                    ++m_faults;
                }
                if (fault.kind == Fault::Kind::Delay) std::this_thread::sleep_for(fault.delay);
                const int to = fromClient ? upstream : client;
                for (std::size_t off = 0; off < count;) {
                    const ssize_t w = ::send(to, buffer + off, count - off, MSG_NOSIGNAL);
                    if (w <= 0) {
                        broken = true;
                        break;
                    }
                    off += static_cast<std::size_t>(w);
                }
                sent += count;
            }
        }
        ::close(client);
        ::close(upstream);
    }

    std::uint16_t m_target;
    std::function<Fault(int)> m_plan;
    int m_listen = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_connections{0};
    std::atomic<int> m_faults{0};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::thread> m_workers;
};

}  // namespace motcua::test
