// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Approvals: applied only with a signed result PDF on the server whose signatures verify and
// whose last signer is a registered supervisor of the ward. Result PDFs are signed here on the
// signing tests' SoftHSM2 token, with their test PKI.
#include <openssl/evp.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motcua/signing/certificate.h"
#include "server_fixture.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"

using namespace motcua;
using namespace motcua::test;
using sync::OpOutcome;

namespace {

std::string sha256Of(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += kDigits[digest[i] >> 4];
        out += kDigits[digest[i] & 0x0f];
    }
    return out;
}

const std::string kCode = std::string(kWard) + "-260310-2001";

sync::Op op(const std::string& id, sync::OpKind kind, std::int64_t base, nlohmann::json payload) {
    sync::Op o;
    o.opId = id;
    o.deviceId = "supervisor-desk";
    o.seq = base + 1;
    o.kind = kind;
    o.entityId = kCode;
    o.baseVersion = base;
    o.payload = payload.dump();
    return o;
}

sync::Op approval(const std::string& id, std::optional<std::string> sha) {
    nlohmann::json payload{{"action", "approve"},
                           {"from", "awaiting_approval"},
                           {"to", "approved"},
                           {"due_at", "2026-03-20T17:00:00+07:00"}};
    if (sha) payload["result_sha256"] = *sha;
    return op(id, sync::OpKind::DossierAction, 1, payload);
}

struct ApprovalFixture {
    const SigningFixture& pki = SigningFixture::instance();
    ServerFixture server;
    TestClient client = server.client();
    TokenLogin token;

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
        const auto r = push(op("intake-1", sync::OpKind::DossierIntake, 0,
                               {{"code", kCode}, {"status", "awaiting_approval"}}));
        REQUIRE(r.outcome == OpOutcome::Applied);
    }

    sync::OpResult push(const sync::Op& o) {
        const Reply r = client.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{o}}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return sync::decodePushResult(r.body).results.at(0);
    }

    std::string upload(const std::string& bytes) {
        const std::string sha = sha256Of(bytes);
        const Reply r = client.send("PUT", "/api/v1/blobs/" + sha, bytes,
                                    {{"Content-Type", "application/pdf"}});
        REQUIRE(r.status == 201);
        return sha;
    }

    std::string signedBy(const std::string& keyId, const std::string& pdf = makeClassicPdf(false)) {
        return signing::signPdf(pdf, *token.signer(keyId), signOptions("Phê duyệt kết quả"));
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
        const auto snapshot =
            sync::decodeSnapshotResponse(client.get("/api/v1/sync/snapshot?day=2026-03-10").body);
        REQUIRE(snapshot.changes.size() == 1);
        CHECK(snapshot.changes[0].version == 1);
        CHECK(snapshot.changes[0].status == "awaiting_approval");
    }
};

}  // namespace

TEST_CASE("an approval signed by a registered supervisor of the ward is applied",
          "[server][approvals]") {
    ApprovalFixture f;
    const std::string sha = f.upload(f.signedBy(kRsaId));
    const auto r = f.push(approval("approve-ok", sha));
    INFO(r.error);
    REQUIRE(r.outcome == OpOutcome::Applied);
    CHECK(r.serverVersion == 2);
    const auto snapshot =
        sync::decodeSnapshotResponse(f.client.get("/api/v1/sync/snapshot?day=2026-03-10").body);
    REQUIRE(snapshot.changes.size() == 1);
    CHECK(snapshot.changes[0].status == "approved");
    const auto payload = nlohmann::json::parse(snapshot.changes[0].payload);
    CHECK(payload["result_sha256"] == sha);
    CHECK(payload["due_at"] == "2026-03-20T17:00:00+07:00");
    // The same approval again is a retry.
    CHECK(f.push(approval("approve-ok", sha)).outcome == OpOutcome::Duplicate);
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
        const std::string sha = sha256Of(f.signedBy(kRsaId));
        f.rejected(approval("a3", sha), "has not been uploaded");
    }
    SECTION("the result was uploaded by another ward only") {
        const std::string pdf = f.signedBy(kRsaId);
        auto neighbour = f.server.client();
        neighbour.login("lan", kPassword);
        REQUIRE(neighbour.send("PUT", "/api/v1/blobs/" + sha256Of(pdf), pdf).status == 201);
        f.rejected(approval("a4", sha256Of(pdf)), "has not been uploaded");
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
                   "is not a registered supervisor of ward " + std::string(kWard));
    }
    SECTION("a supervisor registered to another ward") {
        const auto r = f.push(approval("a9", f.upload(f.signedBy(kEcId))));
        CHECK(r.outcome == OpOutcome::Rejected);
        CHECK(r.error.find("Trần Thị Bình") != std::string::npos);  // the signer's subject is named
        CHECK(r.error.find("not a registered supervisor of ward " + std::string(kWard)) !=
              std::string::npos);
    }
    SECTION("the last signature is not the supervisor's") {
        const std::string twice = f.signedBy(kEcId, f.signedBy(kRsaId));
        f.rejected(approval("a10", f.upload(twice)), "not a registered supervisor");
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
