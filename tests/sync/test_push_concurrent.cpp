// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Several desks of one ward pushing at once, one of them losing answers: every op is applied
// exactly once and every outbox drains.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "desk_fixture.h"
#include "motcua/core/date_time.h"
#include "motcua/sync/push.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// Loses every third answer after the server has acted on the request.
class FlakyTransport : public sync::Transport {
public:
    explicit FlakyTransport(sync::Transport& inner) : m_inner(inner) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        auto reply = m_inner.send(method, path, body, token);
        if (++m_count % 3 == 0)
            throw sync::SyncError(sync::SyncError::Code::Network, "connection reset");
        return reply;
    }

private:
    sync::Transport& m_inner;
    int m_count = 0;
};

}  // namespace

TEST_CASE(
    "three desks push at once, one losing answers, and each op is applied once with every outbox "
    "empty",
    "[sync][push][concurrent]") {
    ServerFixture server;
    constexpr int kDesks = 3;
    constexpr int kPerDesk = 25;
    std::vector<std::unique_ptr<Desk>> desks;
    for (int d = 1; d <= kDesks; ++d) {
        desks.push_back(std::make_unique<Desk>(d));
        for (int i = 0; i < kPerDesk; ++i) {
            desks.back()->store.dossiers().intake(intakeRequest(
                "2.000815", applicantNamed("Nguyễn Văn " + std::to_string(d * 100 + i))));
        }
    }
    std::vector<std::unique_ptr<sync::HttpsTransport>> transports;
    std::vector<std::string> tokens;
    for (int d = 0; d < kDesks; ++d) {
        transports.push_back(std::make_unique<sync::HttpsTransport>(
            sync::HttpsTransportConfig{"https://127.0.0.1:" + std::to_string(server.https.port()),
                                       server.pki.caCert, std::chrono::seconds(10)}));
        tokens.push_back(sync::login(*transports.back(), "binh", kPassword).token);
    }

    std::vector<int> attempts(kDesks, 0);
    std::vector<std::string> failures(kDesks);
    std::vector<std::thread> threads;
    for (int d = 0; d < kDesks; ++d) {
        threads.emplace_back([&, d] {
            FlakyTransport flaky(*transports[static_cast<std::size_t>(d)]);
            sync::Transport& transport = d == 0 ? static_cast<sync::Transport&>(flaky)
                                                : *transports[static_cast<std::size_t>(d)];
            auto& desk = *desks[static_cast<std::size_t>(d)];
            // The engine's retry, minus the backoff: again until the queue is empty.
            for (int attempt = 0; attempt < 50 && desk.store.outbox().pendingCount() > 0;
                 ++attempt) {
                ++attempts[static_cast<std::size_t>(d)];
                try {
                    sync::pushOutbox(desk.store, transport, tokens[static_cast<std::size_t>(d)], 4);
                } catch (const sync::SyncError& e) {
                    if (e.code() != sync::SyncError::Code::Network) {
                        failures[static_cast<std::size_t>(d)] = e.what();
                        return;
                    }
                }
            }
        });
    }
    for (auto& t : threads) t.join();

    for (int d = 0; d < kDesks; ++d) {
        INFO("desk " << d + 1 << ": " << failures[static_cast<std::size_t>(d)]);
        CHECK(failures[static_cast<std::size_t>(d)].empty());
        auto& desk = *desks[static_cast<std::size_t>(d)];
        CHECK(desk.store.outbox().pendingCount() == 0);
        CHECK(desk.store.audit().verify().ok);
    }
    CHECK(attempts[0] > 1);  // the flaky desk did have to retry
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == kDesks * kPerDesk);
    CHECK(stats.opsApplied == kDesks * kPerDesk);
    CHECK(stats.duplicates > 0);
    CHECK(stats.rejected == 0);

    auto client = server.client();
    client.login("binh", kPassword);
    const auto pulled =
        sync::decodePullResponse(client.get("/api/v1/sync/pull?cursor=0&limit=1000").body);
    std::set<std::string> codes;
    std::size_t dossierChanges = 0;
    for (const auto& c : pulled.changes) {
        if (c.kind.rfind("dossier.", 0) != 0) continue;  // e.g. the ward's accounts
        ++dossierChanges;
        codes.insert(c.entityId);
    }
    CHECK(dossierChanges == kDesks * kPerDesk);
    CHECK(codes.size() == kDesks * kPerDesk);
}
