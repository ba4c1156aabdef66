// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Electronic results at the desk: an approval with its signed result gives the dossier its next
// `<code>-KQ<nn>` offline, kept with the result and carried by the op; the result timestamped
// later keeps its number; returning the result electronically needs one.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::StoreError;
using A = DossierAction;

TEST_CASE("an approval with its signed result gives the dossier -KQ01 offline",
          "[store][e-result]") {
    WardFixture f;
    const Dossier d = f.intake();
    f.store.dossiers().act(d.code, {A::Forward, "", {}});
    f.store.dossiers().act(
        d.code, {A::SubmitForApproval, "", {}, f.dir.write("du-thao.pdf", "%PDF draft")});
    const std::string signedBytes = "%PDF draft, then signed";
    f.store.dossiers().act(d.code, {A::Approve, "", {}, f.dir.write("ket-qua.pdf", signedBytes)});
    const std::string code = d.code + "-KQ01";

    const auto approved = f.store.dossiers().findByCode(d.code);
    REQUIRE(approved);
    REQUIRE(approved->electronicResults.size() == 1);
    const ElectronicResult& r = approved->electronicResults[0];
    CHECK(r.code == code);
    CHECK(r.fileName == "ket-qua.pdf");
    CHECK(r.size == static_cast<std::int64_t>(signedBytes.size()));
    CHECK(r.approvedAt == f.clock.localNow());
    const auto results = f.store.blobs().results(d.code);
    REQUIRE(results.size() == 2);
    for (const auto& doc : results) CHECK(doc.resultCode == (doc.isSigned ? code : ""));
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 4);
    const auto approval = nlohmann::json::parse(ops.back().payload);
    CHECK(approval["result_code"] == code);
    CHECK(approval["result_sha256"] == r.sha256);

    // Re-signed with a timestamp before it goes: a new file, the same electronic result.
    const auto pending = f.store.blobs().pendingSignedResults();
    REQUIRE(pending.size() == 1);
    const std::string stamped = signedBytes + " and timestamped";
    f.store.blobs().replacePendingResult(pending[0].opId, f.dir.write("stamped.pdf", stamped));
    const auto after = f.store.dossiers().findByCode(d.code)->electronicResults;
    REQUIRE(after.size() == 1);
    CHECK(after[0].code == code);
    CHECK(after[0].sha256 != r.sha256);
    CHECK(after[0].size == static_cast<std::int64_t>(stamped.size()));

    // Returned electronically: the dossier is finished, and the op goes to the server.
    f.clock.advance(std::chrono::hours(1));
    const auto returned = f.store.dossiers().act(d.code, {A::ReturnElectronic, "", {}});
    CHECK(returned.status == DossierStatus::Returned);
    REQUIRE(returned.returnedAt);
    CHECK(*returned.returnedAt == f.clock.localNow());
    const auto last = nlohmann::json::parse(f.store.outbox().pending().back().payload);
    CHECK(last["action"] == "return-electronic");
    CHECK(last.contains("returned_at"));
    CHECK(f.store.audit().verify().ok);
}

TEST_CASE("a dossier without an electronic result is not returned electronically",
          "[store][e-result]") {
    WardFixture f;
    const Dossier d = f.intake();
    for (auto action : {A::Forward, A::SubmitForApproval, A::Approve})
        f.store.dossiers().act(d.code, {action, "", {}});  // approved without a signed result
    CHECK(f.store.dossiers().findByCode(d.code)->electronicResults.empty());
    const auto ops = f.store.outbox().pendingCount();
    try {
        f.store.dossiers().act(d.code, {A::ReturnElectronic, "", {}});
        FAIL("returned electronically without an electronic result");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::NotAllowed);
        CHECK_THAT(e.what(), Catch::Contains("no electronic result"));
    }
    CHECK(f.store.dossiers().findByCode(d.code)->status == DossierStatus::Approved);
    CHECK(f.store.outbox().pendingCount() == ops);
    // The paper return is still there, once the result is at the desk.
    f.store.dossiers().act(d.code, {A::ResultReady, "", {}});
    CHECK(f.store.dossiers().act(d.code, {A::ReturnResult, "Nguyễn Văn Đức", {}}).status ==
          DossierStatus::Returned);
}
