// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The supervisor's approval inbox under Xvfb with a SoftHSM2 token and the reference server:
// three dossiers approved and signed offline with one PIN entry; once the server is reachable
// the approvals and the signed PDFs arrive and pass its signature check.
#include <wx/listctrl.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "approval_dialog.h"
#include "detail_dialog.h"
#include "pin_dialog.h"
#include "gui_fixture.h"
#include "motcua/signing/verify.h"
#include "signing/pdf_samples.h"
#include "signing/fault_token.h"
#include "signing/signing_fixture.h"
#include "signing_dialogs.h"
#include "sync/desk_fixture.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

/// Dossiers taken, forwarded and submitted for approval with a draft result, at the desk.
std::vector<std::string> awaitingApproval(const DeskFixture& f, int n) {
    SystemClock clock;
    auto s = store::Store::open(f.dbPath, false, clock);
    std::vector<std::string> codes;
    for (int i = 0; i < n; ++i) {
        const Dossier d = s.dossiers().intake(
            intakeRequest("2.000815", applicantNamed("Người nộp " + std::to_string(i))));
        s.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
        const std::string draft =
            f.dir.write("draft-" + std::to_string(i) + ".pdf", makeClassicPdf(false));
        s.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt, draft});
        codes.push_back(d.code);
    }
    return codes;
}

}  // namespace

TEST_CASE(
    "a supervisor approves and signs three dossiers offline with one PIN, and the server accepts "
    "them later",
    "[gui][approvals]") {
    const SigningFixture& pki = SigningFixture::instance();
    ServerFixture server;
    server.store.setTrust({pki.rootPem()}, {});
    server.store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword,
                          signing::readPemCertificates(pki.file("rsa.pem"))},
                         1000);
    DeskFixture f(0, "en");
    const auto codes = awaitingApproval(f, 3);
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        // Offline: nobody listens on port 1.
        s.settings().setDeskConfig(
            {"https://127.0.0.1:1", server.pki.caCert, "", {kSoftHsmModule}, {pki.rootPem()}});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    auto& context = f.desk->context();
    context.tokens->setPollInterval(200ms);
    context.sync->setInterval(300ms);
    context.sync->signIn("hoa", kPassword);

    app::ApprovalDialog* inbox = frame->openApprovals();
    REQUIRE(inbox);
    REQUIRE(pumpUntil([&] { return inbox->rowCount() == 3; }));
    const bool chosen = pumpUntil([&] { return inbox->chooseCertificate(kRsaId); });
    for (const auto& t : context.tokens->snapshot().tokens) {
        UNSCOPED_INFO("token " << t.token.label << " certificates " << t.certificates.size());
        for (const auto& c : t.certificates) UNSCOPED_INFO("  " << c.idHex << " " << c.commonName);
    }
    for (const auto& p : context.tokens->snapshot().problems) UNSCOPED_INFO("problem " << p);
    REQUIRE(chosen);
    inbox->select({codes[0]});
    REQUIRE(pumpUntil(
        [&] { return inbox->previewedCode() == codes[0]; }));  // the page as it will be signed
    inbox->select(codes);

    if (const char* out = std::getenv("MOTCUA_SCREENSHOT_DIR")) {
        REQUIRE(screenshot(inbox, std::string(out) + "/approvals-en.png"));
        // The PIN dialog as it looks when the token reports a wrong PIN before.
        app::PinRequest low{kTokenLabel, "Signer RSA-2048", {}, false, "", 3};
        low.status.countLow = true;
        auto* pin = new app::PinDialog(inbox, low);
        pin->Show();
        REQUIRE(screenshot(pin, std::string(out) + "/pin-low-tries-en.png"));
        pin->Destroy();
    }
    int pinAsked = 0;
    inbox->askPin = [&](const app::PinRequest& request) -> std::optional<std::string> {
        ++pinAsked;
        CHECK(request.documents == 3);
        CHECK(request.tokenLabel == kTokenLabel);
        return std::string(kPin);
    };
    std::optional<app::BatchOutcome> outcome;
    inbox->onBatchDone = [&](const app::BatchOutcome& o) { outcome = o; };
    inbox->approveSelected();
    REQUIRE(pumpUntil([&] { return outcome.has_value(); }, 60s));
    INFO(outcome->error);
    CHECK(outcome->done == 3);
    CHECK(outcome->error.empty());
    CHECK(pinAsked == 1);  // one PIN entry for the batch

    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        for (const auto& code : codes) {
            CHECK(s.dossiers().findByCode(code)->status == DossierStatus::Approved);
            const auto results = s.blobs().results(code);
            REQUIRE_FALSE(results.empty());
            CHECK(results.front().isSigned);
            const auto reports =
                signing::verifyPdf(readFileForTest(results.front().path), {pki.rootPem()});
            REQUIRE(reports.size() == 1);
            CHECK(reports[0].ok());
        }
        CHECK(s.outbox().pendingCount() == 12);  // intake, forward, submit, approve: all waiting
        CHECK(server.store.stats().dossiers == 0);
        // The server becomes reachable.
        s.settings().setDeskConfig({"https://127.0.0.1:" + std::to_string(server.https.port()),
                                    server.pki.caCert,
                                    "",
                                    {kSoftHsmModule},
                                    {pki.rootPem()}});
    }
    context.sync->syncNow();
    REQUIRE(pumpUntil(
        [&] {
            return context.sync->snapshot().state == app::SyncSnapshot::State::Online &&
                   context.sync->snapshot().pending == 0;
        },
        30s));
    const auto stats = server.store.stats();
    CHECK(stats.dossiers == 3);
    CHECK(stats.opsApplied == 12);
    CHECK(stats.rejected == 0);  // the server's signature check accepted every approval
    auto client = server.client();
    client.login("hoa", kPassword);
    for (const auto& code : codes) {
        const auto day = std::string("20") + code.substr(code.size() - 11, 2) + "-" +
                         code.substr(code.size() - 9, 2) + "-" + code.substr(code.size() - 7, 2);
        const auto snapshot =
            sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=" + day).body);
        bool approved = false;
        for (const auto& c : snapshot.changes)
            if (c.entityId == code)
                approved = c.status == "approved" &&
                           nlohmann::json::parse(c.payload).contains("result_sha256");
        CHECK(approved);
    }
    inbox->Destroy();
}

TEST_CASE("the token panel lists the plugged token's certificates with their expiry",
          "[gui][approvals]") {
    const SigningFixture& pki = SigningFixture::instance();
    DeskFixture f(0, "en");
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        s.settings().setDeskConfig(
            {"", "", "", {kSoftHsmModule, "/nonexistent/libvendor-pkcs11.so"}, {pki.rootPem()}});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    f.desk->context().tokens->setPollInterval(200ms);
    auto* panel = new app::TokenDialog(frame, *f.desk->context().tokens, *f.desk->context().clock);
    panel->Show();
    REQUIRE(pumpUntil([&] { return panel->rowCount() >= 1; }));
    // A module that cannot be loaded is named with the reason; the others keep working.
    REQUIRE(pumpUntil([&] { return panel->problemsText().Contains("libvendor-pkcs11.so"); }));
    // SoftHSM keeps a blank token in a free slot: its row says so, and no row is left unnamed.
    auto* rows = dynamic_cast<wxListCtrl*>(wxWindow::FindWindowByName("tokenList", panel));
    REQUIRE(rows);
    bool blank = false;
    for (long i = 0; i < rows->GetItemCount(); ++i) {
        CHECK_FALSE(rows->GetItemText(i, 0).empty());
        if (rows->GetItemText(i, 4).Contains("not initialised"))
            blank = rows->GetItemText(i, 0).StartsWith("Slot ");
    }
    CHECK(blank);
    if (const char* out = std::getenv("MOTCUA_SCREENSHOT_DIR"))
        REQUIRE(screenshot(panel, std::string(out) + "/tokens-en.png"));
    panel->Destroy();

    // The verification view reports a signed PDF as motcua verify does.
    auto* verify = new app::VerifyDialog(frame, f.desk->context());
    verify->Show();
    const std::string unsignedPdf = f.dir.write("plain.pdf", makeClassicPdf(false));
    verify->open(unsignedPdf);
    REQUIRE(pumpUntil([&] { return verify->verdict().Contains("no signature"); }));
    verify->Destroy();
}

TEST_CASE(
    "a token pulled mid-batch leaves a clear message, the signed dossiers approved and the rest "
    "untouched",
    "[gui][approvals]") {
    const SigningFixture& pki = SigningFixture::instance();
    FaultControl fault;      // the fault module: after one good signature the token is gone
    fault.set("sign_ok=1");  // then CKR_DEVICE_REMOVED, and the token is out of its slot
    DeskFixture f(0, "en");
    const auto codes = awaitingApproval(f, 3);
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        s.settings().setDeskConfig({"", "", "", {kFaultModule}, {pki.rootPem()}});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    f.desk->context().tokens->setPollInterval(200ms);
    app::ApprovalDialog* inbox = frame->openApprovals();
    REQUIRE(pumpUntil([&] { return inbox->rowCount() == 3; }));
    REQUIRE(pumpUntil([&] { return inbox->chooseCertificate(kRsaId); }));
    inbox->select(codes);
    inbox->askPin = [](const app::PinRequest&) -> std::optional<std::string> {
        return std::string(kPin);
    };
    std::optional<app::BatchOutcome> outcome;
    inbox->onBatchDone = [&](const app::BatchOutcome& o) { outcome = o; };
    inbox->approveSelected();
    REQUIRE(pumpUntil([&] { return outcome.has_value(); }, 60s));
    CHECK(outcome->done == 1);
    CHECK_THAT(outcome->error, Catch::Contains("removed"));

    SystemClock clock;
    auto s = store::Store::open(f.dbPath, false, clock);
    int approved = 0, untouched = 0;
    for (const auto& code : codes) {
        const auto d = s.dossiers().findByCode(code);
        const auto results = s.blobs().results(code);
        if (d->status == DossierStatus::Approved) {
            ++approved;
            REQUIRE(results.front().isSigned);
            const auto reports =
                signing::verifyPdf(readFileForTest(results.front().path), {pki.rootPem()});
            REQUIRE(reports.size() == 1);
            CHECK(reports[0].ok());  // the one signed before the token went is intact
        } else {
            ++untouched;
            CHECK(d->status == DossierStatus::AwaitingApproval);
            CHECK(results.size() == 1);  // the draft only
            CHECK_FALSE(results.front().isSigned);
        }
    }
    CHECK(approved == 1);
    CHECK(untouched == 2);
    // The token is gone from the panel too, and comes back when plugged in again.
    REQUIRE(pumpUntil([&] { return f.desk->context().tokens->snapshot().tokens.empty(); }));
    fault.set("");
    REQUIRE(pumpUntil([&] { return !f.desk->context().tokens->snapshot().tokens.empty(); }));
    inbox->Destroy();
}

TEST_CASE("an officer signs the receipt they issued with their token", "[gui][approvals]") {
    const SigningFixture& pki = SigningFixture::instance();
    DeskFixture f(0, "en");
    SystemClock clock;
    std::string code;
    {
        auto s = store::Store::open(f.dbPath, false, clock);
        s.settings().setDeskConfig({"", "", "", {kSoftHsmModule}, {pki.rootPem()}});
        code = s.dossiers().intake(intakeRequest("2.000815", applicantNamed("Đinh Thị Gấm"))).code;
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    f.desk->context().tokens->setPollInterval(200ms);
    REQUIRE(pumpUntil([&] {
        for (const auto& t : f.desk->context().tokens->snapshot().tokens)
            if (!t.certificates.empty()) return true;
        return false;
    }));
    frame->openDossier(code);
    app::DetailDialog* detail = nullptr;
    REQUIRE(pumpUntil([&] {
        detail = findWindow<app::DetailDialog>("detailDialog");
        return detail && detail->isLoaded();
    }));
    int asked = 0;
    detail->askPin = [&](const app::PinRequest&) -> std::optional<std::string> {
        ++asked;
        return std::string(kPin);
    };
    std::optional<app::BatchOutcome> outcome;
    detail->onSigned = [&](const app::BatchOutcome& o) { outcome = o; };
    detail->signForm(documents::FormKind::Receipt, kRsaId);
    REQUIRE(pumpUntil([&] { return outcome.has_value(); }, 60s));
    INFO(outcome->error);
    CHECK(outcome->done == 1);
    CHECK(asked == 1);
    REQUIRE_FALSE(detail->signedForm().empty());
    const auto reports = signing::verifyPdf(readFileForTest(detail->signedForm()), {pki.rootPem()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].ok());
    CHECK(reports[0].coversWholeFile);
    detail->Destroy();
}
