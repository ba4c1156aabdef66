// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The online submissions' end-to-end proof (issue 15): a connector submits 200 dossiers with
// files (a few of 5 MiB) to two wards, half each; two desks of one ward pull them through a proxy
// that breaks connections and a transport that fails, are cut off while they decide every one with
// its real form (overlapping, with different decisions), then sync at once until quiet. The
// server applies each decision once, the losing desk holds a conflict for each one the other
// decided first, and the SMTP relay gets exactly one message per decision with an applicant
// e-mail, the form attached.
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../server/mail_fixture.h"
#include "desk_fixture.h"
#include "fault_proxy.h"
#include "motcua/documents/forms.h"
#include "unreliable_server.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

// The sanitizer builds run several times slower: fewer submissions there (still a 5 MiB file
// to each ward), the same paths.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kSubmissions = 60;
#else
constexpr int kSubmissions = 200;
#endif
constexpr int kOwnWard = kSubmissions / 2;  // the rest go to the other ward
constexpr std::size_t kLargeFile = 5 * 1024 * 1024;

/// The decisions in turn, and what each leaves on the server.
struct Decision {
    DossierAction action;
    const char* reason;
    DossierStatus status;
    const char* notice;
};
const Decision kDecisions[] = {
    {DossierAction::Accept, "", DossierStatus::Received, "accepted"},
    {DossierAction::RequestSupplement, "Thiếu bản sao giấy chứng sinh",
     DossierStatus::AwaitingResubmission, "supplement_requested"},
    {DossierAction::Refuse, "Không thuộc thẩm quyền", DossierStatus::Refused, "refused"},
};

/// Desk `desk` (0 or 1) gives submission `i` of the ward this decision: the two differ, so the
/// server's status tells whose decision won.
const Decision& decisionOf(int desk, int i) {
    return kDecisions[static_cast<std::size_t>((i + desk) % 3)];
}

bool hasEmail(int i) {
    return i % 8 != 5;
}
std::string emailOf(int i) {
    return "nguoi" + std::to_string(i) + "@example.vn";
}

/// The file of submission `i`: PDF, JPEG or PNG in turn, a few PDFs of 5 MiB.
std::string fileOf(int i) {
    const std::string salt = "ho so " + std::to_string(i);
    if (i % 50 == 7) {
        std::string pdf = pdfWithText("scan " + salt);
        pdf.resize(kLargeFile, ' ');  // a reader ignores what follows %%EOF
        return pdf;
    }
    if (i % 3 == 1) return std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF " + salt;
    if (i % 3 == 2) return pngBytes(salt);
    return pdfWithText("scan " + salt);
}

struct Submitted {
    std::vector<std::string> own;    ///< codes of the desks' ward, in submission order
    std::vector<std::string> other;  ///< codes of the other ward
};

Submitted submitAll(PortalFixture& portal) {
    Submitted out;
    for (int n = 0; n < kSubmissions; ++n) {
        const bool own = n < kOwnWard;
        const int i = own ? n : n - kOwnWard;
        const std::string sha = PortalFixture::upload(portal.portal, fileOf(n));
        json patch{{"applicant",
                    {{"full_name", "Người nộp số " + std::to_string(n)},
                     {"id_number", "001090001234"},
                     {"date_of_birth", "1990-05-12"},
                     {"gender", "nam"},
                     {"email", hasEmail(i) ? emailOf(i) : ""}}}};
        if (!own) {
            patch["ward"] = kOtherWard;
            patch["procedure"] = "1.004227";  // offered in that ward only
        }
        const Reply r =
            portal.submit(PortalFixture::body("DVCQG-F-" + std::to_string(n), {sha}, patch));
        INFO(r.body);
        REQUIRE(r.status == 201);
        (own ? out.own : out.other).push_back(json::parse(r.body)["code"].get<std::string>());
    }
    return out;
}

/// Desk `desk` decides submissions [from, to) of the ward, each with its real form.
void decide(Desk& desk, int deskIndex, const std::vector<std::string>& codes, int from, int to) {
    const std::string formsDir = std::string(MOTCUA_RESOURCE_DIR) + "/forms";
    for (int i = from; i < to; ++i) {
        const Decision& d = decisionOf(deskIndex, i);
        store::ActionRequest r;
        r.action = d.action;
        r.reason = d.reason;
        r.decisionForm = documents::decisionFormFor(
            [&desk](const std::string& c) { return desk.store.dossiers().record(c); }, d.action,
            d.reason, formsDir, desk.dir.file("forms"), desk.clock.localNow());
        desk.store.dossiers().act(codes[static_cast<std::size_t>(i)], r);
    }
}

bool allFilesHere(Desk& desk, const std::vector<std::string>& codes) {
    for (const auto& code : codes) {
        const auto d = desk.store.dossiers().findByCode(code);
        if (!d || d->documents.empty() || d->documents[0].files.empty() ||
            !std::filesystem::exists(desk.store.blobs().path(d->documents[0].files[0])))
            return false;
    }
    return true;
}

/// Every desk syncs at once, each on its own thread through `port` (the fault proxy) and an
/// unreliable transport seeded from `seed`, until `done(desk)` holds after a whole pass; why
/// each gave up, if it did, and how many passes it took.
struct Outcome {
    std::string failure;
    int passes = 0;
};
std::vector<Outcome> syncAtOnce(const std::vector<Desk*>& desks,
                                const std::vector<std::string>& officers, std::uint16_t port,
                                const std::string& caFile, std::uint64_t seed,
                                const std::function<bool(Desk&)>& done) {
    std::vector<Outcome> outcomes(desks.size());
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < desks.size(); ++k) {
        threads.emplace_back([&, k] {
            Desk& desk = *desks[k];
            auto https = transportTo(port, caFile);
            UnreliableServer transport(*https, seed + k);
            outcomes[k].failure = syncUntil(
                desk.store, transport, officers[k], kPassword, desk.clock.localNow(),
                [&] { return done(desk); }, outcomes[k].passes);
        });
    }
    for (auto& t : threads) t.join();
    return outcomes;
}

}  // namespace

TEST_CASE(
    "portal submissions to two wards, two desks deciding apart through faults: each "
    "decided once, each notice mailed once",
    "[sync][online][faults][e2e]") {
    PortalFixture portal;
    portal.server.store.addUser({"cuong", "Đỗ Văn Cường", "officer", kWard, kPassword}, 1000);
    SmtpSink sink;
    MailLog log;
    Mailer mailer(portal, sink, log);
    const Submitted submitted = submitAll(portal);
    const auto& codes = submitted.own;

    // The desks' clocks are the real one: the server checks an acceptance against its own.
    Desk a(1), b(2);
    std::vector<Desk*> desks{&a, &b};
    const std::vector<std::string> officers{"binh", "cuong"};
    for (Desk* desk : desks) desk->clock = FixedClock(std::chrono::system_clock::now());
    FaultProxy proxy(portal.server.https.port(),
                     seededFaults(20261201, std::chrono::milliseconds(1)));

    // Both desks pull the ward's submissions and their files through the faults; never the
    // other ward's.
    const auto pulled = syncAtOnce(desks, officers, proxy.port(), portal.server.pki.caCert, 300,
                                   [&](Desk& desk) { return allFilesHere(desk, codes); });
    for (std::size_t k = 0; k < desks.size(); ++k) {
        Desk& desk = *desks[k];
        INFO("desk " << k + 1 << " after " << pulled[k].passes << " passes");
        REQUIRE(pulled[k].failure.empty());
        CHECK(desk.store.dossiers().inbox().size() == codes.size());
        for (const auto& code : submitted.other)
            CHECK_FALSE(desk.store.dossiers().findByCode(code));
    }

    // Cut off (every connection reset), each desk decides two thirds of the ward's submissions,
    // the middle third both: A the first two thirds, B the last two. Their syncs fail and the
    // decisions wait in the outboxes.
    FaultProxy down(portal.server.https.port(), [](int) {
        return Fault{Fault::Kind::Reset, 0, {}};
    });
    const int third = kOwnWard / 3;
    decide(a, 0, codes, 0, kOwnWard - third);
    decide(b, 1, codes, third, kOwnWard);
    for (std::size_t k = 0; k < desks.size(); ++k) {
        Desk& desk = *desks[k];
        auto direct = transportTo(portal.server.https.port(), portal.server.pki.caCert);
        const auto token = sync::login(*direct, officers[k], kPassword).token;
        auto offline = transportTo(down.port(), portal.server.pki.caCert);
        CHECK_THROWS_AS(sync::syncOnce(desk.store, *offline, token, desk.clock.localNow()),
                        sync::SyncError);
        CHECK(desk.store.outbox().pendingCount() == kOwnWard - third);
        CHECK(desk.store.dossiers().inbox().size() == static_cast<std::size_t>(third));
    }
    CHECK(down.connections() >= 2);

    // Back online, both at once through the faults, until every outbox is empty.
    const auto synced =
        syncAtOnce(desks, officers, proxy.port(), portal.server.pki.caCert, 400,
                   [](Desk& desk) { return desk.store.outbox().pendingCount() == 0; });
    INFO("proxy: " << proxy.connections() << " connections, " << proxy.faults() << " faults");
    CHECK(proxy.faults() > 5);
    for (std::size_t k = 0; k < desks.size(); ++k) {
        INFO("desk " << k + 1 << " after " << synced[k].passes << " passes: " << synced[k].failure);
        REQUIRE(synced[k].failure.empty());
        // A last clean pass brings what the other desk decided.
        auto direct = transportTo(portal.server.https.port(), portal.server.pki.caCert);
        const auto token = sync::login(*direct, officers[k], kPassword).token;
        sync::syncOnce(desks[k]->store, *direct, token, desks[k]->clock.localNow());
        CHECK(desks[k]->store.outbox().pendingCount() == 0);
        CHECK(desks[k]->store.pull().status().problems == 0);
    }

    // On the server each submission is decided once, by the desk the server heard first where
    // both decided; the other holds a conflict for it, and only for it.
    std::vector<std::set<std::string>> conflicts(desks.size());
    for (std::size_t k = 0; k < desks.size(); ++k)
        for (const auto& op : desks[k]->store.outbox().unresolved()) {
            CHECK(op.state == OpState::Conflict);
            CHECK(conflicts[k].insert(op.entityId).second);
        }
    std::map<std::string, std::string> formOf;  // code → the notice's form, of those with e-mail
    std::map<std::string, std::string> emailToCode;
    for (int i = 0; i < kOwnWard; ++i) {
        const std::string& code = codes[static_cast<std::size_t>(i)];
        INFO(code);
        const Reply r = portal.portal.get("/api/v1/portal/submissions/" + code);
        REQUIRE(r.status == 200);
        const json s = json::parse(r.body);
        const bool byA = i < kOwnWard - third, byB = i >= third;
        const bool aWon = byA && s["status"] == std::string(statusName(decisionOf(0, i).status));
        const bool bWon = byB && s["status"] == std::string(statusName(decisionOf(1, i).status));
        CHECK(aWon != bWon);
        const Decision& won = decisionOf(aWon ? 0 : 1, i);
        REQUIRE(s["notices"].size() == 1);
        CHECK(s["notices"][0]["kind"] == won.notice);
        CHECK(conflicts[0].count(code) == (byA && bWon ? 1u : 0u));
        CHECK(conflicts[1].count(code) == (byB && aWon ? 1u : 0u));
        if (hasEmail(i)) {
            formOf[code] = s["notices"][0]["form_sha256"].get<std::string>();
            emailToCode[emailOf(i)] = code;
        }
        for (Desk* desk : desks)
            CHECK(desk->store.dossiers().findByCode(code)->status == won.status);
    }
    CHECK(conflicts[0].size() + conflicts[1].size() ==
          static_cast<std::size_t>(kOwnWard - 2 * third));  // both decided those
    for (const auto& code : submitted.other) {
        const json s = json::parse(portal.portal.get("/api/v1/portal/submissions/" + code).body);
        CHECK(s["status"] == "awaiting_acceptance");
        CHECK(s["notices"].empty());
    }

    // Settled by taking the server's version, which the losing desk already shows.
    for (Desk* desk : desks) {
        for (const auto& op : desk->store.outbox().unresolved())
            desk->store.outbox().resolve(op.opId, store::OpResolution::AcceptServer);
        CHECK(desk->store.outbox().unresolved().empty());
        CHECK(desk->store.outbox().pendingCount() == 0);
        CHECK(desk->store.dossiers().inbox().empty());
        CHECK(desk->store.audit().verify().ok);
    }

    // One message per decision with an applicant e-mail, none for the others, the form attached.
    REQUIRE(log.waitFor("notice.sent", static_cast<int>(formOf.size()), std::chrono::seconds(50)));
    CHECK(portal.server.store.notices(true).size() ==
          static_cast<std::size_t>(kOwnWard) - formOf.size());
    const auto messages = sink.messages();
    CHECK(messages.size() == formOf.size());
    std::set<std::string> mailed;
    for (const auto& message : messages) {
        REQUIRE(message.recipients.size() == 1);
        std::string email = message.recipients[0];
        std::erase_if(email, [](char c) { return c == '<' || c == '>' || c == ' '; });
        INFO(email);
        REQUIRE(emailToCode.count(email) == 1);
        const std::string& code = emailToCode[email];
        CHECK(mailed.insert(code).second);
        const auto [subject, parts] = readMessage(message.data);
        CHECK(subject.find(code) != std::string::npos);
        REQUIRE(parts.size() == 2);
        CHECK(parts[1].contentType.rfind("application/pdf", 0) == 0);
        CHECK(sha256Hex(parts[1].content) == formOf[code]);
        CHECK(pdfText(portal.server.dir, parts[1].content).find(code) != std::string::npos);
    }
    CHECK(mailed.size() == formOf.size());
}
