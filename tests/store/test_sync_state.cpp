// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The store's side of sync without a server: pulled changes applied with their cursor in one
// transaction, bad changes kept aside rather than failing the page, approvals carrying their
// signed result, per-day counts, blobs and sync status.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support/errc_of.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

/// A dossier as another desk (desk 5) would have sent it, as the server relays it.
store::RemoteChange remoteIntake(std::int64_t seq, const std::string& code,
                                 const std::string& name) {
    const json payload = {
        {"code", code},
        {"procedure", "2.000815"},
        {"status", "received"},
        {"applicant",
         {{"full_name", name},
          {"id_number", "001099012345"},
          {"address", "Hà Nội"},
          {"phone", ""},
          {"email", ""},
          {"date_of_birth", "1999-01-01"},
          {"gender", "nam"}}},
        {"documents", json::array({{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1}}})},
        {"attachments", json::array()},
        {"sets", 1},
        {"fee_vnd", 0},
        {"return_channel", "desk"},
        {"received_at", "2026-03-10T08:00:00+07:00"},
        {"due_at", "2026-03-13T17:00:00+07:00"},
        {"register_book", 1},
        {"register_seq", 900 + seq},
        {"received_by", "Cán bộ bàn 5"},
        {"version", 1}};
    return {seq, "dossier.intake", code, 1, "received", payload.dump()};
}

/// The change with one payload field replaced.
store::RemoteChange with(store::RemoteChange change, const std::string& key, const json& value) {
    json payload = json::parse(change.payload);
    payload[key] = value;
    change.payload = payload.dump();
    return change;
}

}  // namespace

TEST_CASE("pulled dossiers from another desk are inserted, searchable, audited, with the cursor",
          "[store][sync]") {
    WardFixture w;
    const std::string code = "000.00.15.H30-260310-5001";
    const auto applied = w.store.pull().apply({remoteIntake(7, code, "Vũ Thị Thu Hà")}, 7);
    CHECK(applied.inserted == 1);
    CHECK(w.store.pull().cursor() == 7);
    const auto d = w.store.dossiers().findByCode(code);
    REQUIRE(d);
    CHECK(d->applicant.fullName == "Vũ Thị Thu Hà");
    CHECK(d->documents.size() == 1);
    CHECK(d->receivedBy == "Cán bộ bàn 5");
    CHECK(w.store.dossiers().list({.search = "thu ha"}).size() == 1);
    CHECK(w.store.dossiers().history(code).back().action == "sync.pull");
    CHECK(w.store.outbox().pendingCount() == 0);  // another desk's dossier is not queued again

    // The same change again is current; a later version updates status and due time.
    CHECK(w.store.pull().apply({remoteIntake(7, code, "Vũ Thị Thu Hà")}, 7).current == 1);
    auto later = remoteIntake(9, code, "Vũ Thị Thu Hà");
    later.kind = "dossier.action";
    later.version = 2;
    later.status = "in_progress";
    CHECK(w.store.pull().apply({later}, 9).updated == 1);
    CHECK(w.store.dossiers().findByCode(code)->status == DossierStatus::InProgress);
    CHECK(w.store.audit().verify().ok);

    // The cursor never goes back: that would replay changes.
    CHECK_THROWS_AS(w.store.pull().apply({}, 3), store::StoreError);
    CHECK(w.store.pull().cursor() == 9);
}

TEST_CASE("a change that cannot be applied is kept aside and the rest of the page goes on",
          "[store][sync]") {
    WardFixture w;
    const auto unknownProcedure =
        with(remoteIntake(1, "000.00.15.H30-260310-5002", "A"), "procedure", "9.999999");
    const auto otherWard = remoteIntake(2, "000.00.16.H30-260310-5003", "B");
    store::RemoteChange notJson{3, "dossier.intake", "000.00.15.H30-260310-5004",
                                1, "received",       "{not json"};
    store::RemoteChange unknownKind{4, "weather.report", "x", 1, "", "{}"};
    const auto wrongType = with(remoteIntake(5, "000.00.15.H30-260310-5005", "C"), "sets", "one");
    const auto good = remoteIntake(6, "000.00.15.H30-260310-5006", "Đặng Văn Lâm");

    const auto applied = w.store.pull().apply(
        {unknownProcedure, otherWard, notJson, unknownKind, wrongType, good}, 6);
    CHECK(applied.problems == 5);
    CHECK(applied.inserted == 1);
    CHECK(w.store.pull().cursor() == 6);
    CHECK(w.store.pull().status().problems == 5);
    CHECK(w.count("SELECT count(*) FROM sync_problems WHERE problem LIKE '%9.999999%'") == 1);
    CHECK(w.count("SELECT count(*) FROM dossiers") == 1);
}

TEST_CASE("the ward's accounts arrive by pull, never with a password", "[store][sync][accounts]") {
    WardFixture w;
    const store::RemoteChange account{
        1,
        "account.user",
        "hoa",
        1,
        "",
        R"({"username":"hoa","full_name":"Ngô Thị Hoa","role":"supervisor","ward":"000.00.15.H30"})"};
    CHECK(w.store.pull().apply({account}, 1).accounts == 1);
    const auto accounts = w.store.accounts().wardAccounts();
    REQUIRE(accounts.size() == 1);
    CHECK(accounts[0].role == "supervisor");
    CHECK_FALSE(accounts[0].offlineSignIn);
    CHECK_FALSE(w.store.accounts().signInOffline("hoa", "anything"));
    w.store.accounts().rememberServerLogin(
        {"hoa", "Ngô Thị Hoa", "supervisor", "000.00.15.H30", true}, "đúng-mật-khẩu");
    CHECK(w.store.accounts().signInOffline("hoa", "đúng-mật-khẩu"));
    CHECK(w.count("SELECT count(*) FROM ward_accounts WHERE verifier LIKE '%đúng%'") == 0);
}

TEST_CASE("an approval carries its signed result document into the outbox and the blob folder",
          "[store][sync]") {
    WardFixture w;
    const Dossier d = w.intake();
    w.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    w.store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt, ""});
    const std::string pdf = w.dir.write("result.pdf", "%PDF-1.7 signed result");
    // Only an approval carries one; a missing file changes nothing.
    CHECK(errcOf([&] {
              w.store.dossiers().act(d.code,
                                     {DossierAction::RequestSupplement, "x", std::nullopt, pdf});
          }) == Errc::InvalidArgument);
    CHECK_THROWS_AS(w.store.dossiers().act(d.code, {DossierAction::Approve, "", std::nullopt,
                                                    w.dir.file("missing.pdf")}),
                    store::StoreError);
    CHECK(w.store.dossiers().findByCode(d.code)->status == DossierStatus::AwaitingApproval);

    w.store.dossiers().act(d.code, {DossierAction::Approve, "", std::nullopt, pdf});
    const auto ops = w.store.outbox().pending();
    const auto payload = json::parse(ops.back().payload);
    REQUIRE(payload.contains("result_sha256"));
    const std::string sha = payload["result_sha256"];
    CHECK(readFileForTest(w.store.blobs().path(sha)) == "%PDF-1.7 signed result");
    CHECK(payload["result_file_name"] == "result.pdf");
    CHECK_FALSE(w.store.blobs().isUploaded(sha));
    w.store.blobs().markUploaded(sha);
    CHECK(w.store.blobs().isUploaded(sha));
    CHECK_THROWS_AS(w.store.blobs().path("../../etc/passwd"), store::StoreError);
}

TEST_CASE("per-day counts leave out what the server does not have yet", "[store][sync][counts]") {
    WardFixture w;
    const Dossier a = w.intake();
    const Dossier b = w.intake();
    w.intake();
    const Date today = w.clock.localNow().date();
    // All three are pending: the server has none of them yet.
    CHECK(w.store.pull().syncedDossierCounts(today, today).empty());
    const auto ops = w.store.outbox().pending();
    w.store.outbox().recordResults({{ops[0].opId, OpState::Applied, 1, ""},
                                    {ops[1].opId, OpState::Rejected, std::nullopt, "no"}});
    const auto counts = w.store.pull().syncedDossierCounts(today, today);
    REQUIRE(counts.size() == 1);
    CHECK(counts[0].day == today);
    CHECK(counts[0].dossiers == 1);  // the applied one; rejected and pending are not counted
    // A refused op lists its dossier for a fetch of the server's version.
    CHECK(w.store.pull().dossiersToRefetch() == std::vector<std::string>{b.code});
    w.store.pull().keepLocalVersion(b.code);
    CHECK(w.store.pull().dossiersToRefetch().empty());
    (void)a;
}

TEST_CASE("sync status shows the last success, the last error and what is pending",
          "[store][sync]") {
    WardFixture w;
    w.intake();
    auto s = w.store.pull().status();
    CHECK(s.pending == 1);
    CHECK_FALSE(s.lastSuccess);
    w.store.pull().recordAttempt(false, "cannot reach 10.0.0.1:8443");
    CHECK(w.store.pull().status().lastError == "cannot reach 10.0.0.1:8443");
    w.store.pull().recordAttempt(true, "");
    s = w.store.pull().status();
    CHECK(s.lastError.empty());
    REQUIRE(s.lastSuccess);
    CHECK(*s.lastSuccess == w.clock.localNow());
}

TEST_CASE("a refused op is resolved by accepting the server's version or redoing it as a new op",
          "[store][sync]") {
    WardFixture w;
    const Dossier d = w.intake();
    w.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    w.store.dossiers().editApplicant(d.code, WardFixture::applicant("Nguyễn Văn Đức Anh"));
    const auto ops = w.store.outbox().pending();
    REQUIRE(ops.size() == 3);
    w.store.outbox().recordResults(
        {{ops[0].opId, OpState::Applied, 1, ""},
         {ops[1].opId, OpState::Conflict, 2, "dossier is at version 2 on the server"},
         {ops[2].opId, OpState::Rejected, std::nullopt, "not allowed"}});
    REQUIRE(w.store.outbox().unresolved().size() == 2);
    CHECK(w.store.pull().status().conflicts == 1);

    // An op the server applied, or an unknown one, is not waiting to be resolved.
    CHECK_THROWS_AS(w.store.outbox().resolve(ops[0].opId, store::OpResolution::Redo),
                    store::StoreError);
    CHECK_THROWS_AS(w.store.outbox().resolve("no-such-op", store::OpResolution::AcceptServer),
                    store::StoreError);

    // Redo the edit: a new op with the same applicant; the refused one is closed.
    w.store.outbox().resolve(ops[2].opId, store::OpResolution::Redo);
    const auto pending = w.store.outbox().pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].kind == "dossier.edit");
    CHECK(pending[0].payload.find("Nguyễn Văn Đức Anh") != std::string::npos);
    // The forward, refused as a conflict, is accepted as the server has it.
    w.store.outbox().resolve(ops[1].opId, store::OpResolution::AcceptServer);
    CHECK(w.store.outbox().unresolved().empty());
    CHECK(w.store.pull().status().conflicts == 0);
    CHECK(w.count("SELECT count(*) FROM audit WHERE action = 'sync.resolve'") == 2);
    CHECK(w.store.audit().verify().ok);
}

TEST_CASE("the desk's sync and signing settings are kept, checked and audited",
          "[store][settings]") {
    WardFixture w;
    CHECK(w.store.settings().deskConfig() == store::DeskConfig{});
    const store::DeskConfig config{"https://motcua.hanoi.gov.vn:8443",
                                   "/etc/motcua/ca.pem",
                                   "http://tsa.example.vn/tsr",
                                   {"/usr/lib/vnpt-ca/libvnpt.so", "/opt/viettel/libv.so"},
                                   {"/etc/motcua/trust/root-ca.pem"}};
    w.store.settings().setDeskConfig(config);
    CHECK(w.store.settings().deskConfig() == config);
    CHECK(errcOf([&] {
              w.store.settings().setDeskConfig({"http://plain.example", "", "", {}, {}});
          }) == Errc::InvalidArgument);
    CHECK(errcOf([&] {
              w.store.settings().setDeskConfig({"", "", "", {"a\nb"}, {}});
          }) == Errc::InvalidArgument);
    CHECK(w.store.settings().deskConfig() == config);

    w.store.settings().updateWard("UBND phường Hoàn Kiếm", "Hà Nội", 4);
    CHECK(w.store.settings().ward().deskNumber == 4);
    CHECK(w.store.settings().ward().unitName == "UBND phường Hoàn Kiếm");
    CHECK(errcOf([&] { w.store.settings().updateWard("X", "Hà Nội", 10); }) ==
          Errc::DeskNumberRange);
    CHECK(w.count("SELECT count(*) FROM audit WHERE action LIKE 'settings.%'") == 2);
}

TEST_CASE("a pending approval's signed result is replaced by its timestamped extension only",
          "[store][sync]") {
    WardFixture w;
    const Dossier d = w.intake();
    w.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    w.store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt, ""});
    const std::string signedPdf = "%PDF-1.7 signed by the supervisor\n";
    w.store.dossiers().act(
        d.code, {DossierAction::Approve, "", std::nullopt, w.dir.write("signed.pdf", signedPdf)});
    auto pending = w.store.blobs().pendingSignedResults();
    REQUIRE(pending.size() == 1);
    const std::string opId = pending[0].opId;
    CHECK(readFileForTest(pending[0].path) == signedPdf);

    // Bytes that do not begin with the signed ones would break its signature: refused.
    CHECK_THROWS_AS(w.store.blobs().replacePendingResult(
                        opId, w.dir.write("other.pdf", "%PDF-1.7 something else entirely")),
                    store::StoreError);
    const std::string stamped = signedPdf + "% document timestamp appended\n";
    w.store.blobs().replacePendingResult(opId, w.dir.write("stamped.pdf", stamped));
    CHECK(w.store.blobs().pendingSignedResults().empty());  // timestamped: not again
    const auto ops = w.store.outbox().pending();
    const auto payload = nlohmann::json::parse(ops.back().payload);
    CHECK(readFileForTest(w.store.blobs().path(payload["result_sha256"])) == stamped);
    CHECK(payload["result_timestamped"] == true);
    CHECK(w.store.blobs().results(d.code).front().sha256 == payload["result_sha256"]);
    CHECK_THROWS_AS(w.store.blobs().replacePendingResult("no-such-op", w.dir.file("stamped.pdf")),
                    store::StoreError);
    CHECK(w.store.audit().verify().ok);
}

TEST_CASE(
    "changes the desk cannot apply are kept for a person, the newest thousand, each cut short",
    "[store][sync][limits]") {
    WardFixture w;
    std::vector<store::RemoteChange> changes;
    for (int i = 1; i <= 1005; ++i)
        changes.push_back({i, "dossier.unknown-kind",
                           "000.00.15.H30-260310-" + std::to_string(1000 + i % 999), 1, "",
                           "{\"padding\":\"" + std::string(100 * 1024, 'x') + "\"}"});
    const auto applied = w.store.pull().apply(changes, 1005);
    CHECK(applied.problems == 1005);
    CHECK(w.count("SELECT count(*) FROM sync_problems") == 1000);
    CHECK(w.count("SELECT min(seq) FROM sync_problems") == 6);  // the oldest went first
    CHECK(w.count("SELECT max(length(payload)) FROM sync_problems") == 16 * 1024);
    CHECK(w.store.pull().cursor() == 1005);  // and the pull went on past them
}

TEST_CASE("a redo whose marking fails is undone with it: the action is never queued twice",
          "[store][sync]") {
    WardFixture w;
    const Dossier d = w.intake();
    w.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    const auto ops = w.store.outbox().pending();
    REQUIRE(ops.size() == 2);
    w.store.outbox().recordResults({{ops[0].opId, OpState::Applied, 1, ""},
                                    {ops[1].opId, OpState::Rejected, std::nullopt, "not allowed"}});
    // The server's version (received) is what the desk holds again after the refetch.
    connectionOf(w.store).exec("UPDATE dossiers SET status = 'received' WHERE code = '" + d.code +
                               "'");
    const auto outboxSize = w.count("SELECT count(*) FROM outbox");

    // The mark fails after the redo has queued its op, as a full disk or a lost lock would.
    connectionOf(w.store).exec(
        "CREATE TEMP TRIGGER fail_mark BEFORE UPDATE OF resolved_at ON main.outbox "
        "BEGIN SELECT RAISE(ABORT, 'injected: cannot mark'); END");
    CHECK_THROWS_WITH(w.store.outbox().resolve(ops[1].opId, store::OpResolution::Redo),
                      Catch::Contains("injected"));
    CHECK(w.count("SELECT count(*) FROM outbox") == outboxSize);
    CHECK(w.store.dossiers().findByCode(d.code)->status == DossierStatus::Received);
    CHECK(w.store.outbox().unresolved().size() == 1);
    CHECK(w.store.audit().verify().ok);

    // Tried again once the fault is gone: one new op, one forward.
    connectionOf(w.store).exec("DROP TRIGGER temp.fail_mark");
    w.store.outbox().resolve(ops[1].opId, store::OpResolution::Redo);
    CHECK(w.count("SELECT count(*) FROM outbox") == outboxSize + 1);
    CHECK(w.count(
              "SELECT count(*) FROM outbox WHERE state = 'pending' AND payload LIKE '%forward%'") ==
          1);
    CHECK(w.store.dossiers().findByCode(d.code)->status == DossierStatus::InProgress);
    CHECK(w.store.outbox().unresolved().empty());

    // Inside a caller's transaction it is a part of that whole: rolled back with it.
    const auto edit =
        w.store.dossiers().editApplicant(d.code, WardFixture::applicant("Nguyễn Văn Đức Anh"));
    const auto pending = w.store.outbox().pending();
    w.store.outbox().recordResults({{pending.back().opId, OpState::Rejected, std::nullopt, "no"}});
    const auto before = w.count("SELECT count(*) FROM outbox");
    connectionOf(w.store).exec("BEGIN IMMEDIATE");
    w.store.outbox().resolve(pending.back().opId, store::OpResolution::Redo);
    CHECK(w.count("SELECT count(*) FROM outbox") == before + 1);
    connectionOf(w.store).exec("ROLLBACK");
    CHECK(w.count("SELECT count(*) FROM outbox") == before);
    CHECK(w.store.outbox().unresolved().size() == 1);
    (void)edit;
}
