// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// PAdES B-T for signatures made offline: a supervisor's desk approves with a result signed on
// the SoftHSM2 token while offline; once the server (and the test TSA) is reachable, the sync
// pass gives the signed result a document timestamp before pushing, and the server's approval
// check accepts it, the approver still being the supervisor, not the TSA.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motcua/sync/offline_timestamps.h"
#include "motcua/signing/verify.h"
#include "motcua/sync/engine.h"
#include "motcua/sync/tsa_client.h"
#include "supervisor_server.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "signing/tsa_fixture.h"
#include "support/test_tsa.h"
#include "sync/desk_fixture.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("an approval signed offline is time-stamped before it goes and the server accepts it",
          "[server][tsa]") {
    const SigningFixture& pki = SigningFixture::instance();
    TempDir dir;
    SupervisorServer server(dir, pki);
    const TestTsa tsa(server.tls.serverCert, server.tls.serverKey,
                      TsaFixture::instance().chainPem(), TsaFixture::instance().keyPem());

    // Offline at the desk: intake, forward, submit with a draft, approve with the signed result.
    Desk desk(1);
    const Dossier d = desk.intake("Trương Văn Lộc");
    desk.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    desk.store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt,
                                       desk.dir.write("draft.pdf", makeClassicPdf(false))});
    {
        TokenLogin login;
        auto signer = login.signer(kRsaId);
        const std::string signedPdf =
            signing::signPdf(makeClassicPdf(false), *signer, signOptions("Phê duyệt"));
        desk.store.dossiers().act(d.code, {DossierAction::Approve, "", std::nullopt,
                                           desk.dir.write("signed.pdf", signedPdf)});
    }
    REQUIRE(desk.store.blobs().pendingSignedResults().size() == 1);

    // Online: the pass time-stamps through the test TSA, then pushes.
    auto transport = transportTo(server.https.port(), server.tls.caCert);
    const auto session = sync::login(*transport, "hoa", kPassword);
    const std::string tsaUrl = tsa.url();
    sync::SyncOptions options;
    options.beforePush = [&](store::Store& s) {
        return sync::timestampOfflineSignatures(s,
                                                [&](const std::string& query) {
                                                    return sync::postTimestampQuery(
                                                        tsaUrl, server.tls.caCert, query,
                                                        std::chrono::seconds(10));
                                                })
            .stamped;
    };
    const auto report =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow(), options);
    CHECK(report.timestamped == 1);
    CHECK(report.push.applied == 4);
    CHECK(report.push.rejected == 0);  // the approver is the supervisor, not the TSA after her
    CHECK(desk.store.blobs().pendingSignedResults().empty());
    CHECK(desk.store.audit().verify().ok);

    // What the server holds is B-T: the supervisor's signature, then a document timestamp.
    const auto results = desk.store.blobs().results(d.code);
    REQUIRE_FALSE(results.empty());
    REQUIRE(results.front().isSigned);
    auto client = TestClient(server.https.port(), server.tls.caCert);
    client.login("hoa", kPassword);
    const auto blob = client.get("/api/v1/blobs/" + results.front().sha256);
    REQUIRE(blob.status == 200);
    const auto reports = signing::verifyPdf(blob.body, {pki.rootPem()});
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].ok());
    CHECK(reports[0].timestamped);
    CHECK(reports[1].documentTimestamp);
    CHECK(reports[1].ok());
    CHECK(reports[1].coversWholeFile);

    // A TSA out of reach holds nothing up: the result waits for its timestamp, unchanged, and
    // the approval still goes (as B-B) and is accepted.
    const Dossier second = desk.intake("Mai Thị Xuân");
    desk.store.dossiers().act(second.code, {DossierAction::Forward, "", std::nullopt, ""});
    desk.store.dossiers().act(second.code, {DossierAction::SubmitForApproval, "", std::nullopt,
                                            desk.dir.write("draft2.pdf", makeClassicPdf(false))});
    {
        TokenLogin login;
        auto signer = login.signer(kRsaId);
        desk.store.dossiers().act(
            second.code,
            {DossierAction::Approve, "", std::nullopt,
             desk.dir.write("signed2.pdf", signing::signPdf(makeClassicPdf(false), *signer,
                                                            signOptions("Phê duyệt")))});
    }
    const auto before = desk.store.blobs().pendingSignedResults();
    REQUIRE(before.size() == 1);
    const auto unreachable =
        sync::timestampOfflineSignatures(desk.store, [](const std::string&) -> std::string {
            throw sync::SyncError(sync::SyncError::Code::Network, "no route to the TSA");
        });
    CHECK(unreachable.stamped == 0);
    CHECK(unreachable.waiting == 1);
    CHECK_THAT(unreachable.error, Catch::Contains("no route"));
    REQUIRE(desk.store.blobs().pendingSignedResults().size() == 1);
    CHECK(desk.store.blobs().pendingSignedResults()[0].sha256 == before[0].sha256);
    const auto later = sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow());
    CHECK(later.push.applied == 4);
    CHECK(later.push.rejected == 0);
}
