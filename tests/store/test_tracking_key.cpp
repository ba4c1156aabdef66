// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/tracking_key.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("an intake gives the dossier its own tracking key, kept and sent with the intake",
          "[store][intake][tracking]") {
    WardFixture f;
    const auto first = f.intake();
    const auto second = f.intake("1.004873", "Lê Thị Hoa");
    CHECK(isTrackingKey(first.trackingKey));
    CHECK(isTrackingKey(second.trackingKey));
    CHECK(first.trackingKey != second.trackingKey);

    const auto loaded = f.store.dossiers().findByCode(first.code);
    REQUIRE(loaded);
    CHECK(loaded->trackingKey == first.trackingKey);
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 2);
    CHECK(payload::decodeDossier(ops[0].payload).trackingKey == first.trackingKey);
}

TEST_CASE("a dossier from before the tracking key has none, and still loads", "[store][tracking]") {
    WardFixture f;
    const auto d = f.intake();
    connectionOf(f.store).exec("UPDATE dossiers SET tracking_key = '' WHERE code = '" + d.code +
                               "'");
    const auto loaded = f.store.dossiers().findByCode(d.code);
    REQUIRE(loaded);
    CHECK(loaded->trackingKey.empty());
    CHECK(f.count("SELECT count(*) FROM pragma_table_info('dossiers') WHERE name = "
                  "'tracking_key' AND dflt_value = \"''\"") == 1);
}
