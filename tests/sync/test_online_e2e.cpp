// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// An online submission through the real server: a connector submits it with a file, both desks
// of the ward pull it into their inboxes with the file, decide it apart, and the first decision
// the server applies wins; the other desk holds a conflict and takes the server's version.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../server/portal_fixture.h"
#include "desk_fixture.h"
#include "motcua/sync/engine.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

std::function<std::string(const Dossier&)> formOf(Desk& desk, const std::string& what) {
    return [&desk, what](const Dossier& after) {
        return desk.dir.write(after.code + "-" + what + ".pdf",
                              pdfWithText(what + " " + after.code));
    };
}

}  // namespace

TEST_CASE("a portal submission reaches both desks, is decided once, the other desk conflicts",
          "[sync][online][e2e]") {
    PortalFixture portal;
    Desk a(1), b(2);
    // The desks' clocks are the real one: the server checks an acceptance against its own.
    a.clock = FixedClock(std::chrono::system_clock::now());
    b.clock = FixedClock(std::chrono::system_clock::now());
    auto ta = transportTo(portal.server.https.port(), portal.server.pki.caCert);
    auto tb = transportTo(portal.server.https.port(), portal.server.pki.caCert);
    const auto sa = sync::login(*ta, "binh", kPassword);
    const auto sb = sync::login(*tb, "binh", kPassword);

    const std::string code = portal.submitted("DVCQG-E2E-1");
    for (Desk* desk : {&a, &b}) {
        auto& t = desk == &a ? *ta : *tb;
        const auto& s = desk == &a ? sa : sb;
        const auto report = sync::syncOnce(desk->store, t, s.token, desk->clock.localNow());
        CHECK(report.pull.applied.problems == 0);
        CHECK(report.submissionFilesFetched == 1);
        const auto inbox = desk->store.dossiers().inbox();
        REQUIRE(inbox.size() == 1);
        CHECK(inbox[0].dossier.code == code);
        CHECK(inbox[0].dossier.channel == Channel::Online);
        CHECK(inbox[0].dossier.portalRef == "DVCQG-E2E-1");
        CHECK(inbox[0].dossier.submittedAt.has_value());
        const auto d = desk->store.dossiers().findByCode(code);
        REQUIRE(d->documents.size() == 1);
        REQUIRE(d->documents[0].files.size() == 1);
        CHECK(
            readFileForTest(desk->store.blobs().path(d->documents[0].files[0])).rfind("%PDF", 0) ==
            0);
        CHECK(report.counts.agrees());
    }

    // Apart, desk 1 accepts and desk 2 refuses.
    store::ActionRequest accept;
    accept.action = DossierAction::Accept;
    accept.decisionForm = formOf(a, "Giay tiep nhan");
    a.store.dossiers().act(code, accept);
    store::ActionRequest refuse;
    refuse.action = DossierAction::Refuse;
    refuse.reason = "Không thuộc thẩm quyền";
    refuse.decisionForm = formOf(b, "Phieu tu choi");
    b.store.dossiers().act(code, refuse);

    const auto first = sync::syncOnce(a.store, *ta, sa.token, a.clock.localNow());
    CHECK(first.push.applied == 1);
    CHECK(first.push.blobs == 1);
    const auto second = sync::syncOnce(b.store, *tb, sb.token, b.clock.localNow());
    CHECK(second.push.conflicts == 1);
    CHECK(b.store.outbox().unresolved().size() == 1);
    // The server's version wins at the losing desk: accepted, with desk 1's register number.
    const auto atB = b.store.dossiers().findByCode(code);
    REQUIRE(atB);
    CHECK(atB->status == DossierStatus::Received);
    CHECK(atB->registerBook == 1);
    CHECK(atB->registerSequence == 1);
    CHECK(atB->receivedBy == "Cán bộ 1");
    CHECK(b.store.dossiers().inbox().empty());
    CHECK(a.store.outbox().pendingCount() == 0);
    CHECK(b.store.outbox().pendingCount() == 0);

    // The connector reads the status and the one notice.
    const Reply status = portal.portal.get("/api/v1/portal/submissions/" + code);
    REQUIRE(status.status == 200);
    const json s = json::parse(status.body);
    CHECK(s["status"] == "received");
    REQUIRE(s["notices"].size() == 1);
    CHECK(s["notices"][0]["kind"] == "accepted");
}
