// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Electronic results end to end: a supervisor approves offline at her desk with a result signed
// on the SoftHSM2 token; the desk numbers it `<code>-KQ01`; once synced the server confirms the
// number, keeps the result in the citizens' store under the applicant's CCCD, and the citizen's
// notice is mailed once, with the signed result attached; the citizen's tracking page lists it
// and serves it; another desk of the ward learns the code on pull.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mail_fixture.h"
#include "motcua/core/tracking_key.h"
#include "motcua/signing/verify.h"
#include "motcua/sync/engine.h"
#include "supervisor_server.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "support/sha256_hex.h"
#include "sync/desk_fixture.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("a result approved offline gets -KQ01, reaches the citizen's store, and is told once",
          "[server][e-result][smtp]") {
    const SigningFixture& pki = SigningFixture::instance();
    TempDir dir;
    SupervisorServer server(dir, pki);
    SmtpSink sink;
    MailLog log;
    server::NoticeMailer mailer(server.store, Mailer::config(sink, log));
    server.store.setNoticeListener([&] { mailer.wake(); });
    mailer.start();

    // Offline at the desk: intake (the citizen gave an e-mail), forward, submit, approve.
    Desk desk(1);
    Applicant applicant = applicantNamed("Trương Văn Lộc");
    applicant.email = "loc@example.vn";
    const Dossier d = desk.store.dossiers().intake(intakeRequest("2.000815", applicant));
    desk.store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
    desk.store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt,
                                       desk.dir.write("draft.pdf", makeClassicPdf(false))});
    std::string signedPdf;
    {
        TokenLogin login;
        signedPdf =
            signing::signPdf(makeClassicPdf(false), *login.signer(kRsaId), signOptions("Duyệt"));
    }
    desk.store.dossiers().act(d.code, {DossierAction::Approve, "", std::nullopt,
                                       desk.dir.write("ket-qua.pdf", signedPdf)});
    const std::string resultCode = d.code + "-KQ01";
    const std::string resultSha = sha256Hex(signedPdf);
    // The desk gave the number offline: the result, the dossier and the approval op carry it.
    {
        const auto results = desk.store.blobs().results(d.code);
        REQUIRE(results.size() == 2);  // the signed result, then the draft
        CHECK(results[0].isSigned);
        CHECK(results[0].resultCode == resultCode);
        CHECK(results[1].resultCode.empty());
        const auto local = desk.store.dossiers().findByCode(d.code);
        REQUIRE(local);
        REQUIRE(local->electronicResults.size() == 1);
        CHECK(local->electronicResults[0].code == resultCode);
        CHECK(local->electronicResults[0].sha256 == resultSha);
        CHECK(local->electronicResults[0].size == static_cast<std::int64_t>(signedPdf.size()));
        const auto ops = desk.store.outbox().pending();
        REQUIRE_FALSE(ops.empty());
        CHECK(nlohmann::json::parse(ops.back().payload)["result_code"] == resultCode);
    }
    CHECK(server.store.citizenResults(kApplicantIdNumber).empty());
    CHECK(server.store.notices(false).empty());

    // Online: the pass pushes the approval, and the server confirms the number.
    auto transport = transportTo(server.https.port(), server.tls.caCert);
    const auto session = sync::login(*transport, "hoa", kPassword);
    const auto report =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow());
    CHECK(report.push.applied == 4);
    CHECK(report.push.rejected == 0);

    const auto stored = server.store.citizenResults(kApplicantIdNumber);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].code == resultCode);
    CHECK(stored[0].dossierCode == d.code);
    CHECK(stored[0].ward == kWard);
    CHECK(stored[0].procedureCode == "2.000815");
    CHECK(stored[0].sha256 == resultSha);
    CHECK(stored[0].fileName == "ket-qua.pdf");
    CHECK(stored[0].size == static_cast<std::int64_t>(signedPdf.size()));
    CHECK(server.store.citizenResults("001099099999").empty());

    // The citizen is told once: the notice, mailed with the signed result attached.
    REQUIRE(log.waitFor("notice.sent", 1));
    {
        const auto messages = sink.messages();
        REQUIRE(messages.size() == 1);
        REQUIRE(messages[0].recipients.size() == 1);
        CHECK(messages[0].recipients[0].find("loc@example.vn") != std::string::npos);
        const auto [subject, parts] = readMessage(messages[0].data);
        CHECK_THAT(subject, Catch::Contains(d.code) && Catch::Contains("kết quả"));
        REQUIRE(parts.size() == 2);
        CHECK(parts[1].contentType.rfind("application/pdf", 0) == 0);
        CHECK(sha256Hex(parts[1].content) == resultSha);
        // What was mailed is the signed result, and it verifies.
        const auto reports = signing::verifyPdf(parts[1].content, {pki.rootPem()});
        REQUIRE(reports.size() == 1);
        CHECK(reports[0].ok());
    }
    const auto notices = server.store.notices(false);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == "result_ready");
    CHECK(notices[0].code == d.code);
    CHECK(notices[0].formSha256 == resultSha);
    CHECK(notices[0].sent);
    CHECK(notices[0].attempts == 1);

    // A second pass changes nothing: no second result, no second notice.
    const auto again = sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow());
    CHECK(again.push.applied == 0);
    CHECK(server.store.citizenResults(kApplicantIdNumber).size() == 1);
    CHECK(server.store.notices(false).size() == 1);
    CHECK(server.store.notices(true).empty());

    // The citizen's page, opened with the receipt's key, lists the result with what the
    // verifier says of its signature, and serves the signed PDF.
    const auto tracked = desk.store.dossiers().findByCode(d.code);
    REQUIRE(tracked);
    REQUIRE(isTrackingKey(tracked->trackingKey));
    TestClient browser(server.https.port(), server.tls.caCert);
    browser.protocol = std::nullopt;
    const Reply page = browser.get("/tra-cuu/" + d.code + "?k=" + tracked->trackingKey);
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains(">" + resultCode + "</a>") &&
                              Catch::Contains("<span class=\"ok\">hợp lệ</span>"));
    const Reply download =
        browser.get("/tra-cuu/" + d.code + "/" + resultCode + "?k=" + tracked->trackingKey);
    REQUIRE(download.status == 200);
    CHECK(sha256Hex(download.body) == resultSha);

    // The dossier is finished by its electronic return (trả kết quả điện tử).
    desk.clock.advance(std::chrono::hours(1));
    desk.store.dossiers().act(d.code, {DossierAction::ReturnElectronic, "", std::nullopt, ""});
    const auto finished =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow());
    CHECK(finished.push.applied == 1);
    CHECK(finished.push.rejected == 0);

    // Another desk of the ward learns the result, its number and the return on pull.
    Desk other(2);
    const auto pulled =
        sync::syncOnce(other.store, *transport, session.token, other.clock.localNow());
    CHECK(pulled.pull.applied.problems == 0);
    const auto there = other.store.dossiers().findByCode(d.code);
    REQUIRE(there);
    CHECK(there->status == DossierStatus::Returned);
    CHECK(there->returnedAt == desk.clock.localNow());
    REQUIRE(there->electronicResults.size() == 1);
    CHECK(there->electronicResults[0].code == resultCode);
    CHECK(there->electronicResults[0].sha256 == resultSha);
    const auto otherResults = other.store.blobs().results(d.code);
    bool found = false;
    for (const auto& r : otherResults)
        if (r.sha256 == resultSha) {
            found = true;
            CHECK(r.isSigned);
            CHECK(r.resultCode == resultCode);
            CHECK(r.present);  // the pass fetched the bytes
        }
    CHECK(found);
    server.store.setNoticeListener({});
    mailer.stop();
}
