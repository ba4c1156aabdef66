// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Slow and idle clients cannot keep desks from syncing: each request has one deadline, each
// peer address a cap of connections, and when every thread is busy the connections holding
// one without a request are closed first. Attackers connect from 127.0.0.2-4 (the
// whole of 127/8 is loopback), desks from 127.0.0.1.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "../sync/desk_fixture.h"
#include "motcua/sync/engine.h"

using namespace motcua;
using namespace motcua::test;
using SteadyClock = std::chrono::steady_clock;

namespace {

/// A TCP connection from `from` (a loopback address) to the server; -1 when it cannot be made.
/// Non-blocking unless `blocking`.
int connectFrom(const char* from, std::uint16_t port, bool blocking = true) {
    const int fd =
        ::socket(AF_INET, SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK) | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        (::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0 &&
         errno != EINPROGRESS)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// True when the server closed the connection within `timeout` (a read sees the end).
bool closedByServer(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char byte = 0;
    return ::recv(fd, &byte, 1, MSG_DONTWAIT) <= 0;
}

/// The start of a TLS ClientHello, sent a byte at a time: the server waits for the rest.
constexpr unsigned char kHelloPrefix[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01,
                                          0x00, 0x01, 0xfc, 0x03, 0x03};

/// Counts the server's log lines that contain a text.
struct LogCounter {
    std::mutex mutex;
    std::vector<std::string> lines;
    std::function<void(const std::string&)> sink() {
        return [this](const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    int count(const std::string& text) {
        std::lock_guard lock(mutex);
        return static_cast<int>(
            std::count_if(lines.begin(), lines.end(),
                          [&](const std::string& l) { return l.find(text) != std::string::npos; }));
    }
    /// The count once it reaches `atLeast`, or as it stands after `within`: the watchdog writes
    /// its line just after it shuts the socket, so a client can see the close first.
    int countWhenLogged(const std::string& text, int atLeast,
                        std::chrono::milliseconds within = std::chrono::seconds(5)) {
        const auto until = std::chrono::steady_clock::now() + within;
        int n = count(text);
        while (n < atLeast && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            n = count(text);
        }
        return n;
    }
};

/// Holds `idle` silent connections from one address and `trickling` ones from another that
/// send a byte every `trickleEvery`, reopening any the server closes (after `redial`), until
/// stopped. One thread, one poll loop; every socket closed at the end.
class Attack {
public:
    Attack(std::uint16_t port, int idle, int trickling, std::chrono::milliseconds trickleEvery)
        : m_port(port), m_trickleEvery(trickleEvery) {
        // One idle one comes from a third address: with the per-address cap the attack then
        // holds one connection more than there are threads (8 + 8 + 1), so shedding an idle
        // one is certain, not a matter of how fast the attack redials.
        for (int i = 0; i < idle; ++i)
            m_slots.push_back({i == 0 ? "127.0.0.4" : "127.0.0.2", false});
        for (int i = 0; i < trickling; ++i) m_slots.push_back({"127.0.0.3", true});
        m_thread = std::thread([this] { run(); });
    }
    ~Attack() { stop(); }
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
    }
    int closedByServer() const { return m_closed; }

private:
    struct Slot {
        const char* from;
        bool trickles;
        int fd = -1;
        std::size_t sent = 0;
        SteadyClock::time_point next{};  ///< when to redial, or to send the next byte
    };

    void run() {
        const auto end = SteadyClock::now() + std::chrono::seconds(60);  // bounded whatever happens
        const auto redial = std::chrono::milliseconds(200);
        while (!m_stop && SteadyClock::now() < end) {
            const auto now = SteadyClock::now();
            std::vector<pollfd> polls;
            std::vector<Slot*> polled;
            for (auto& s : m_slots) {
                if (s.fd < 0 && now >= s.next) {
                    s.fd = connectFrom(s.from, m_port, false);
                    s.sent = 0;
                    s.next = now + m_trickleEvery;
                }
                if (s.fd < 0) continue;
                if (s.trickles && now >= s.next) {
                    const unsigned char byte = kHelloPrefix[s.sent % sizeof kHelloPrefix];
                    if (::send(s.fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) ++s.sent;
                    s.next = now + m_trickleEvery;
                }
                polls.push_back({s.fd, POLLIN, 0});
                polled.push_back(&s);
            }
            ::poll(polls.data(), polls.size(), 50);
            for (std::size_t i = 0; i < polls.size(); ++i) {
                if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                char byte = 0;
                if (::recv(polls[i].fd, &byte, 1, MSG_DONTWAIT) > 0)
                    continue;  // the server never writes first
                ::close(polled[i]->fd);
                polled[i]->fd = -1;
                polled[i]->next = SteadyClock::now() + redial;
                ++m_closed;
            }
        }
        for (auto& s : m_slots)
            if (s.fd >= 0) ::close(s.fd);
    }

    std::uint16_t m_port;
    std::chrono::milliseconds m_trickleEvery;
    std::vector<Slot> m_slots;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_closed{0};
    std::thread m_thread;
};

/// A server of its own on a fresh database, with the fixture's users and PKI.
struct GuardedServer {
    TempDir dir;
    TestPki pki{dir};
    TestDatabase database{dir};
    server::ServerStore store{database.options()};
    LogCounter log;
    std::unique_ptr<server::HttpsServer> https;

    explicit GuardedServer(const std::function<void(server::ServerConfig&)>& adjust = {}) {
        store.addUser({"binh", "Trần Thị Bình", "officer", kWard, kPassword}, 1000);
        server::ServerConfig c;
        c.certFile = pki.serverCert;
        c.keyFile = pki.serverKey;
        c.log = log.sink();
        if (adjust) adjust(c);
        https = std::make_unique<server::HttpsServer>(store, c);
        https->start();
    }
    std::uint16_t port() const { return https->port(); }
    TestClient client() const { return TestClient(port(), pki.caCert); }
};

/// A login whose body has not all arrived: the request is inside its handler, holding a thread.
struct SlowLogin {
    Poco::Net::HTTPSClientSession session;
    std::string body = sync::encode(sync::LoginRequest{"binh", kPassword});
    std::ostream* out = nullptr;

    SlowLogin(std::uint16_t port, const std::string& caFile)
        : session("127.0.0.1", port, context(caFile)) {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/sessions",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set(std::string(sync::kProtocolHeader), "1");
        request.setContentType("application/json");
        request.setContentLength64(static_cast<std::int64_t>(body.size()));
        out = &session.sendRequest(request);
        *out << body.substr(0, 5) << std::flush;
    }
    /// Sends the rest of the body; the answer's status.
    int finish() {
        *out << body.substr(5) << std::flush;
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
        return static_cast<int>(response.getStatus());
    }
    static Poco::Net::Context::Ptr context(const std::string& caFile) {
        Poco::Net::Context::Params params;
        params.caLocation = caFile;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    }
};

}  // namespace

TEST_CASE("a connection trickling its request is cut at the request's deadline",
          "[server][connections]") {
    GuardedServer server(
        [](server::ServerConfig& c) { c.requestDeadline = std::chrono::milliseconds(1500); });
    const int fd = connectFrom("127.0.0.1", server.port());
    REQUIRE(fd >= 0);
    const auto start = SteadyClock::now();
    // A byte every 200 ms: each read is quick, so only a deadline for the whole request ends it.
    bool closed = false;
    for (std::size_t i = 0; i < 50 && !closed; ++i) {
        const unsigned char byte = kHelloPrefix[i % sizeof kHelloPrefix];
        if (::send(fd, &byte, 1, MSG_NOSIGNAL) != 1) break;
        closed = closedByServer(fd, std::chrono::milliseconds(200));
    }
    const auto after =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    ::close(fd);
    CHECK(closed);
    CHECK(after >= std::chrono::milliseconds(1400));
    CHECK(after < std::chrono::milliseconds(2700));
    CHECK(server.log.countWhenLogged("past the request deadline", 1) == 1);
    // A real request still gets its answer.
    CHECK(server.client().get("/api/v1/health").status == 200);
}

TEST_CASE("an address past its connection cap is refused at accept, others are served",
          "[server][connections]") {
    GuardedServer server([](server::ServerConfig& c) { c.maxConnectionsPerPeer = 3; });
    std::vector<int> held;
    for (int i = 0; i < 3; ++i) held.push_back(connectFrom("127.0.0.2", server.port()));
    for (const int fd : held) REQUIRE(fd >= 0);
    const int fourth = connectFrom("127.0.0.2", server.port());
    REQUIRE(fourth >= 0);
    CHECK(closedByServer(fourth, std::chrono::seconds(2)));
    ::close(fourth);
    for (const int fd : held) CHECK_FALSE(closedByServer(fd, std::chrono::milliseconds(50)));
    CHECK(server.client().get("/api/v1/health").status == 200);  // from 127.0.0.1
    // One of the three gone, the address may connect again.
    ::close(held.back());
    held.pop_back();
    bool admitted = false;
    for (int attempt = 0; attempt < 20 && !admitted; ++attempt) {
        const int again = connectFrom("127.0.0.2", server.port());
        REQUIRE(again >= 0);
        admitted = !closedByServer(again, std::chrono::milliseconds(300));
        ::close(again);
    }
    CHECK(admitted);
    for (const int fd : held) ::close(fd);
    CHECK(server.log.countWhenLogged("too many connections from this address", 1) >= 1);
}

TEST_CASE(
    "with every thread busy, idle connections are closed for a waiting request, and a handler is "
    "not cut",
    "[server][connections]") {
    GuardedServer server([](server::ServerConfig& c) {
        c.maxThreads = 3;
        c.maxQueued = 8;
    });
    // One thread in a handler (a login whose body is still coming), two held by idle connections.
    SlowLogin slow(server.port(), server.pki.caCert);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int idleA = connectFrom("127.0.0.2", server.port());
    const int idleB = connectFrom("127.0.0.3", server.port());
    REQUIRE(idleA >= 0);
    REQUIRE(idleB >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past shedIdleAfter (250 ms)

    const auto start = SteadyClock::now();
    CHECK(server.client().get("/api/v1/health").status == 200);
    CHECK(SteadyClock::now() - start < std::chrono::seconds(2));
    const bool aClosed = closedByServer(idleA, std::chrono::milliseconds(100));
    const bool bClosed = closedByServer(idleB, std::chrono::milliseconds(100));
    CHECK((aClosed || bClosed));
    CHECK(server.log.countWhenLogged("idle while others wait for a thread", 1) >= 1);

    // The request in its handler was left alone: its body completes and it is answered.
    CHECK(slow.finish() == 201);
    ::close(idleA);
    ::close(idleB);
}

TEST_CASE("a second server cannot start on a port already served", "[server][connections]") {
    GuardedServer first;
    server::ServerConfig config;
    config.certFile = first.pki.serverCert;
    config.keyFile = first.pki.serverKey;
    config.port = first.port();
    CHECK_THROWS_AS(server::HttpsServer(first.store, config), server::ServerError);
    for (int i = 0; i < 10; ++i)
        CHECK(first.client().get("/api/v1/health").status == 200);  // all to the first
}

TEST_CASE(
    "a desk syncs in under 5 s while 200 idle and 20 trickling connections press on the server",
    "[server][connections][attack]") {
    GuardedServer server;  // the defaults: 16 threads, 64 queued, 8 per address, 30 s deadline
    Desk desk(1);
    for (int i = 0; i < 20; ++i)
        desk.intake("Người nộp " + std::to_string(i), "scan" + std::to_string(i), 2000);

    Attack attack(server.port(), 200, 20, std::chrono::seconds(1));
    // The desk starts once the attack holds every thread: the server has had to shed an idle
    // connection for a waiting one. On a loaded machine the attack's connections reach the
    // server late (a full accept backlog drops SYNs, retried after a second), so this waits
    // for the event, not for a time.
    REQUIRE(server.log.countWhenLogged("idle while others wait for a thread", 1,
                                       std::chrono::seconds(30)) >= 1);

    const auto start = SteadyClock::now();
    const auto transport = transportTo(server.port(), server.pki.caCert);
    const auto session = sync::login(*transport, "binh", kPassword);
    const auto report =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow());
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    attack.stop();

    WARN("the desk's login and sync took "
         << took.count() << " ms under the attack; the server closed " << attack.closedByServer()
         << " attacking connections");
    CHECK(report.push.applied == 20);
    CHECK(report.counts.agrees());
    CHECK(desk.store.outbox().pendingCount() == 0);
    // The attack was real: its surplus was refused per address (its idle threads were taken
    // before the desk began).
    CHECK(server.log.countWhenLogged("too many connections from this address", 101) > 100);
    REQUIRE(took < std::chrono::seconds(5));
}
