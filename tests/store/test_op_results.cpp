// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/store/store_error.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("the server's answers take ops off the queue, audited, keeping conflicts and rejections",
          "[store][outbox][sync]") {
    WardFixture f;
    f.intake();
    f.intake("2.000815", "Phạm Thị Hoa");
    f.intake("2.000815", "Lê Minh Tâm");
    f.intake("2.000815", "Đỗ Văn Hùng");
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 4);
    const auto auditBefore = f.count("SELECT count(*) FROM audit");

    f.store.outbox().recordResults(
        {{ops[0].opId, OpState::Applied, 1, ""},
         {ops[1].opId, OpState::Duplicate, 1, ""},
         {ops[2].opId, OpState::Conflict, 3, "the server has version 3"}});
    CHECK(f.store.outbox().pendingCount() == 1);
    REQUIRE(f.store.outbox().pending().size() == 1);
    CHECK(f.store.outbox().pending()[0].opId == ops[3].opId);
    CHECK(f.count("SELECT count(*) FROM outbox WHERE state = 'conflict' AND "
                  "json_extract(result, '$.error') = 'the server has version 3' AND "
                  "json_extract(result, '$.server_version') = 3") == 1);
    CHECK(f.count("SELECT count(*) FROM outbox WHERE state IN ('applied','duplicate') AND attempts "
                  "= 1") == 2);
    CHECK(f.count("SELECT count(*) FROM audit") == auditBefore + 1);
    CHECK(f.count(
              "SELECT count(*) FROM audit WHERE action = 'sync.push' AND "
              "json_extract(detail, '$.conflict') = 1 AND json_extract(detail, '$.applied') = 1") ==
          1);
    CHECK(f.store.audit().verify().ok);

    // An op already answered keeps its first answer.
    f.store.outbox().recordResults({{ops[0].opId, OpState::Rejected, std::nullopt, "late"}});
    CHECK(f.count("SELECT count(*) FROM outbox WHERE state = 'applied'") == 1);
    CHECK(f.count("SELECT count(*) FROM audit") == auditBefore + 1);
}

TEST_CASE("bad op results change nothing", "[store][outbox][sync]") {
    WardFixture f;
    f.intake();
    f.intake("2.000815", "Phạm Thị Hoa");
    const auto ops = f.store.outbox().pending();
    const auto auditBefore = f.count("SELECT count(*) FROM audit");
    try {
        f.store.outbox().recordResults(
            {{ops[0].opId, OpState::Applied, 1, ""}, {ops[1].opId, OpState::Pending, 1, ""}});
        FAIL("'pending' was accepted as an answer");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::InvalidInput);
    }
    try {
        f.store.outbox().recordResults(
            {{ops[0].opId, OpState::Applied, 1, ""}, {"no-such-op", OpState::Applied, 1, ""}});
        FAIL("an unknown op was accepted");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::NotFound);
    }
    CHECK(f.store.outbox().pendingCount() == 2);
    CHECK(f.count("SELECT count(*) FROM audit") == auditBefore);
}
