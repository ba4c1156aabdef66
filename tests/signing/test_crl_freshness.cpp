// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A CRL past its nextUpdate: not listing a certificate there proves nothing, so revocation is
// "unknown", never "not revoked"; a listing in it still stands.
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// The intermediate CA's CRL (it lists the revoked signer) as it was issued in January 2020.
std::string staleCrl(const TempDir& dir) {
    const SigningFixture& fx = SigningFixture::instance();
    const std::string path = dir.file("stale.crl");
    mustRun("openssl ca -batch -config " + shellQuote(fx.file("ca.cnf")) +
            " -gencrl -crl_lastupdate 20200101000000Z -crl_nextupdate 20200201000000Z -out " +
            shellQuote(path));
    return path;
}

ToolResult cli(const std::string& args) {
    return runTool(shellQuote(MOTCUA_CLI_PATH) + " --db /nonexistent/unused.db " + args);
}

}  // namespace

TEST_CASE("a stale CRL leaves revocation unknown, a fresh one beside it decides",
          "[signing][verify][crl]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    const std::string stale = staleCrl(dir);
    auto good = login.signer(kRsaId);
    const std::string pdf = signing::signPdf(makeClassicPdf(false), *good, signOptions("x"));

    auto reports = signing::verifyPdf(pdf, {fx.rootPem()}, {stale});
    REQUIRE(reports.size() == 1);
    CHECK_FALSE(reports[0].revocationChecked);
    CHECK_FALSE(reports[0].revoked);
    CHECK(reports[0].crlStale);
    CHECK(reports[0].crlNextUpdate == "2020-02-01T00:00:00Z");
    CHECK(std::string(reports[0].revocation()) == "unknown");
    CHECK(reports[0].ok());  // as without any CRL: intact and trusted, revocation not known

    reports = signing::verifyPdf(pdf, {fx.rootPem()}, {stale, fx.crlPath()});
    CHECK(reports.at(0).revocationChecked);
    CHECK_FALSE(reports[0].crlStale);
    CHECK(std::string(reports[0].revocation()) == "good");

    // Listed in the stale CRL: revoked all the same.
    auto revokedSigner = login.signer(kRevokedId);
    const std::string revokedPdf =
        signing::signPdf(makeClassicPdf(false), *revokedSigner, signOptions("x"));
    reports = signing::verifyPdf(revokedPdf, {fx.rootPem()}, {stale});
    CHECK(reports.at(0).revoked);
    CHECK_FALSE(reports[0].crlStale);
    CHECK(std::string(reports[0].revocation()) == "revoked");
    CHECK_FALSE(reports[0].ok());
}

TEST_CASE("motcua verify says revocation unknown for a stale CRL", "[signing][cli][crl]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    const std::string stale = staleCrl(dir);
    auto good = login.signer(kEcId);
    const std::string path =
        dir.write("signed.pdf", signing::signPdf(makeClassicPdf(false), *good, signOptions("x")));
    const std::string args = " " + shellQuote(path) + " --trust " + shellQuote(fx.rootPem()) +
                             " --crl " + shellQuote(stale);
    const auto text = cli("verify" + args);
    INFO(text.out);
    CHECK(text.exitCode == 0);
    CHECK(text.out.find("revocation unknown: the issuer's CRL is stale (its next update was due "
                        "2020-02-01T00:00:00Z)") != std::string::npos);
    CHECK(text.out.find("not revoked") == std::string::npos);
    const auto json = cli("verify --json" + args);
    CHECK(json.out.find("\"revocation\":\"unknown\"") != std::string::npos);
    CHECK(json.out.find("\"crlStale\":true") != std::string::npos);
    const auto fresh = cli("verify --json " + shellQuote(path) + " --trust " +
                           shellQuote(fx.rootPem()) + " --crl " + shellQuote(fx.crlPath()));
    CHECK(fresh.out.find("\"revocation\":\"good\"") != std::string::npos);
}
