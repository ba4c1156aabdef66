// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Approvals: applied only with a signed result PDF on the server whose signatures verify and
// whose last signer is a registered supervisor of the ward. Result PDFs are signed here on the
// signing tests' SoftHSM2 token, with their test PKI.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/signing/certificate.h"
#include "server_fixture.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;
using sync::OpOutcome;

namespace {

const std::string kCode = std::string(kWard) + "-260310-2001";
const std::string kOtherCode = std::string(kWard) + "-260310-2002";

sync::Op op(const std::string& id, sync::OpKind kind, std::int64_t base, nlohmann::json payload,
            const std::string& code = kCode) {
    sync::Op o;
    o.opId = id;
    o.deviceId = "supervisor-desk";
    o.seq = base + 1;
    o.kind = kind;
    o.entityId = code;
    o.baseVersion = base;
    o.payload = payload.dump();
    return o;
}

/// Hoa's approval of the dossier at version 3 (intake, forward, submission), made at the desk
/// where she signed in: the op names her as its author.
sync::Op approval(const std::string& id, std::optional<std::string> sha,
                  const std::string& author = "hoa", const std::string& code = kCode) {
    nlohmann::json payload{{"action", "approve"},
                           {"from", "awaiting_approval"},
                           {"to", "approved"},
                           {"due_at", "2026-03-20T17:00:00+07:00"}};
    if (sha) payload["result_sha256"] = *sha;
    sync::Op o = op(id, sync::OpKind::DossierAction, 3, payload, code);
    o.author = author;
    return o;
}

struct ApprovalFixture {
    const SigningFixture& pki = SigningFixture::instance();
    ServerFixture server;
    TestClient client = server.client();
    TokenLogin token;
    const std::string draft = makeClassicPdf(false);
    const std::string otherDraft = makeClassicPdf(true);

    ApprovalFixture() {
        server.store.setTrust({pki.rootPem()}, {});
        // Hoa signs with the RSA key in this ward; Minh with the EC key in the neighbouring one.
        server.store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword,
                              signing::readPemCertificates(pki.file("rsa.pem"))},
                             1000);
        server.store.addUser({"minh", "Đỗ Văn Minh", "supervisor", kOtherWard, kPassword,
                              signing::readPemCertificates(pki.file("ec.pem"))},
                             1000);
        client.login("binh", kPassword);
        // Two dossiers awaiting approval, each with its own draft, the way desks bring them there.
        for (const auto& [code, pdf] :
             {std::pair{kCode, draft}, std::pair{kOtherCode, otherDraft}}) {
            const std::string draftSha = upload(pdf);
            for (const auto& o : {op(code + "-intake", sync::OpKind::DossierIntake, 0,
                                     nlohmann::json::parse(intakePayload(code)), code),
                                  op(code + "-forward", sync::OpKind::DossierAction, 1,
                                     {{"action", "forward"}, {"to", "in_progress"}}, code),
                                  op(code + "-submit", sync::OpKind::DossierAction, 2,
                                     {{"action", "submit-for-approval"},
                                      {"to", "awaiting_approval"},
                                      {"draft_sha256", draftSha},
                                      {"draft_file_name", "ket-qua.pdf"}},
                                     code)}) {
                const auto r = push(o);
                INFO(r.error);
                REQUIRE(r.outcome == OpOutcome::Applied);
            }
        }
    }

    sync::OpResult push(const sync::Op& o) {
        const Reply r = client.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{o}}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return sync::decodePushResult(r.body).results.at(0);
    }

    std::string upload(const std::string& bytes) {
        const std::string sha = sha256Hex(bytes);
        const Reply r = client.send("PUT", "/api/v1/blobs/" + sha, bytes,
                                    {{"Content-Type", "application/pdf"}});
        REQUIRE((r.status == 201 || r.status == 200));
        return sha;
    }

    /// The draft (or `pdf`) signed with the key `keyId` of the fixture's token.
    std::string signedBy(const std::string& keyId, std::optional<std::string> pdf = std::nullopt) {
        return signing::signPdf(pdf.value_or(draft), *token.signer(keyId),
                                signOptions("Phê duyệt kết quả"));
    }

    nlohmann::json dossier(const std::string& code = kCode) {
        const auto snapshot =
            sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=2026-03-10").body);
        for (const auto& c : snapshot.changes)
            if (c.entityId == code) {
                auto payload = nlohmann::json::parse(c.payload);
                payload["status"] = c.status;
                payload["version"] = c.version;
                return payload;
            }
        FAIL("no dossier " << code << " on the server");
        return {};
    }

    /// The op is rejected with `reason` in its error, and the dossier is unchanged.
    void rejected(const sync::Op& o, const std::string& reason) {
        const auto before = server.store.stats();
        const auto r = push(o);
        INFO(r.error);
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find(reason) != std::string::npos);
        const auto after = server.store.stats();
        CHECK(after.rejected == before.rejected + 1);
        CHECK(after.opsApplied == before.opsApplied);
        const auto d = dossier(o.entityId);
        CHECK(d["version"] == 3);
        CHECK(d["status"] == "awaiting_approval");
        CHECK_FALSE(d.contains("result_sha256"));
    }
};

}  // namespace

TEST_CASE("an approval of the dossier's draft signed by its registered supervisor is applied",
          "[server][approvals]") {
    ApprovalFixture f;
    const std::string sha = f.upload(f.signedBy(kRsaId));
    const auto r = f.push(approval("approve-ok", sha));
    INFO(r.error);
    REQUIRE(r.outcome == OpOutcome::Applied);
    CHECK(r.serverVersion == 4);
    auto payload = f.dossier();
    CHECK(payload["status"] == "approved");
    CHECK(payload["result_sha256"] == sha);
    // The due time is the server's: an approval does not move it.
    CHECK(payload["due_at"] == "2026-03-13T09:00:00+07:00");
    // The same approval again is a retry.
    CHECK(f.push(approval("approve-ok", sha)).outcome == OpOutcome::Duplicate);

    // Then the result is handed over: the time it was returned reaches the pulled dossier.
    CHECK(f.push(op("ready", sync::OpKind::DossierAction, 4,
                    {{"action", "result-ready"}, {"to", "result_ready"}}))
              .outcome == OpOutcome::Applied);
    const auto returned = f.push(op("return", sync::OpKind::DossierAction, 5,
                                    {{"action", "return-result"},
                                     {"to", "returned"},
                                     {"returned_at", "2026-03-24T10:00:00+07:00"}}));
    INFO(returned.error);
    CHECK(returned.outcome == OpOutcome::Applied);
    payload = f.dossier();
    CHECK(payload["status"] == "returned");
    CHECK(payload["returned_at"] == "2026-03-24T10:00:00+07:00");
}

TEST_CASE("an applied approval is the dossier's electronic result -KQ01 and is told once",
          "[server][approvals][e-result]") {
    ApprovalFixture f;
    const std::string signedPdf = f.signedBy(kRsaId);
    const std::string sha = f.upload(signedPdf);
    CHECK(f.server.store.notices(false).empty());
    sync::Op o = approval("approve-kq", sha);
    nlohmann::json payload = nlohmann::json::parse(o.payload);
    payload["result_file_name"] = "ket-qua.pdf";
    o.payload = payload.dump();
    const auto r = f.push(o);
    INFO(r.error);
    REQUIRE(r.outcome == OpOutcome::Applied);
    const auto d = f.dossier();
    REQUIRE(d.contains("results"));
    REQUIRE(d["results"].size() == 1);
    CHECK(d["results"][0]["code"] == kCode + "-KQ01");
    CHECK(d["results"][0]["sha256"] == sha);
    CHECK(d["results"][0]["file_name"] == "ket-qua.pdf");
    CHECK(d["results"][0]["size"] == signedPdf.size());
    // The server's copy decodes with the desks' codec, results and all.
    const Dossier decoded = payload::decodeDossier(d.dump());
    REQUIRE(decoded.electronicResults.size() == 1);
    CHECK(decoded.electronicResults[0].code == kCode + "-KQ01");
    // One notice for the citizen, carrying the signed result.
    auto notices = f.server.store.notices(false);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == "result_ready");
    CHECK(notices[0].code == kCode);
    CHECK(notices[0].formSha256 == sha);
    CHECK(notices[0].formFileName == "ket-qua.pdf");
    // The applicant gave no CCCD: the citizens' store has nothing to file it under, and an empty
    // number finds nothing.
    CHECK(f.server.store.citizenResults("").empty());
    // A retry is a duplicate: no second result, no second notice.
    CHECK(f.push(o).outcome == OpOutcome::Duplicate);
    CHECK(f.dossier()["results"].size() == 1);
    CHECK(f.server.store.notices(false).size() == 1);
    // Returned electronically, straight from approval: the dossier is finished.
    const auto returned = f.push(op("return-e", sync::OpKind::DossierAction, 4,
                                    {{"action", "return-electronic"},
                                     {"to", "returned"},
                                     {"returned_at", "2026-03-12T10:00:00+07:00"}}));
    INFO(returned.error);
    CHECK(returned.outcome == OpOutcome::Applied);
    CHECK(f.dossier()["status"] == "returned");
    CHECK(f.dossier()["returned_at"] == "2026-03-12T10:00:00+07:00");
    // Not before there is a result.
    const auto early =
        f.push(op("return-e-early", sync::OpKind::DossierAction, 3,
                  {{"action", "return-electronic"}, {"returned_at", "2026-03-12T10:00:00+07:00"}},
                  kOtherCode));
    CHECK(early.outcome == OpOutcome::Rejected);
    CHECK_THAT(early.error, Catch::Contains("not allowed for a dossier that is awaiting_approval"));
}

TEST_CASE("an approval naming another electronic result than the dossier's next is rejected",
          "[server][approvals][e-result][hostile]") {
    ApprovalFixture f;
    const std::string sha = f.upload(f.signedBy(kRsaId));
    const auto named = [&](const std::string& id, const nlohmann::json& code) {
        sync::Op o = approval(id, sha);
        nlohmann::json payload = nlohmann::json::parse(o.payload);
        payload["result_code"] = code;
        o.payload = payload.dump();
        return o;
    };
    f.rejected(named("kq02", kCode + "-KQ02"), "this dossier's next is " + kCode + "-KQ01");
    f.rejected(named("other-dossier", kOtherCode + "-KQ01"), "next is " + kCode + "-KQ01");
    f.rejected(named("number", 1), "next is " + kCode + "-KQ01");
    CHECK(f.server.store.notices(false).empty());
    const auto ok = f.push(named("kq01", kCode + "-KQ01"));
    INFO(ok.error);
    REQUIRE(ok.outcome == OpOutcome::Applied);
    CHECK(f.dossier()["results"][0]["code"] == kCode + "-KQ01");
    // An intake cannot bring results of its own: the server numbers them.
    const std::string code = std::string(kWard) + "-260310-2004";
    nlohmann::json intake = nlohmann::json::parse(intakePayload(code));
    intake["results"] = {{{"code", code + "-KQ01"},
                          {"sha256", sha},
                          {"file_name", "forged.pdf"},
                          {"size", 10},
                          {"at", "2026-03-10T09:00:00+07:00"}}};
    REQUIRE(f.push(op("forged-intake", sync::OpKind::DossierIntake, 0, intake, code)).outcome ==
            OpOutcome::Applied);
    CHECK_FALSE(f.dossier(code).contains("results"));
}

TEST_CASE("a supervisor's signed draft is bound to its dossier, its supervisor and her decision",
          "[server][approvals][hostile]") {
    ApprovalFixture f;
    const std::string signedDraft = f.upload(f.signedBy(kRsaId));
    SECTION("the same signed file for another dossier awaiting approval") {
        f.rejected(approval("other", signedDraft, "hoa", kOtherCode),
                   "not an update of this dossier's draft");
    }
    SECTION("the same signed file for a dossier that was only received") {
        const std::string code = std::string(kWard) + "-260310-2003";
        REQUIRE(f.push(op("received", sync::OpKind::DossierIntake, 0,
                          nlohmann::json::parse(intakePayload(code)), code))
                    .outcome == OpOutcome::Applied);
        sync::Op early = approval("early", signedDraft, "hoa", code);
        early.baseVersion = 1;
        const auto r = f.push(early);
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find("'approve' is not allowed for a dossier that is received") !=
              std::string::npos);
    }
    SECTION("pushed as an officer's own op") {
        f.rejected(approval("by-officer", signedDraft, ""), "is a supervisor's decision");
        f.rejected(approval("by-officer-named", signedDraft, "binh"), "is a supervisor's decision");
    }
    SECTION("its author is another supervisor of the ward than the signer") {
        f.server.store.addUser({"thu", "Lê Thị Thu", "supervisor", kWard, kPassword,
                                signing::readPemCertificates(f.pki.file("rsa3072.pem"))},
                               1000);
        f.rejected(approval("not-hers", signedDraft, "thu"),
                   "not with a certificate registered to thu");
    }
    SECTION("its author is a supervisor of another ward, or nobody the server knows") {
        f.rejected(approval("neighbour", signedDraft, "minh"), "is not an account of ward");
        f.rejected(approval("stranger", signedDraft, "nobody-here"), "is not an account of ward");
    }
    SECTION("a signature over another document") {
        f.rejected(approval("elsewhere", f.upload(f.signedBy(kRsaId, f.otherDraft))),
                   "not an update of this dossier's draft");
    }
    SECTION("the draft itself, unsigned, or signed before it was the draft") {
        f.rejected(approval("unsigned", f.upload(f.draft)), "no signature");
    }
    // The right op still goes through after any of these.
    const auto ok = f.push(approval("approve-right", signedDraft));
    INFO(ok.error);
    CHECK(ok.outcome == OpOutcome::Applied);
}

TEST_CASE(
    "approvals without a good signed result are rejected with the reason, and nothing is applied",
    "[server][approvals][bad-input]") {
    ApprovalFixture f;
    SECTION("no result document") {
        f.rejected(approval("a1", std::nullopt), "needs result_sha256");
        f.rejected(approval("a2", std::string("ABC")), "needs result_sha256");
    }
    SECTION("the result was never uploaded") {
        const std::string sha = sha256Hex(f.signedBy(kRsaId));
        f.rejected(approval("a3", sha), "has not been uploaded");
    }
    SECTION("the result was uploaded by another ward only") {
        const std::string pdf = f.signedBy(kRsaId);
        auto neighbour = f.server.client();
        neighbour.login("lan", kPassword);
        REQUIRE(neighbour.send("PUT", "/api/v1/blobs/" + sha256Hex(pdf), pdf).status == 201);
        f.rejected(approval("a4", sha256Hex(pdf)), "has not been uploaded");
    }
    SECTION("an unsigned PDF") {
        f.rejected(approval("a5", f.upload(makeClassicPdf(false))), "no signature");
    }
    SECTION("a PDF changed after signing") {
        std::string tampered = f.signedBy(kRsaId);
        tampered[tampered.find("signing test")] = 'S';
        f.rejected(approval("a6", f.upload(tampered)),
                   "signature 1 of the result document is invalid");
        f.rejected(approval("a7", f.upload(tampered)), "changed after signing");
    }
    SECTION("a signer nobody registered") {
        f.rejected(approval("a8", f.upload(f.signedBy(kRsa3072Id))),
                   "not with a certificate registered to hoa");
    }
    SECTION("a supervisor registered to another ward") {
        const auto r = f.push(approval("a9", f.upload(f.signedBy(kEcId))));
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find("Trần Thị Bình") != std::string::npos);  // the signer's subject is named
        CHECK(r.error.find("not with a certificate registered to hoa") != std::string::npos);
    }
    SECTION("the last signature is not the supervisor's") {
        const std::string twice = f.signedBy(kEcId, f.signedBy(kRsaId));
        f.rejected(approval("a10", f.upload(twice)), "not with a certificate registered to hoa");
    }
    SECTION("a signature whose chain the server does not trust") {
        f.server.store.setTrust({}, {});
        f.rejected(approval("a11", f.upload(f.signedBy(kRsaId))), "not trusted");
    }
    SECTION("a revoked signer, with the CRL configured") {
        f.server.store.setTrust({f.pki.rootPem()}, {f.pki.crlPath()});
        f.rejected(approval("a12", f.upload(f.signedBy(kRevokedId))), "revoked");
    }
    // After any of these, the approval still goes through once it is right.
    f.server.store.setTrust({f.pki.rootPem()}, {});
    const auto ok = f.push(approval("approve-right", f.upload(f.signedBy(kRsaId))));
    INFO(ok.error);
    CHECK(ok.outcome == OpOutcome::Applied);
}

TEST_CASE("only a supervisor gets a signing certificate, and it must be one",
          "[server][approvals][accounts]") {
    const SigningFixture& pki = SigningFixture::instance();
    ServerFixture server;
    const auto cert = signing::readPemCertificates(pki.file("rsa.pem"));
    CHECK_THROWS_AS(
        server.store.addUser({"an", "Nguyễn Văn An", "officer", kWard, kPassword, cert}, 1000),
        server::ServerError);
    CHECK_THROWS_AS(
        server.store.addUser(
            {"an", "Nguyễn Văn An", "supervisor", kWard, kPassword, {"not a certificate"}}, 1000),
        server::ServerError);
    CHECK_THROWS_AS(server.store.addUser({"an", "Nguyễn Văn An", "supervisor", kWard, kPassword,
                                          signing::readPemCertificates(pki.rootPem())},
                                         1000),
                    server::ServerError);
    CHECK(server.store.addUser({"an", "Nguyễn Văn An", "supervisor", kWard, kPassword, cert}, 1000)
              .role == "supervisor");
}
