// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Portal benchmark, printing its figure beside an anchor measured in the same run: 10,000 online
// submissions (to 20 wards: the server's part of a ward's day has 999 codes) posted one by one
// by a connector over loopback TLS to the reference server, against the server store taking
// the very same bodies in-process (no HTTP, no TLS): the ratio is what the wire costs. Then the
// time from a submission's 201 to its appearance in the inbox of a desk syncing in a loop
// (median, p99) against one sync pass of that desk with nothing new.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "motcua/core/date_time.h"
#include "motcua/core/sha256.h"
#include "motcua/sync/engine.h"
#include "motcua/sync/transport.h"
#include "server/server_fixture.h"  // TestPki, kPassword
#include "sync/desk_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

constexpr int kSubmissions = 10'000;
constexpr int kWards = 20;
const std::string kScan = "%PDF-1.4\n% a scanned form\n";

std::string wardOf(int n) {
    return "000.00." + std::to_string(10 + n % kWards) + ".H30";
}

json bodyOf(int n, const std::string& sha) {
    return {{"portal_ref", "DVC-" + std::to_string(n)},
            {"ward", wardOf(n)},
            {"procedure", "1.001193"},
            {"channel", "online"},
            {"submitted_at",
             formatIsoDateTime(toLocal(std::chrono::system_clock::now() - std::chrono::hours(1)))},
            {"applicant",
             {{"full_name", "Nguyễn Văn " + std::to_string(n)},
              {"id_number", "001090001234"},
              {"date_of_birth", "1990-05-12"},
              {"gender", "nam"},
              {"address", "Hà Nội"},
              {"phone", ""},
              {"email", ""}}},
            {"documents",
             {{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1}, {"files", {sha}}}}},
            {"return_channel", "online"}};
}

struct BenchServer {
    TempDir dir;
    TestPki pki{dir};
    server::ServerStore store{dir.file("server.db")};
    server::HttpsServer https{store, config()};
    BenchServer() {
        for (int w = 0; w < kWards; ++w)
            store.addUser(
                {"officer" + std::to_string(w), "Cán bộ", "officer", wardOf(w), kPassword, {}},
                1000);
        store.addUser({"cong", "Cổng DVC", "portal", "", kPassword, {}}, 1000);
        store.importShared("catalog.import",
                           R"({"procedures":[{"code":"1.001193","name":"Đăng ký khai sinh",)"
                           R"("time_limit":{"unit":"working_days","value":3}}]})");
        https.start();
    }
    server::ServerConfig config() const {
        server::ServerConfig c;
        c.certFile = pki.serverCert;
        c.keyFile = pki.serverKey;
        return c;
    }
};

[[noreturn]] void fail(const std::string& what) {
    std::cerr << "bench_portal: " << what << '\n';
    std::exit(1);
}

double milliseconds(Steady::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

/// The median and the 99th percentile of `ms`, as "median X ms, p99 Y ms".
std::pair<double, double> medianAndP99(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const auto p99 = static_cast<std::size_t>(static_cast<double>(ms.size()) * 0.99 + 0.5) - 1;
    return {ms[ms.size() / 2], ms[std::min(p99, ms.size() - 1)]};
}

/// A desk of the first ward syncs in a loop, as its worker does without waiting between passes;
/// the connector posts one submission (its own file uploaded first) at a time, a little after
/// the desk saw the last one. Anchor: the desk's pass with nothing new.
void inboxLatency() {
    constexpr int kCount = 200;
    BenchServer server;
    const std::string url = "https://127.0.0.1:" + std::to_string(server.https.port());
    Desk desk(1, wardOf(0));
    desk.clock = FixedClock(std::chrono::system_clock::now());
    sync::HttpsTransport deskTransport({url, server.pki.caCert, std::chrono::seconds(60)});
    const std::string deskToken = sync::login(deskTransport, "officer0", kPassword).token;
    sync::syncOnce(desk.store, deskTransport, deskToken, desk.clock.localNow());

    std::vector<double> idle;
    for (int i = 0; i < kCount; ++i) {
        const auto start = Steady::now();
        sync::syncOnce(desk.store, deskTransport, deskToken, desk.clock.localNow());
        idle.push_back(milliseconds(Steady::now() - start));
    }

    std::mutex mutex;
    std::condition_variable appeared;
    std::map<std::string, Steady::time_point> seen;
    bool stop = false;
    std::thread syncing([&] {
        for (;;) {
            sync::syncOnce(desk.store, deskTransport, deskToken, desk.clock.localNow());
            const auto at = Steady::now();
            const auto inbox = desk.store.dossiers().inbox();
            std::lock_guard lock(mutex);
            for (const auto& entry : inbox) seen.emplace(entry.dossier.code, at);
            appeared.notify_all();
            if (stop) return;
        }
    });

    sync::HttpsTransport portal({url, server.pki.caCert, std::chrono::seconds(60)});
    const auto login = portal.send("POST", "/api/v1/sessions",
                                   sync::encode(sync::LoginRequest{"cong", kPassword}), "");
    const std::string token = json::parse(login.body)["token"];
    std::mt19937 jitter(20261201);
    std::vector<double> latency;
    for (int n = 0; n < kCount; ++n) {
        const std::string scan = kScan + "% inbox " + std::to_string(n) + "\n";
        const std::string sha = toHex(Sha256::of(scan));
        sync::HttpRequest upload{"PUT", "/api/v1/blobs/" + sha,     scan,
                                 token, "application/octet-stream", {}};
        if (portal.exchange(upload).status != 201) fail("an upload failed");
        // Not in step with the desk's passes: the submission comes at any point of one.
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(jitter)));
        const auto reply = portal.send("POST", "/api/v1/portal/submissions",
                                       bodyOf(100'000 + n * kWards, sha).dump(), token);
        const auto created = Steady::now();
        if (reply.status != 201) fail("a submission got " + std::to_string(reply.status));
        const std::string code = json::parse(reply.body)["code"];
        std::unique_lock lock(mutex);
        if (!appeared.wait_for(lock, std::chrono::seconds(30), [&] { return seen.count(code); }))
            fail("a submission never reached the inbox");
        latency.push_back(milliseconds(seen[code] - created));
    }
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    syncing.join();

    const auto [median, p99] = medianAndP99(latency);
    const auto [idleMedian, idleP99] = medianAndP99(idle);
    std::cout << kCount << " submissions, from the 201 to the inbox of a desk syncing in a loop: "
              << "median " << median << " ms, p99 " << p99 << " ms\n"
              << "anchor, the desk's sync pass with nothing new: median " << idleMedian
              << " ms, p99 " << idleP99 << " ms\n"
              << "ratio (medians): " << median / idleMedian << '\n';
}

}  // namespace

int main() {
    const std::string sha = toHex(Sha256::of(kScan));
    std::vector<std::string> bodies;
    for (int n = 0; n < kSubmissions; ++n) bodies.push_back(bodyOf(n, sha).dump());

    // Anchor: the store takes the same bodies in-process.
    BenchServer anchor;
    const auto session = anchor.store.login("cong", kPassword, std::chrono::hours(1));
    const auto connector = anchor.store.userForToken(session->token);
    anchor.store.putBlob(*connector, sha, 0, static_cast<std::int64_t>(kScan.size()), kScan);
    const auto anchorStart = Steady::now();
    for (const auto& body : bodies)
        if (!anchor.store.submit(*connector, body).created) fail("the anchor took a retry");
    const double inProcess = std::chrono::duration<double>(Steady::now() - anchorStart).count();

    BenchServer server;
    sync::HttpsTransport transport({"https://127.0.0.1:" + std::to_string(server.https.port()),
                                    server.pki.caCert, std::chrono::seconds(60)});
    const auto login = transport.send("POST", "/api/v1/sessions",
                                      sync::encode(sync::LoginRequest{"cong", kPassword}), "");
    const std::string token = json::parse(login.body)["token"];
    sync::HttpRequest upload{"PUT", "/api/v1/blobs/" + sha,     kScan,
                             token, "application/octet-stream", {}};
    if (transport.exchange(upload).status != 201) fail("the upload failed");
    const auto start = Steady::now();
    for (const auto& body : bodies) {
        const auto reply = transport.send("POST", "/api/v1/portal/submissions", body, token);
        if (reply.status != 201) fail("a submission got " + std::to_string(reply.status));
    }
    const double overTls = std::chrono::duration<double>(Steady::now() - start).count();
    if (server.store.stats().dossiers != kSubmissions) fail("not every submission was stored");

    std::cout << kSubmissions << " submissions to " << kWards
              << " wards posted one by one over loopback TLS: " << overTls
              << " s = " << static_cast<int>(kSubmissions / overTls) << " submissions/s\n"
              << "anchor, the server store taking the same bodies in-process: " << inProcess
              << " s = " << static_cast<int>(kSubmissions / inProcess) << " submissions/s\n"
              << "ratio: " << overTls / inProcess << '\n';
    inboxLatency();
    return 0;
}
