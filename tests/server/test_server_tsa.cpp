// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The tests' RFC 3161 time-stamp authority (support/test_tsa.h) end to end: a PDF signed on the
// SoftHSM2 token, time-stamped over loopback TLS by the sync layer's TSA client and by
// `motcua timestamp`, then checked by our verifier, pdfsig, qpdf and `openssl ts -verify`. The
// reference server itself has no TSA.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "motcua/signing/signing_error.h"
#include "motcua/signing/timestamp.h"
#include "motcua/signing/verify.h"
#include "motcua/sync/tsa_client.h"
#include "server_fixture.h"
#include "signing/pades_helpers.h"
#include "signing/pdf_samples.h"
#include "signing/tsa_fixture.h"
#include "support/test_tsa.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

namespace {

/// The test TSA over loopback TLS (its certificate from the signing tests' PKI).
struct TsaServer {
    TempDir dir;
    TestPki pki{dir};
    TestTsa https{pki.serverCert, pki.serverKey, TsaFixture::instance().chainPem(),
                  TsaFixture::instance().keyPem()};

    std::string url() const { return https.url(); }
    signing::TimestampAuthority tsa() const {
        return [this](const std::string& query) {
            return sync::postTimestampQuery(url(), pki.caCert, query, std::chrono::seconds(10));
        };
    }
};

std::string signedSample() {
    TokenLogin login;
    auto signer = login.signer(kEcId);
    return signing::signPdf(makeClassicPdf(false), *signer, signOptions("Lãnh đạo ký duyệt"));
}

/// A port nothing listens on: bound, then closed.
std::uint16_t closedPort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const std::uint16_t port = socket.address().port();
    socket.close();
    return port;
}

}  // namespace

TEST_CASE("tsa: a signed PDF time-stamped through the test TSA verifies everywhere",
          "[server][tsa]") {
    const SigningFixture& fx = SigningFixture::instance();
    TsaServer server;
    const std::string signedPdf = signedSample();
    const std::string stamped = signing::addDocumentTimestamp(signedPdf, server.tsa());
    REQUIRE(stamped.compare(0, signedPdf.size(), signedPdf) == 0);

    const auto reports = signing::verifyPdf(stamped, {fx.rootPem()});
    REQUIRE(reports.size() == 2);
    for (const auto& r : reports)
        INFO(r.index << ": " << (r.problems.empty() ? "" : r.problems.front()));
    CHECK(reports[0].ok());
    CHECK(reports[0].timestamped);
    CHECK(reports[1].ok());
    CHECK(reports[1].documentTimestamp);
    CHECK(reports[1].coversWholeFile);
    CHECK(reports[1].signer == "MotCua Test TSA");

    const TempDir dir;
    const std::string path = dir.write("stamped.pdf", stamped);
    mustRun("qpdf --check " + shellQuote(path));
    const std::string out = pdfsigReport(path);
    INFO(out);
    // pdfsig 22.12 does not validate /ETSI.RFC3161 (it says "not yet verified"); openssl does.
    CHECK(countOf(out, "Signature Validation: Signature is Valid.") == 1);
    CHECK(out.find("Common Name: MotCua Test TSA") != std::string::npos);
    CHECK(out.find("Signature is Invalid") == std::string::npos);
    CHECK(TsaFixture::instance().opensslVerifyLast(stamped).find("Verification: OK") !=
          std::string::npos);

    std::string tampered = stamped;
    tampered[tampered.find("/Type /DocTimeStamp") + 7] = 'd';
    const auto bad = signing::verifyPdf(tampered, {fx.rootPem()});
    CHECK_FALSE(bad.at(1).ok());
    CHECK_FALSE(bad.at(1).integrityOk);
}

TEST_CASE("tsa: refusals, a foreign imprint and the test TSA's HTTP rules", "[server][tsa]") {
    TsaServer server;
    const std::string digest(32, '\x42');
    SECTION("an answer for another imprint is refused") {
        const std::string query = signing::timestampQuery(digest);
        const std::string other = sync::postTimestampQuery(
            server.url(), server.pki.caCert, signing::timestampQuery(std::string(32, '\x43')),
            std::chrono::seconds(10));
        CHECK_THROWS_WITH(signing::timestampToken(other, query),
                          Catch::Matchers::Contains("does not match the request"));
        CHECK_FALSE(signing::timestampToken(server.tsa()(query), query).empty());
    }
    SECTION("a SHA-1 query is refused with the TSA's reason") {
        const TempDir dir;
        mustRun("openssl ts -query -sha1 -digest " + std::string(40, 'a') + " -cert -out " +
                shellQuote(dir.file("q")));
        const std::string query = readFileForTest(dir.file("q"));
        CHECK_THROWS_WITH(
            signing::timestampToken(server.tsa()(query), query),
            Catch::Matchers::Contains("refused") && Catch::Matchers::Contains("badAlg"));
        CHECK_THROWS_AS(signing::timestampToken(server.tsa()(query), query), SigningError);
    }
    SECTION("HTTP: no login needed, but the right method and media type") {
        TestClient client(server.https.port(), server.pki.caCert);
        client.protocol.reset();
        client.holdsToContract = false;  // openapi.yaml describes the reference server only
        const std::string path = server.https.path();
        const std::string query = signing::timestampQuery(digest);
        const Reply ok =
            client.send("POST", path, query, {{"Content-Type", "application/timestamp-query"}});
        CHECK(ok.status == 200);
        CHECK(ok.header("Content-Type") == "application/timestamp-reply");
        CHECK(client.send("GET", path).status == 405);
        CHECK(client.send("POST", path, query).status == 415);  // application/json
    }
}

TEST_CASE("tsa: the reference server has no TSA: /api/v1/tsa is 404 like any unknown path",
          "[server][tsa]") {
    ServerFixture fx;
    TestClient client = fx.client();
    client.protocol.reset();  // as TSA clients send it
    const Reply r =
        client.send("POST", "/api/v1/tsa", signing::timestampQuery(std::string(32, 'x')),
                    {{"Content-Type", "application/timestamp-query"}});
    CHECK(r.status == 404);
    CHECK(r.body.find("NotFound") != std::string::npos);
    const std::string url = "https://127.0.0.1:" + std::to_string(fx.https.port()) + "/api/v1/tsa";
    try {
        sync::postTimestampQuery(url, fx.pki.caCert, "q", std::chrono::seconds(5));
        FAIL("no error");
    } catch (const sync::SyncError& e) {
        CHECK(e.code() == sync::SyncError::Code::Server);
    }
}

TEST_CASE("tsa: a certificate without the timeStamping usage cannot serve as the TSA",
          "[server][tsa]") {
    const TempDir dir;
    const TestPki pki(dir);
    // serverAuth only
    CHECK_THROWS_AS(TimestampResponder(pki.serverCert, pki.serverKey), std::runtime_error);
    CHECK_THROWS_AS(TestTsa(pki.serverCert, pki.serverKey, pki.serverCert, pki.serverKey),
                    std::runtime_error);
    CHECK_NOTHROW(
        TimestampResponder(TsaFixture::instance().chainPem(), TsaFixture::instance().keyPem()));
}

TEST_CASE("tsa: motcua timestamp through the test TSA, and unreachable: exit 6, nothing written",
          "[server][tsa]") {
    const SigningFixture& fx = SigningFixture::instance();
    TsaServer server;
    const TempDir dir;
    const std::string original = signedSample();
    const std::string in = dir.write("in.pdf", original);
    const std::string out = dir.file("out.pdf");
    const std::string cli = shellQuote(MOTCUA_CLI_PATH);

    const ToolResult offline =
        runTool(cli + " timestamp " + shellQuote(in) +
                " --tsa https://127.0.0.1:" + std::to_string(closedPort()) + "/tsa --ca " +
                shellQuote(server.pki.caCert) + " --out " + shellQuote(out));
    CHECK(offline.exitCode == 6);
    CHECK(readFileForTest(in) == original);
    CHECK_FALSE(std::filesystem::exists(out));

    const ToolResult bad = runTool(
        cli + " timestamp " + shellQuote(dir.write("bad.pdf", "not a pdf")) + " --tsa " +
        server.url() + " --ca " + shellQuote(server.pki.caCert) + " --out " + shellQuote(out));
    CHECK(bad.exitCode == 2);

    const ToolResult ok =
        runTool(cli + " timestamp " + shellQuote(in) + " --tsa " + server.url() + " --ca " +
                shellQuote(server.pki.caCert) + " --out " + shellQuote(out));
    REQUIRE(ok.exitCode == 0);
    const ToolResult verify =
        runTool(cli + " verify " + shellQuote(out) + " --trust " + shellQuote(fx.rootPem()));
    INFO(verify.out);
    CHECK(verify.exitCode == 0);
    CHECK(verify.out.find("document timestamp 2: VALID - TSA MotCua Test TSA") !=
          std::string::npos);
    CHECK(verify.out.find("time-stamped by document timestamp 2 (PAdES B-T)") != std::string::npos);
}
