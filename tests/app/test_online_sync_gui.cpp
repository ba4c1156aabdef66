// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online submissions in the desk application against the real server over loopback TLS: a
// connector submits, the desk's background sync fills the inbox; the network goes, the officer
// accepts in the submission's window, and the acceptance reaches the server when it comes
// back; a submission another desk refused first is a conflict, listed and settled.
#include <wx/button.h>

#include <catch2/catch.hpp>

#include "desk_windows.h"
#include "gui_fixture.h"
#include "inbox_panel.h"
#include "motcua/documents/forms.h"
#include "motcua/sync/engine.h"
#include "server/portal_fixture.h"
#include "submission_dialog.h"
#include "sync/desk_fixture.h"
#include "sync_dialog.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

/// Accepts a submission in its window as the officer does: the button, then "Yes".
void acceptInWindow(app::MainFrame* frame, const std::string& code) {
    frame->openSubmission(code);
    app::SubmissionDialog* dialog = nullptr;
    REQUIRE(pumpUntil([&] {
        dialog = findWindow<app::SubmissionDialog>("submissionDialog");
        return dialog && dialog->isLoaded();
    }));
    ModalAnswers yes(wxID_YES);
    auto* accept = dynamic_cast<wxButton*>(wxWindow::FindWindowByName("accept", dialog));
    REQUIRE(accept);
    wxCommandEvent click(wxEVT_BUTTON, accept->GetId());
    click.SetEventObject(accept);
    accept->GetEventHandler()->ProcessEvent(click);
    auto* message = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("message", dialog));
    REQUIRE(pumpUntil([&] { return message->GetLabel().Contains("Submission accepted"); }));
    dialog->Destroy();
    pumpFor(20ms);
}

nlohmann::json portalView(PortalFixture& p, const std::string& code) {
    const Reply r = p.portal.get("/api/v1/portal/submissions/" + code);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body);
}

}  // namespace

TEST_CASE(
    "an acceptance made offline reaches the server, and a submission another desk refused first "
    "is a conflict to settle",
    "[gui][sync][online]") {
    PortalFixture p;
    const std::string first = p.submitted("DVC-GUI-1");
    const std::string second = p.submitted("DVC-GUI-2");
    const std::string realUrl = "https://127.0.0.1:" + std::to_string(p.server.https.port());
    const std::string offUrl = "https://127.0.0.1:1";
    const std::string& ca = p.server.pki.caCert;

    // Declared before the desk: its window reports here until the desk is gone.
    std::vector<app::SyncSnapshot> seen;
    DeskFixture f(0, "en");
    setServerUrl(f.dbPath, realUrl, ca);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::SyncService& sync = *f.desk->context().sync;
    sync.setInterval(200ms);
    frame->onSyncStatus = [&](const app::SyncSnapshot& s) { seen.push_back(s); };
    sync.signIn("binh", kPassword);

    // The background sync fills the inbox.
    app::InboxList* inbox = frame->inbox()->list();
    REQUIRE(pumpUntil([&] { return inbox->GetItemCount() == 2; }, 20s));

    // The network goes (seen offline, so no pass still holds the real address).
    setServerUrl(f.dbPath, offUrl, ca);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] { return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline; },
        20s));

    // Meanwhile another desk of the ward refuses the second submission, and the server has it.
    Desk other(2);
    auto transport = transportTo(p.server.https.port(), ca);
    const auto session = sync::login(*transport, "binh", kPassword);
    sync::syncOnce(other.store, *transport, session.token, other.clock.localNow());
    store::ActionRequest refuse;
    refuse.action = DossierAction::Refuse;
    refuse.reason = "Không thuộc thẩm quyền của phường";
    refuse.decisionForm = documents::decisionFormFor(
        [&other](const std::string& c) { return other.store.dossiers().record(c); },
        DossierAction::Refuse, refuse.reason, std::string(MOTCUA_RESOURCE_DIR) + "/forms",
        other.dir.file("documents"), other.clock.localNow());
    other.store.dossiers().act(second, refuse);
    sync::syncOnce(other.store, *transport, session.token, other.clock.localNow());
    REQUIRE(portalView(p, second)["status"] == "refused");

    // This desk, offline and unaware, accepts both; the decisions wait in the outbox.
    acceptInWindow(frame, first);
    acceptInWindow(frame, second);
    REQUIRE(pumpUntil([&] { return inbox->GetItemCount() == 0; }));
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] {
            return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline &&
                   seen.back().pending == 2;
        },
        20s));

    // The network is back: the first acceptance is applied, the second is a conflict.
    setServerUrl(f.dbPath, realUrl, ca);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] {
            return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Online &&
                   seen.back().pending == 0 && seen.back().unresolved == 1;
        },
        20s));
    const auto accepted = portalView(p, first);
    CHECK(accepted["status"] == "received");
    REQUIRE(accepted["notices"].size() == 1);
    CHECK(accepted["notices"][0]["kind"] == "accepted");
    const auto refused = portalView(p, second);
    CHECK(refused["status"] == "refused");
    REQUIRE(refused["notices"].size() == 1);  // the other desk's decision, and only it
    CHECK(refused["notices"][0]["kind"] == "refused");

    // The conflict is listed; taking the server's version settles it.
    app::SyncDialog* dialog = frame->openSyncLog();
    REQUIRE(dialog);
    REQUIRE(pumpUntil([&] { return dialog->refusedCount() == 1; }));
    dialog->resolve(0, store::OpResolution::AcceptServer);
    REQUIRE(pumpUntil([&] { return dialog->refusedCount() == 0; }));
    REQUIRE(pumpUntil([&] { return !seen.empty() && seen.back().unresolved == 0; }, 20s));
    dialog->Destroy();
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        CHECK(s.dossiers().findByCode(first)->status == DossierStatus::Received);
        CHECK(s.dossiers().findByCode(second)->status == DossierStatus::Refused);
        CHECK(s.audit().verify().ok);
    }
}
