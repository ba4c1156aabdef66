// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's sync engine against the real server over loopback TLS: pull brings other desks'
// work, blobs go up before the ops naming them and resume after a cut, the count check finds
// and repairs drift, and an online login allows an offline one later.
#include <catch2/catch.hpp>

#include "../support/store_connection.h"
#include "desk_fixture.h"
#include "fault_proxy.h"
#include "motcua/demo/demo.h"
#include "motcua/sync/blobs.h"
#include "motcua/sync/engine.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// Two desks of the ward against one server, each logged in over its own connection.
struct TwoDesks {
    ServerFixture server;
    Desk a{1};
    Desk b{2};
    std::unique_ptr<sync::HttpsTransport> ta = transportTo(server.https.port(), server.pki.caCert);
    std::unique_ptr<sync::HttpsTransport> tb = transportTo(server.https.port(), server.pki.caCert);
    sync::Session sa = sync::login(*ta, "binh", kPassword);
    sync::Session sb = sync::login(*tb, "binh", kPassword);
};

}  // namespace

TEST_CASE_METHOD(TwoDesks,
                 "a dossier taken at one desk reaches another desk of the ward by pull, and back",
                 "[sync][pull]") {
    const Dossier taken = a.intake("Phạm Thị Hồng Nhung");
    a.store.dossiers().act(taken.code, {DossierAction::Forward, "", std::nullopt, ""});
    const auto first = sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    CHECK(first.push.applied == 2);
    CHECK(first.pull.applied.current == 2);  // its own ops come back and change nothing
    CHECK(first.pull.applied.inserted == 0);

    const auto atB = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(atB.pull.applied.inserted == 1);
    const auto copy = b.store.dossiers().findByCode(taken.code);
    REQUIRE(copy);
    CHECK(copy->applicant.fullName == "Phạm Thị Hồng Nhung");
    CHECK(copy->status == DossierStatus::InProgress);
    CHECK(copy->version == 2);
    CHECK(copy->procedureName == taken.procedureName);
    CHECK(copy->dueAt == taken.dueAt);
    CHECK(b.store.dossiers().list({.search = "nhung"}).size() ==
          1);  // searchable at the other desk
    CHECK(b.store.pull().cursor() > 0);
    CHECK(atB.counts.agrees());

    // Desk B carries it on; desk A sees the new status after its next pull.
    b.store.dossiers().act(taken.code, {DossierAction::SubmitForApproval, "", std::nullopt, ""});
    const auto fromB = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(fromB.push.applied == 1);
    const auto back = sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    CHECK(back.pull.applied.updated == 1);
    CHECK(a.store.dossiers().findByCode(taken.code)->status == DossierStatus::AwaitingApproval);
    CHECK(a.store.dossiers().findByCode(taken.code)->version == 3);

    // Nothing new: a pull again changes nothing and keeps the cursor.
    const auto cursor = a.store.pull().cursor();
    const auto again = sync::pullChanges(a.store, *ta, sa.token);
    CHECK(again.changes == 0);
    CHECK(a.store.pull().cursor() == cursor);
    CHECK(a.store.audit().verify().ok);
    CHECK(b.store.audit().verify().ok);
}

TEST_CASE_METHOD(TwoDesks,
                 "a dossier this desk changed and has not pushed is held back, not overwritten",
                 "[sync][pull]") {
    const Dossier d = a.intake("Lê Văn Tám");
    sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());

    // Both desks act on version 1 offline; A reaches the server first.
    a.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    b.store.dossiers().act(d.code, {DossierAction::RequestSupplement,
                                    "Thiếu bản sao giấy khai sinh", std::nullopt, ""});
    sync::pushOutbox(a.store, *ta, sa.token);
    const auto pulledFirst = sync::pullChanges(b.store, *tb, sb.token);
    CHECK(pulledFirst.applied.heldBack == 1);
    CHECK(b.store.dossiers().findByCode(d.code)->status == DossierStatus::SupplementRequested);

    // B's push meets the conflict; the op keeps the server's answer; then B takes the server's
    // version on the next pull, and the conflicting op stays listed for a person.
    const auto pushed = sync::pushOutbox(b.store, *tb, sb.token);
    CHECK(pushed.conflicts == 1);
    const auto unresolved = b.store.outbox().unresolved();
    REQUIRE(unresolved.size() == 1);
    CHECK(unresolved[0].state == OpState::Conflict);
    CHECK(unresolved[0].result.find("version") != std::string::npos);

    // The next pass takes the server's version of the dossier; the refused op stays listed.
    const auto next = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(next.refetched == 1);
    CHECK(b.store.dossiers().findByCode(d.code)->status == DossierStatus::InProgress);
    CHECK(b.store.dossiers().findByCode(d.code)->version == 2);
    CHECK(b.store.outbox().unresolved().size() == 1);
    CHECK(b.store.pull().dossiersToRefetch().empty());
    CHECK(next.counts.agrees());
    CHECK(b.store.audit().verify().ok);
}

TEST_CASE_METHOD(TwoDesks,
                 "a scan added to a document after intake goes up with its file and reaches the "
                 "other desk",
                 "[sync][pull][documents]") {
    const Dossier d = a.intake("Đỗ Thị Mai");
    sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    const std::string bytes = "%PDF-1.4 a scan made after intake";
    a.store.dossiers().addDocumentFiles(d.code, 0, {a.dir.write("to-khai.pdf", bytes)});
    const auto pushed = sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    CHECK(pushed.push.applied == 1);
    CHECK(pushed.push.blobs == 1);  // the scan went up before the op naming it
    CHECK(a.store.outbox().pendingCount() == 0);
    const auto atB = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(atB.pull.applied.updated == 1);
    const auto copy = b.store.dossiers().findByCode(d.code);
    REQUIRE(copy);
    CHECK(copy->documents[0].files == std::vector<std::string>{sha256Hex(bytes)});
    CHECK(copy->version == 2);
    CHECK(b.store.audit().verify().ok);
}

TEST_CASE("attachments go up before their ops, and a cut upload resumes where the server stands",
          "[sync][blobs][faults]") {
    ServerFixture server;
    Desk a(1);
    std::string big(300 * 1024, 'x');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
    const std::string path = a.dir.write("scan.pdf", big);
    const std::string sha = sha256Hex(big);

    // Connections: 0 login, 1 HEAD, 2 first 64 KiB piece, 3 the second piece: cut after 30 KiB.
    FaultProxy proxy(server.https.port(), [](int n) {
        return n == 3 ? Fault{Fault::Kind::DropRequestAfter, 30 * 1024, {}} : Fault{};
    });
    auto viaProxy = transportTo(proxy.port(), server.pki.caCert);
    const auto session = sync::login(*viaProxy, "binh", kPassword);
    try {
        sync::uploadBlob(*viaProxy, session.token, sha, path, 64 * 1024);
        FAIL("the cut upload did not fail");
    } catch (const sync::SyncError& e) {
        CHECK(e.code() == sync::SyncError::Code::Network);
    }
    // The next call asks the server where it stands and sends only the rest.
    const auto sent = sync::uploadBlob(*viaProxy, session.token, sha, path, 64 * 1024);
    CHECK(sent == static_cast<std::int64_t>(big.size()) - 64 * 1024);
    auto client = server.client();
    client.login("binh", kPassword);
    const auto stored = client.get("/api/v1/blobs/" + sha);
    CHECK(stored.status == 200);
    CHECK(stored.body == big);
    CHECK(sync::uploadBlob(*viaProxy, session.token, sha, path) == 0);  // already there

    // Through the engine: the intake's attachment is on the server before the intake op.
    auto direct = transportTo(server.https.port(), server.pki.caCert);
    const Dossier d = a.intake("Đỗ Thị Mai", "mai", 5000);
    REQUIRE(d.attachments.size() == 1);
    const auto report = sync::syncOnce(a.store, *direct, session.token, a.clock.localNow());
    CHECK(report.push.blobs == 1);
    CHECK(report.push.blobBytes == 5000);
    CHECK(a.store.blobs().isUploaded(d.attachments[0].sha256));
    CHECK(client.get("/api/v1/blobs/" + d.attachments[0].sha256).body ==
          readFileForTest(a.store.blobs().path(d.attachments[0].sha256)));
    CHECK(server.store.stats().blobs == 2);
}

TEST_CASE("a cut upload is resumed, not restarted", "[sync][blobs][faults]") {
    ServerFixture server;
    Desk a(1);
    const std::string bytes(256 * 1024, 'z');
    const std::string path = a.dir.write("big.bin", bytes + "end");
    const std::string sha = sha256Hex(bytes + "end");
    auto direct = transportTo(server.https.port(), server.pki.caCert);
    const auto session = sync::login(*direct, "binh", kPassword);
    // Two of five pieces reach the server, then the network goes.
    class CutAfter : public sync::Transport {
    public:
        CutAfter(sync::Transport& inner, int puts) : m_inner(inner), m_left(puts) {}
        sync::HttpReply send(const std::string& m, const std::string& p, const std::string& b,
                             const std::string& t) override {
            return exchange({m, p, b, t, "application/json", {}});
        }
        sync::HttpReply exchange(const sync::HttpRequest& r) override {
            if (r.method == "PUT" && m_left-- <= 0)
                throw sync::SyncError(sync::SyncError::Code::Network, "cable pulled");
            if (r.method == "PUT") bytes += static_cast<std::int64_t>(r.body.size());
            return m_inner.exchange(r);
        }
        std::int64_t bytes = 0;

    private:
        sync::Transport& m_inner;
        int m_left;
    } cut(*direct, 2);
    CHECK_THROWS_AS(sync::uploadBlob(cut, session.token, sha, path, 64 * 1024), sync::SyncError);
    CHECK(cut.bytes == 128 * 1024);
    CutAfter rest(*direct, 100);
    CHECK(sync::uploadBlob(rest, session.token, sha, path, 64 * 1024) ==
          static_cast<std::int64_t>(bytes.size() + 3 - 128 * 1024));
    CHECK(rest.bytes == static_cast<std::int64_t>(bytes.size() + 3 - 128 * 1024));
}

TEST_CASE_METHOD(
    TwoDesks,
    "the count check finds a day the desk is missing and repairs it by re-pulling it alone",
    "[sync][counts]") {
    for (int i = 0; i < 12; ++i) a.intake("Người nộp " + std::to_string(i));
    sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    REQUIRE(b.dossierCount() == 12);

    // Drift: three dossiers vanish from desk B (a restored backup, a bug); its cursor says it
    // has seen them, so an ordinary pull would never bring them back.
    {
        auto& db = connectionOf(b.store);
        db.exec("PRAGMA foreign_keys = OFF");
        db.exec("DELETE FROM dossiers WHERE id IN (SELECT id FROM dossiers ORDER BY id LIMIT 3)");
        db.exec("PRAGMA foreign_keys = ON");
    }
    REQUIRE(b.dossierCount() == 9);
    const auto cursor = b.store.pull().cursor();
    const Date today = b.clock.localNow().date();
    const auto check = sync::checkCounts(b.store, *tb, sb.token, today, today);
    REQUIRE(check.mismatches.size() == 1);
    CHECK(check.mismatches[0].desk == 9);
    CHECK(check.mismatches[0].server == 12);
    CHECK(check.mismatches[0].deskAfterRepair == 12);
    CHECK(check.repairedDossiers == 3);
    CHECK(check.agrees());
    CHECK(b.dossierCount() == 12);
    CHECK(b.store.pull().cursor() == cursor);  // a targeted re-pull, not a reset

    // The other way: dossiers the server lacks (here, demo history never synced) are reported.
    demo::generate(b.store, 5, 1, 7);
    const Date from{today.year() / today.month() / std::chrono::day{1}};
    const auto extra =
        sync::checkCounts(b.store, *tb, sb.token, Date{Days{from} - std::chrono::days{40}}, today);
    CHECK_FALSE(extra.agrees());
    std::int64_t surplus = 0;
    for (const auto& m : extra.mismatches) surplus += m.deskAfterRepair - m.server;
    CHECK(surplus == 5);
}

TEST_CASE(
    "an online login lets the person sign in at this desk offline later, and only with that "
    "password",
    "[sync][accounts]") {
    ServerFixture server;
    Desk a(1);
    auto t = transportTo(server.https.port(), server.pki.caCert);
    CHECK_FALSE(
        a.store.accounts().signInOffline("binh", kPassword));  // never logged in online here
    const auto session = sync::loginAndRemember(a.store, *t, "binh", kPassword);
    CHECK(session.role == "officer");
    CHECK_FALSE(a.store.accounts().signInOffline("binh", "wrong password"));
    const auto account = a.store.accounts().signInOffline("binh", kPassword);
    REQUIRE(account);
    CHECK(account->fullName == "Trần Thị Bình");
    CHECK(a.store.settings().ward().officerName == "Trần Thị Bình");
    // The account list comes from pull too, but no password or verifier leaves the server.
    sync::syncOnce(a.store, *t, session.token, a.clock.localNow());
    const auto accounts = a.store.accounts().wardAccounts();
    REQUIRE_FALSE(accounts.empty());
    CHECK(accounts[0].username == "binh");
    CHECK(accounts[0].offlineSignIn);
    // A wrong password online is refused and nothing is remembered.
    CHECK_THROWS_AS(sync::loginAndRemember(a.store, *t, "lan", "sai mật khẩu"), sync::SyncError);
    CHECK_FALSE(a.store.accounts().signInOffline("lan", "sai mật khẩu"));
}

TEST_CASE("a server out of reach leaves everything in place and is recorded for the status bar",
          "[sync][faults]") {
    Desk a(1);
    a.intake("Hoàng Văn Nam", "nam", 1000);
    sync::HttpsTransport nowhere({"https://127.0.0.1:1", "", std::chrono::seconds(2)});
    CHECK_THROWS_AS(sync::syncOnce(a.store, nowhere, "token", a.clock.localNow()), sync::SyncError);
    const auto status = a.store.pull().status();
    CHECK(status.pending == 1);
    CHECK_FALSE(status.lastError.empty());
    CHECK_FALSE(status.lastSuccess);
    CHECK(a.store.pull().cursor() == 0);
}

TEST_CASE_METHOD(
    TwoDesks, "a draft result submitted for approval at one desk arrives at the supervisor's desk",
    "[sync][results]") {
    const Dossier d = a.intake("Bùi Văn Khánh");
    a.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    const std::string draft = a.dir.write("ket-qua.pdf", "%PDF-1.7 draft result of " + d.code);
    a.store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt, draft});
    const auto pushed = sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    CHECK(pushed.push.blobs == 1);  // the draft went up before the op naming it

    const auto pulled = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(pulled.resultsFetched == 1);
    const auto results = b.store.blobs().results(d.code);
    REQUIRE(results.size() == 1);
    CHECK_FALSE(results[0].isSigned);
    CHECK(results[0].fileName == "ket-qua.pdf");
    CHECK(results[0].present);
    CHECK(readFileForTest(results[0].path) == readFileForTest(draft));
    CHECK(b.store.dossiers().findByCode(d.code)->status == DossierStatus::AwaitingApproval);
    // Nothing more to fetch on the next pass; bytes that do not match a hash are refused.
    CHECK(sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow()).resultsFetched == 0);
    CHECK_THROWS_AS(
        b.store.blobs().adopt(results[0].sha256, b.dir.write("other.pdf", "other bytes")),
        store::StoreError);
}
