// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A poison op never blocks the others: when the server refuses a batch as a whole, the desk
// splits it, finds the op, marks it refused with the server's reason, and the rest of the
// outbox moves on. The poison ops are queued as an older desk could have queued them, written
// into the outbox directly (today's desk refuses such input at intake).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../server/server_fixture.h"
#include "../store/store_fixture.h"
#include "motcua/sync/push.h"
#include "motcua/sync/transport.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// Replaces the payload of the `n`-th outbox op (1-based, in queue order).
void poison(WardFixture& desk, int n, const std::string& payload) {
    store::Statement st(connectionOf(desk.store),
                        "UPDATE outbox SET payload = ? WHERE seq = (SELECT seq FROM outbox ORDER "
                        "BY seq LIMIT 1 OFFSET ?)");
    st.bind(1, payload).bind(2, n - 1).run();
}

}  // namespace

TEST_CASE(
    "a batch the server refuses as a whole is split until the poison op is alone, and the rest "
    "goes on",
    "[sync][push][poison]") {
    ServerFixture server;
    WardFixture desk;
    for (int i = 0; i < 9; ++i) desk.intake("2.000815", "Nguyễn Văn " + std::to_string(i));
    const auto queued = desk.store.outbox().pending();
    REQUIRE(queued.size() == 9);
    // Op 3: a 129 KB name and a 129 KB address, past the payload limit the server decodes.
    auto big = nlohmann::json::parse(queued[2].payload);
    big["applicant"]["full_name"] = std::string(129 * 1024, 'A');
    big["applicant"]["address"] = std::string(129 * 1024, 'B');
    poison(desk, 3, big.dump());
    // Op 7: not JSON at all, which this desk cannot even encode.
    poison(desk, 7, "{not json");

    auto client = server.client();
    client.login("binh", kPassword);
    sync::HttpsTransport transport({"https://127.0.0.1:" + std::to_string(server.https.port()),
                                    server.pki.caCert, std::chrono::seconds(10)});
    const auto summary = sync::pushOutbox(desk.store, transport, client.token, 100);
    CHECK(summary.applied == 7);
    CHECK(summary.rejected == 2);
    CHECK(summary.pushed == 9);
    CHECK(desk.store.outbox().pending().empty());
    CHECK(server.store.stats().dossiers == 7);

    const auto refused = desk.store.outbox().unresolved();
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].opId == queued[2].opId);
    CHECK(refused[0].state == OpState::Rejected);
    CHECK(refused[0].result.find("TooLarge") != std::string::npos);
    CHECK(refused[1].opId == queued[6].opId);
    CHECK(refused[1].result.find("this desk cannot send the op") != std::string::npos);

    // Another pass has nothing left to send: the queue is not held behind them.
    const auto again = sync::pushOutbox(desk.store, transport, client.token, 100);
    CHECK(again.pushed == 0);
}
