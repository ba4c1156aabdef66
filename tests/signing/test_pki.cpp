// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The rest of the test PKI: an RSA-3072 signer, an expired certificate (refused at signing),
// a revoked one (found by the intermediate's CRL at verification).
#include <filesystem>

#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

TEST_CASE("an RSA-3072 signer signs what pdfsig and openssl accept", "[signing][pki]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    auto signer = login.signer(kRsa3072Id);
    REQUIRE(signer->certificate().keyBits == 3072);
    const std::string pdf =
        signing::signPdf(makeClassicPdf(false), *signer, signOptions("RSA-3072"));
    const auto reports = signing::verifyPdf(pdf, {fx.rootPem()}, {fx.crlPath()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].ok());
    CHECK(reports[0].signer == "Phạm Thị Dung");
    CHECK(reports[0].revocationChecked);  // the CRL of its issuer was given, and it is not listed
    CHECK_FALSE(reports[0].revoked);
    const std::string path = dir.write("rsa3072.pdf", pdf);
    const TempDir nss;
    const std::string db = fx.nssDb(nss);
    mustRun("certutil -A -n rsa3072 -t ,, -i " + shellQuote(fx.file("rsa3072.pem")) +
            " -d sql:" + shellQuote(db));
    const std::string out = pdfsigReport(db, path);
    INFO(out);
    checkPdfsigTrusts(out, 1);
}

TEST_CASE("an expired certificate is refused before the token signs", "[signing][pki]") {
    SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kExpiredId);
    try {
        signing::signPdf(makeClassicPdf(false), *signer, signOptions("x"));
        FAIL("expected CertificateInvalid");
    } catch (const SigningError& e) {
        CHECK(e.code() == SigningError::Code::CertificateInvalid);
        CHECK(std::string(e.what()).find("expired on 2021-01-01T00:00:00Z") != std::string::npos);
    }
    // The claimed time decides (B-B has no trusted time): a time inside the validity passes
    // the check, and verification then fails on the chain, whose intermediate is younger.
    auto options = signOptions("x");
    options.signingTime = std::chrono::system_clock::from_time_t(1593561600);  // 2020-07-01
    const auto reports =
        signing::verifyPdf(signing::signPdf(makeClassicPdf(false), *signer, options),
                           {SigningFixture::instance().rootPem()});
    REQUIRE(reports.size() == 1);
    CHECK_FALSE(reports[0].validAtSigningTime);
    CHECK_FALSE(reports[0].ok());
}

TEST_CASE("a revoked certificate is reported from the CA's CRL", "[signing][pki][verify]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kRevokedId);
    const std::string pdf = signing::signPdf(makeClassicPdf(false), *signer, signOptions("x"));
    // Without a CRL nothing is known of the revocation.
    const auto unchecked = signing::verifyPdf(pdf, {fx.rootPem()});
    REQUIRE(unchecked.size() == 1);
    CHECK(unchecked[0].ok());
    CHECK_FALSE(unchecked[0].revocationChecked);

    const auto reports = signing::verifyPdf(pdf, {fx.rootPem()}, {fx.crlPath()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].revocationChecked);
    CHECK(reports[0].revoked);
    CHECK(reports[0].revokedAt.size() == 20);
    CHECK_FALSE(reports[0].ok());
    REQUIRE_FALSE(reports[0].problems.empty());
    CHECK(reports[0].problems.back().find("revoked") != std::string::npos);

    // The same CRL in DER; a CRL signed by another CA is not used for this certificate.
    const TempDir dir;
    const std::string der = dir.file("inter.crl.der");
    mustRun("openssl crl -in " + shellQuote(fx.crlPath()) + " -outform DER -out " +
            shellQuote(der));
    CHECK(signing::verifyPdf(pdf, {fx.rootPem()}, {der})[0].revoked);
    const std::string other = dir.file("other.crl");
    mustRun("openssl req -x509 -new -newkey rsa:2048 -nodes -keyout " +
            shellQuote(dir.file("k.pem")) +
            " -subj '/CN=MotCua Test Intermediate CA/O=MotCua Test' -days 10 -out " +
            shellQuote(dir.file("c.pem")));
    dir.write("index.txt", "");
    dir.write("crl.cnf", "[ca]\ndefault_ca = c\n[c]\ndatabase = " + dir.file("index.txt") +
                             "\ndefault_md = sha256\ndefault_crl_days = 30\n");
    mustRun("openssl ca -batch -gencrl -config " + shellQuote(dir.file("crl.cnf")) + " -keyfile " +
            shellQuote(dir.file("k.pem")) + " -cert " + shellQuote(dir.file("c.pem")) + " -out " +
            shellQuote(other));
    const auto forged = signing::verifyPdf(pdf, {fx.rootPem()}, {other});
    CHECK_FALSE(forged[0].revocationChecked);  // same issuer name, wrong key: ignored
    CHECK_THROWS_AS(signing::verifyPdf(pdf, {fx.rootPem()}, {dir.write("junk.crl", "junk")}),
                    SigningError);
}
