// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Portal benchmark, printing its figure beside an anchor measured in the same run: 10,000 online
// submissions (to 20 wards: the server's part of a ward's day has 999 codes) posted one by one
// by a connector over loopback TLS to the reference server, against the server store taking
// the very same bodies in-process (no HTTP, no TLS): the ratio is what the wire costs.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "motcua/core/date_time.h"
#include "motcua/core/sha256.h"
#include "motcua/sync/transport.h"
#include "server/server_fixture.h"  // TestPki, kPassword

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
    return 0;
}
