// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Sync in the desk application, against the real server over loopback TLS: the status bar
// shows offline with the work waiting, the administrator sets the server address in the
// settings, the work arrives, and a change the server refuses is listed and settled.
#include <wx/statusbr.h>

#include <catch2/catch.hpp>

#include "desk_windows.h"
#include "gui_fixture.h"
#include "motcua/sync/engine.h"
#include "sync/desk_fixture.h"
#include "settings_dialog.h"
#include "sync_dialog.h"
#include "ui_text.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

Dossier intakeAt(const std::string& dbPath, const std::string& name) {
    SystemClock clock;
    auto s = store::Store::open(dbPath, false, clock);
    return s.dossiers().intake(intakeRequest("2.000815", applicantNamed(name)));
}

wxString statusText(app::MainFrame* frame) {
    return frame->GetStatusBar()->GetStatusText(1);
}

}  // namespace

TEST_CASE(
    "the desk syncs in the background and shows how it stands, and refused changes are settled",
    "[gui][sync]") {
    ServerFixture server;
    // Declared before the desk: its window reports here until the desk is gone.
    std::vector<app::SyncSnapshot> seen;
    DeskFixture f(0, "en");
    const Dossier first = intakeAt(f.dbPath, "Nguyễn Văn An");
    intakeAt(f.dbPath, "Trần Thị Hoa");
    {
        // Nobody listens on port 1: the desk must say it is offline and keep the work.
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        s.settings().setDeskConfig({"https://127.0.0.1:1", server.pki.caCert, "", {}});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::SyncService& sync = *f.desk->context().sync;
    sync.setInterval(200ms);
    frame->onSyncStatus = [&](const app::SyncSnapshot& s) { seen.push_back(s); };
    sync.signIn("binh", kPassword);
    REQUIRE(pumpUntil(
        [&] { return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline; }));
    CHECK(seen.back().pending == 2);
    CHECK_THAT(statusText(frame).ToStdString(),
               Catch::Contains("Offline") && Catch::Contains("2 changes waiting"));
    // The failure reaches the windows as itself, told in the person's language.
    REQUIRE(seen.back().failure);
    CHECK_THAT(app::errorText(seen.back().failure).ToStdString(),
               Catch::Contains("cannot be reached"));
    CHECK(server.store.stats().dossiers == 0);

    // The administrator puts in the real address; the two intakes reach the server.
    app::SettingsDialog* settings = frame->openSettings();
    REQUIRE(pumpUntil([&] { return !settings->serverUrl()->GetValue().empty(); }));
    settings->serverUrl()->SetValue("https://127.0.0.1:" + std::to_string(server.https.port()));
    settings->save();
    REQUIRE(pumpUntil(
        [&] {
            return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Online &&
                   seen.back().pending == 0;
        },
        20s));
    CHECK(server.store.stats().dossiers == 2);
    CHECK_THAT(statusText(frame).ToStdString(),
               Catch::Contains("Online") && Catch::Contains("last sync"));
    // The online login left a verifier: this person can now sign in here offline.
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        CHECK(s.accounts().signInOffline("binh", kPassword));
    }

    // Another desk moves the first dossier on; this desk, not yet aware, acts on the old
    // version: the server answers with a conflict, listed for a person. The desk is cut off
    // first (and seen offline, so no pass still holds the real address), or its background
    // sync could pull the other desk's change before the stale action is staged.
    const std::string realUrl = "https://127.0.0.1:" + std::to_string(server.https.port());
    setServerUrl(f.dbPath, "https://127.0.0.1:1", server.pki.caCert);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] { return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline; },
        20s));
    Desk other(2);
    auto transport = transportTo(server.https.port(), server.pki.caCert);
    const auto session = sync::login(*transport, "binh", kPassword);
    sync::syncOnce(other.store, *transport, session.token, other.clock.localNow());
    other.store.dossiers().act(first.code, {DossierAction::Forward, "", std::nullopt, ""});
    sync::syncOnce(other.store, *transport, session.token, other.clock.localNow());
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        REQUIRE(s.dossiers().findByCode(first.code)->status ==
                DossierStatus::Received);  // not yet aware
        s.dossiers().act(first.code,
                         {DossierAction::RequestSupplement, "Thiếu tờ khai", std::nullopt, ""});
    }
    setServerUrl(f.dbPath, realUrl, server.pki.caCert);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] { return !seen.empty() && seen.back().unresolved == 1 && seen.back().pending == 0; },
        20s));
    CHECK_THAT(statusText(frame).ToStdString(), Catch::Contains("1 to resolve"));

    // The network goes again and an intake waits: the status bar shows both at once. The
    // intake comes once the desk is seen offline, so no pass still holding the real address
    // can push it.
    setServerUrl(f.dbPath, "https://127.0.0.1:1", server.pki.caCert);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] { return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline; },
        20s));
    intakeAt(f.dbPath, "Lê Thị Cúc");
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] {
            return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Offline &&
                   seen.back().pending == 1 && seen.back().unresolved == 1;
        },
        20s));
    CHECK_THAT(statusText(frame).ToStdString(), Catch::Contains("Offline") &&
                                                    Catch::Contains("1 change waiting") &&
                                                    Catch::Contains("1 to resolve"));
    if (const char* out = std::getenv("MOTCUA_SCREENSHOT_DIR"))
        REQUIRE(screenshot(frame, std::string(out) + "/sync-status-en.png"));
    setServerUrl(f.dbPath, realUrl, server.pki.caCert);
    sync.syncNow();
    REQUIRE(pumpUntil(
        [&] {
            return !seen.empty() && seen.back().state == app::SyncSnapshot::State::Online &&
                   seen.back().pending == 0;
        },
        20s));

    app::SyncDialog* dialog = frame->openSyncLog();
    REQUIRE(dialog);
    REQUIRE(pumpUntil([&] { return dialog->refusedCount() == 1; }));
    if (const char* out = std::getenv("MOTCUA_SCREENSHOT_DIR"))
        REQUIRE(screenshot(dialog, std::string(out) + "/sync-conflict-en.png"));
    dialog->resolve(0, store::OpResolution::AcceptServer);
    REQUIRE(pumpUntil([&] { return dialog->refusedCount() == 0; }));
    REQUIRE(pumpUntil([&] { return !seen.empty() && seen.back().unresolved == 0; }, 20s));
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        CHECK(s.dossiers().findByCode(first.code)->status ==
              DossierStatus::InProgress);  // the server's version
        CHECK(s.audit().verify().ok);
    }
    dialog->Destroy();
}
