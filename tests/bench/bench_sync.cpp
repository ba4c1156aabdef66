// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Sync benchmarks, each printing its figure beside an anchor measured in the same run:
//  1. 10,000 dossiers pushed by one desk over loopback TLS to the reference server (batches of
//     500), against the server store's own apply of the very same ops in the same batches,
//     in-process (no HTTP, no TLS): the ratio is what the wire and the desk side cost.
//  2. 50 desks (six wards, desks 1-9) pushing at once in batches of 20: throughput and p50/p99
//     latency per push request, against one desk pushing the same batches alone.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "motcua/sync/push.h"
#include "server/server_fixture.h"  // TestPki, pushOf, kWard
#include "support/intake_request.h"

using namespace motcua;
using namespace motcua::test;
using Steady = std::chrono::steady_clock;

namespace {

/// A clock on a day the desk chooses: a desk issues at most 999 codes a day, so 10,000 intakes
/// span several days, as they would.
class DayClock final : public motcua::Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return toUtc(LocalDateTime::at(
                   Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{2}}, 9,
                   0)) +
               std::chrono::days{m_day.load()};
    }
    void setDay(int day) { m_day = day; }

private:
    std::atomic<int> m_day{0};
};

struct BenchDesk {
    TempDir dir;
    DayClock clock;
    store::Store store;
    BenchDesk(const std::string& ward, int desk, int dossiers)
        : store(store::Store::open(dir.file("ward.db"), true, clock)) {
        store.settings().initialize({ward, "UBND phường", desk, "Cán bộ", "Hà Nội", ""},
                                    readResource("catalog/procedures.json"),
                                    readResource("calendar/vn-days-off.json"));
        for (int i = 0; i < dossiers; ++i) {
            clock.setDay(i / 900);
            store.dossiers().intake(test::intakeRequest(
                "2.000815", test::applicantNamed("Nguyễn Văn " + std::to_string(i))));
        }
    }
};

/// Times every request that passes through.
class TimingTransport : public sync::Transport {
public:
    explicit TimingTransport(sync::Transport& inner) : m_inner(inner) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        const auto start = Steady::now();
        auto reply = m_inner.send(method, path, body, token);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(Steady::now() - start).count());
        return reply;
    }
    std::vector<double> latencies;

private:
    sync::Transport& m_inner;
};

double secondsOf(Steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

/// The reference server in-process with its production limits (16 request threads, 64
/// queued connections), one officer "binh" of kWard.
struct BenchServer {
    TempDir dir;
    TestPki pki{dir};
    server::ServerStore store{dir.file("server.db")};
    server::HttpsServer https{store, config()};
    BenchServer() {
        store.addUser({"binh", "Trần Thị Bình", "officer", kWard, kPassword, {}}, 1000);
        https.start();
    }
    server::ServerConfig config() const {
        server::ServerConfig c;
        c.certFile = pki.serverCert;
        c.keyFile = pki.serverKey;
        // The simulated desks all connect from 127.0.0.1; real ones each have their own
        // address, and the per-peer cap (8) is for one address. Every other limit stays.
        c.maxConnectionsPerPeer = 64;
        return c;
    }
};

std::unique_ptr<sync::HttpsTransport> transportTo(const BenchServer& server) {
    return std::make_unique<sync::HttpsTransport>(
        sync::HttpsTransportConfig{"https://127.0.0.1:" + std::to_string(server.https.port()),
                                   server.pki.caCert, std::chrono::seconds(60)});
}

void pushTenThousand() {
    constexpr int kDossiers = 10'000;
    constexpr int kBatch = 500;
    std::cout << "preparing a desk with " << kDossiers << " dossiers ...\n";
    BenchDesk desk(kWard, 1, kDossiers);
    const auto ops = desk.store.outbox().pending(kDossiers);

    // Anchor: the server store applies the same ops, same batches, in-process.
    BenchServer anchorServer;
    const auto session = anchorServer.store.login("binh", kPassword, std::chrono::hours(1));
    const auto user = anchorServer.store.userForToken(session->token);
    const auto anchorStart = Steady::now();
    for (std::size_t i = 0; i < ops.size(); i += kBatch) {
        const std::vector<store::OutboxOp> batch(
            ops.begin() + static_cast<long>(i),
            ops.begin() + static_cast<long>(std::min(ops.size(), i + kBatch)));
        anchorServer.store.push(*user, pushOf(batch));
    }
    const double anchor = secondsOf(Steady::now() - anchorStart);

    BenchServer server;
    auto transport = transportTo(server);
    const auto token = sync::login(*transport, "binh", kPassword).token;
    const auto start = Steady::now();
    const auto summary = sync::pushOutbox(desk.store, *transport, token, kBatch);
    const double pushed = secondsOf(Steady::now() - start);
    if (summary.applied != kDossiers || server.store.stats().dossiers != kDossiers) {
        std::cerr << "bench_sync: only " << summary.applied << " applied\n";
        std::exit(1);
    }
    std::cout << "push " << kDossiers << " dossiers over loopback TLS (batches of " << kBatch
              << "): " << pushed << " s = " << static_cast<int>(kDossiers / pushed)
              << " dossiers/s\n"
              << "anchor, the server store applying the same ops in-process: " << anchor
              << " s = " << static_cast<int>(kDossiers / anchor) << " dossiers/s\n"
              << "ratio: " << pushed / anchor << "\n\n";
}

/// Logs in, again after a refused connection or a 503 (the server checks a few passwords at
/// a time, and 50 desks log in at once), as a desk's sync loop would at its next pass.
std::string loginRetrying(sync::Transport& transport, const std::string& user) {
    for (int attempt = 0;; ++attempt) {
        try {
            return sync::login(transport, user, kPassword).token;
        } catch (const sync::SyncError& e) {
            const bool transient = e.code() == sync::SyncError::Code::Network ||
                                   e.code() == sync::SyncError::Code::Server;
            if (!transient || attempt >= 100) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(100 + 37 * (attempt % 7)));
        }
    }
}

/// Pushes the desk's outbox, starting again after a refused or dropped connection (the
/// server's queue is capped); returns the retries.
int pushAll(store::Store& store, sync::Transport& transport, const std::string& token, int batch) {
    int retries = 0;
    for (;;) {
        try {
            sync::pushOutbox(store, transport, token, batch);
            return retries;
        } catch (const sync::SyncError& e) {
            if (e.code() != sync::SyncError::Code::Network || ++retries > 50) throw;
        }
    }
}

void fiftyDesks() {
    constexpr int kDesks = 50;
    constexpr int kPerDesk = 200;
    constexpr int kBatch = 20;
    BenchServer server;
    std::vector<std::unique_ptr<BenchDesk>> desks;
    std::cout << "preparing " << kDesks + 1 << " desks with " << kPerDesk << " dossiers each ...\n";
    for (int d = 0; d <= kDesks; ++d) {  // the last one is the anchor, pushing alone
        const std::string ward = "000.00." + std::to_string(20 + d / 9) + ".H30";
        server.store.addUser({"desk" + std::to_string(d),
                              "Cán bộ " + std::to_string(d),
                              "officer",
                              ward,
                              kPassword,
                              {}},
                             1000);
        desks.push_back(std::make_unique<BenchDesk>(ward, d % 9 + 1, kPerDesk));
    }
    std::vector<double> alone;
    {
        auto https = transportTo(server);
        TimingTransport timing(*https);
        const auto token = sync::login(*https, "desk" + std::to_string(kDesks), kPassword).token;
        pushAll(desks.back()->store, timing, token, kBatch);
        alone = timing.latencies;
    }
    std::mutex mutex;
    std::vector<double> latencies;
    int retries = 0;
    std::vector<std::thread> threads;
    const auto start = Steady::now();
    for (int d = 0; d < kDesks; ++d) {
        threads.emplace_back([&, d] {
            auto https = transportTo(server);
            TimingTransport timing(*https);
            const auto token = loginRetrying(*https, "desk" + std::to_string(d));
            const int r = pushAll(desks[static_cast<std::size_t>(d)]->store, timing, token, kBatch);
            std::lock_guard lock(mutex);
            retries += r;
            latencies.insert(latencies.end(), timing.latencies.begin(), timing.latencies.end());
        });
    }
    for (auto& t : threads) t.join();
    const double elapsed = secondsOf(Steady::now() - start);
    const int total = kDesks * kPerDesk;
    if (server.store.stats().dossiers != total + kPerDesk) {
        std::cerr << "bench_sync: the server holds " << server.store.stats().dossiers
                  << " dossiers\n";
        std::exit(1);
    }
    std::cout << kDesks << " desks pushing at once (" << total << " dossiers, batches of " << kBatch
              << "): " << static_cast<int>(total / elapsed) << " dossiers/s in " << elapsed
              << " s; push latency p50 " << percentile(latencies, 0.5) << " ms, p99 "
              << percentile(latencies, 0.99) << " ms; " << retries << " retried connections\n"
              << "anchor, one desk alone: p50 " << percentile(alone, 0.5) << " ms, p99 "
              << percentile(alone, 0.99) << " ms\n"
              << "ratio p99 (at once) / p50 (alone): "
              << percentile(latencies, 0.99) / percentile(alone, 0.5) << "\n";
}

}  // namespace

int main() {
    pushTenThousand();
    fiftyDesks();
    return 0;
}
