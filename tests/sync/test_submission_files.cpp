// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// An online submission's files reach the desk with sync, so the officer can look at them
// offline, and a decision's form goes up before the op that names it. The submission itself is
// fed to the desk's pull applier as the server relays it (docs/ONLINE.md); its files are
// uploaded to the real server over loopback TLS as the portal's connector would.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support/submission_change.h"
#include "desk_fixture.h"
#include "motcua/sync/blobs.h"
#include "motcua/sync/engine.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("a submission's files are fetched by sync and its decision's form goes up first",
          "[sync][online]") {
    ServerFixture server;
    Desk desk(1);
    auto transport = transportTo(server.https.port(), server.pki.caCert);
    const auto session = sync::login(*transport, "binh", kPassword);

    // Two files the connector uploaded for the submission (here through the ward's account).
    std::vector<std::string> files;
    for (const char* name : {"to-khai.pdf", "cccd.jpg"}) {
        const std::string bytes = std::string("%PDF-1.4 scan ") + name + std::string(5000, 'x');
        files.push_back(sha256Hex(bytes));
        sync::uploadBlob(*transport, session.token, files.back(), desk.dir.write(name, bytes));
    }
    SubmissionSpec spec;
    spec.files = files;
    desk.store.pull().apply({submissionChange(spec)}, std::nullopt);
    CHECK(desk.store.blobs().missingSubmissionFiles().size() == 2);

    sync::SyncOptions options;
    options.countCheckDays = 0;  // this server has not seen the submission
    const auto first =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow(), options);
    CHECK(first.submissionFilesFetched == 2);
    CHECK(desk.store.blobs().missingSubmissionFiles().empty());
    for (const auto& sha : files) {
        INFO(sha);
        CHECK(readFileForTest(desk.store.blobs().path(sha)).rfind("%PDF-1.4 scan ", 0) == 0);
    }
    CHECK(sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow(), options)
              .submissionFilesFetched == 0);

    // The officer accepts it: the receipt is named by the op and uploaded before it.
    store::ActionRequest accept;
    accept.action = DossierAction::Accept;
    accept.decisionForm = [&](const Dossier& after) {
        return desk.dir.write(after.code + "-receipt.pdf", "%PDF-1.4 receipt of " + after.code);
    };
    desk.store.dossiers().act(spec.code, accept);
    const auto op = desk.store.outbox().pending().front();
    const std::string form = nlohmann::json::parse(op.payload)["form_sha256"];
    const auto named = sync::blobsNamedBy(op.payload);
    CHECK(std::find(named.begin(), named.end(), form) != named.end());
    const auto pushed =
        sync::syncOnce(desk.store, *transport, session.token, desk.clock.localNow(), options);
    CHECK(pushed.push.blobs == 1);
    CHECK(desk.store.blobs().isUploaded(form));
}
