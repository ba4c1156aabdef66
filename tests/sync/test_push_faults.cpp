// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Push through a network that breaks: connections dropped mid-request and mid-response,
// resets, delays, and 500/503 answers. The outbox must drain with each op applied once.
#include <catch2/catch.hpp>
#include <random>

#include "../server/server_fixture.h"
#include "../store/store_fixture.h"
#include "fault_proxy.h"
#include "motcua/sync/push.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// Answers like an overloaded or broken server: 503 before forwarding every third request,
/// 500 after the server has acted on every fourth.
class ServerErrorTransport : public sync::Transport {
public:
    explicit ServerErrorTransport(sync::Transport& inner) : m_inner(inner) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        ++m_count;
        if (m_count % 3 == 0)
            return {503, R"({"error":{"code":"Unavailable","message":"try later"}})"};
        auto reply = m_inner.send(method, path, body, token);
        if (m_count % 4 == 0) return {500, "<html>internal error</html>"};
        return reply;
    }

private:
    sync::Transport& m_inner;
    int m_count = 0;
};

/// The engine's retry loop without the waiting: push until the queue is empty.
int pushUntilDrained(store::Store& store, sync::Transport& transport, const std::string& token,
                     int batch) {
    int attempts = 0;
    while (store.outbox().pendingCount() > 0 && attempts < 300) {
        ++attempts;
        try {
            sync::pushOutbox(store, transport, token, batch);
        } catch (const sync::SyncError& e) {
            INFO(e.what());
            REQUIRE((e.code() == sync::SyncError::Code::Network ||
                     e.code() == sync::SyncError::Code::Server));
        }
    }
    return attempts;
}

}  // namespace

TEST_CASE("push through dropped, reset and delayed connections applies each op once",
          "[sync][push][faults]") {
    ServerFixture server;
    WardFixture desk;
    constexpr int kDossiers = 40;
    for (int i = 0; i < kDossiers; ++i) desk.intake("2.000815", "Trần Văn " + std::to_string(i));

    std::mt19937 random(20260310);
    FaultProxy proxy(server.https.port(), [&](int n) {
        if (n == 0) return Fault{};  // let the login through
        switch (random() % 4) {
            case 0:
                return Fault{Fault::Kind::DropRequestAfter, 200 + random() % 4000};
            // Past the TLS handshake (about 1.4 kB from the server), inside the HTTP answer:
            // the server has applied the batch, the desk never hears of it.
            case 1:
                return Fault{Fault::Kind::DropResponseAfter, 1400 + random() % 450};
            case 2:
                return Fault{Fault::Kind::Reset};
            default:
                return Fault{Fault::Kind::Delay, 0, std::chrono::milliseconds(5)};
        }
    });
    sync::HttpsTransport transport({"https://127.0.0.1:" + std::to_string(proxy.port()),
                                    server.pki.caCert, std::chrono::seconds(5)});
    const auto token = sync::login(transport, "binh", kPassword).token;

    const int attempts = pushUntilDrained(desk.store, transport, token, 4);
    INFO("attempts " << attempts << ", connections " << proxy.connections() << ", faults "
                     << proxy.faults());
    CHECK(proxy.faults() > 3);
    CHECK(desk.store.outbox().pendingCount() == 0);
    CHECK(desk.count("SELECT count(*) FROM outbox WHERE state IN ('applied','duplicate')") ==
          kDossiers);
    CHECK(desk.store.audit().verify().ok);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == kDossiers);
    CHECK(stats.opsApplied == kDossiers);
    CHECK(stats.rejected == 0);
    CHECK(stats.duplicates > 0);  // some answers were lost after the server had applied the batch
}

TEST_CASE("500 and 503 answers are retried, nothing lost or doubled", "[sync][push][faults]") {
    ServerFixture server;
    WardFixture desk;
    for (int i = 0; i < 12; ++i) desk.intake("2.000815", "Lê Thị " + std::to_string(i));
    sync::HttpsTransport https({"https://127.0.0.1:" + std::to_string(server.https.port()),
                                server.pki.caCert, std::chrono::seconds(5)});
    const auto token = sync::login(https, "binh", kPassword).token;
    ServerErrorTransport failing(https);
    const int attempts = pushUntilDrained(desk.store, failing, token, 3);
    CHECK(attempts > 1);
    CHECK(desk.store.outbox().pendingCount() == 0);
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 12);
    CHECK(stats.opsApplied == 12);
    CHECK(stats.duplicates > 0);  // the batches answered 500 after being applied came back
}
