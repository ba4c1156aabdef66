// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Document timestamps (PAdES B-T) with `openssl ts -reply` as the TSA: an implementation not
// ours answers our queries, and pdfsig and qpdf check what we wrote.
#include <filesystem>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/timestamp.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"
#include "support/sha256_hex.h"
#include "tsa_fixture.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

namespace {

std::string signedSample() {
    TokenLogin login;
    auto signer = login.signer(kRsaId);
    return signing::signPdf(makeClassicPdf(true), *signer, signOptions("Lãnh đạo ký duyệt"));
}

signing::TimestampAuthority opensslTsa() {
    return [](const std::string& query) { return TsaFixture::instance().opensslReply(query); };
}

}  // namespace

TEST_CASE("a query asks for SHA-256, the TSA's certificate and a fresh nonce",
          "[signing][timestamp]") {
    const TempDir dir;
    const std::string digest = sha256Bytes("hello");
    const std::string a = signing::timestampQuery(digest);
    const std::string b = signing::timestampQuery(digest);
    CHECK(a != b);  // the nonces differ
    const std::string text =
        mustRun("openssl ts -query -in " + shellQuote(dir.write("q.tsq", a)) + " -text");
    INFO(text);
    CHECK(text.find("Hash Algorithm: sha256") != std::string::npos);
    CHECK(text.find("Certificate required: yes") != std::string::npos);
    CHECK(text.find("Nonce: 0x") != std::string::npos);
    CHECK_THROWS_AS(signing::timestampQuery("short"), SigningError);

    const std::string token = signing::timestampToken(TsaFixture::instance().opensslReply(a), a);
    // openssl checks our token against the same digest and trusts it through the test root.
    const std::string verified =
        mustRun("openssl ts -verify -digest " + signing::toHex(digest) + " -in " +
                shellQuote(dir.write("t.der", token)) + " -token_in -CAfile " +
                shellQuote(SigningFixture::instance().rootPem()) + " -untrusted " +
                shellQuote(TsaFixture::instance().chainPem()));
    CHECK(verified.find("Verification: OK") != std::string::npos);
}

TEST_CASE("a signature then a document timestamp: both valid, the signature B-T",
          "[signing][timestamp]") {
    const SigningFixture& fx = SigningFixture::instance();
    const std::string signedPdf = signedSample();
    const std::string stamped = signing::addDocumentTimestamp(signedPdf, opensslTsa());
    REQUIRE(stamped.compare(0, signedPdf.size(), signedPdf) == 0);  // a pure append
    CHECK(stamped.find("/Type /DocTimeStamp") != std::string::npos);
    CHECK(stamped.find("/SubFilter /ETSI.RFC3161") != std::string::npos);

    const auto reports = signing::verifyPdf(stamped, {fx.rootPem()});
    REQUIRE(reports.size() == 2);
    INFO((reports[0].problems.empty() ? "" : reports[0].problems[0]));
    INFO((reports[1].problems.empty() ? "" : reports[1].problems[0]));
    CHECK(reports[0].ok());
    CHECK_FALSE(reports[0].documentTimestamp);
    CHECK(reports[0].timestamped);
    CHECK(reports[0].timestampedBy == 2);
    CHECK(reports[1].ok());
    CHECK(reports[1].documentTimestamp);
    CHECK(reports[1].signer == "MotCua Test TSA");
    CHECK(reports[1].subFilter == "ETSI.RFC3161");
    CHECK_FALSE(reports[1].signingTime.empty());
    CHECK(reports[1].coversWholeFile);
    CHECK_FALSE(reports[0].coversWholeFile);

    const TempDir dir;
    const std::string path = dir.write("stamped.pdf", stamped);
    mustRun("qpdf --check " + shellQuote(path));
    const std::string out = pdfsigReport(path);
    INFO(out);
    // pdfsig 22.12 (Debian 12) finds the document timestamp and its TSA but does not validate
    // /ETSI.RFC3161 ("Signature Type: unknown"); `openssl ts -verify` checks the token instead.
    checkPdfsigTrusts(out, 1);
    CHECK(out.find("Common Name: MotCua Test TSA") != std::string::npos);
    CHECK(countOf(out, "Total document signed") == 1);
    CHECK(out.find("Signature is Invalid") == std::string::npos);
    CHECK(TsaFixture::instance().opensslVerifyLast(stamped).find("Verification: OK") !=
          std::string::npos);

    // Without the root, the TSA is not trusted and the signature is no longer B-T.
    const auto untrusted = signing::verifyPdf(stamped, {});
    CHECK_FALSE(untrusted[1].ok());
    CHECK_FALSE(untrusted[1].trusted);
    CHECK_FALSE(untrusted[0].timestamped);
}

TEST_CASE("a changed byte fails the timestamp's integrity", "[signing][timestamp]") {
    const SigningFixture& fx = SigningFixture::instance();
    std::string stamped = signing::addDocumentTimestamp(signedSample(), opensslTsa());
    const std::size_t at = stamped.find("/Type /DocTimeStamp");
    REQUIRE(at != std::string::npos);
    stamped[at + 7] = 'd';  // "/Type /docTimeStamp": inside the time-stamped byte range
    const auto reports = signing::verifyPdf(stamped, {fx.rootPem()});
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].ok());  // the signature's own range ends before the change
    CHECK_FALSE(reports[1].integrityOk);
    CHECK_FALSE(reports[1].ok());
    CHECK_FALSE(reports[0].timestamped);
    CHECK(TsaFixture::instance().opensslVerifyLast(stamped).find("Verification: FAILED") !=
          std::string::npos);
}

TEST_CASE("answers that do not fit the query are refused", "[signing][timestamp]") {
    const std::string pdf = signedSample();
    const auto refusedWith = [&](const signing::TimestampAuthority& tsa, const std::string& words) {
        try {
            signing::addDocumentTimestamp(pdf, tsa);
            FAIL("accepted");
        } catch (const SigningError& e) {
            INFO(e.what());
            CHECK(e.code() == SigningError::Code::TimestampRefused);
            CHECK(std::string(e.what()).find(words) != std::string::npos);
        }
    };
    SECTION("a token for another imprint") {
        refusedWith(
            [](const std::string&) {
                return TsaFixture::instance().opensslReply(
                    signing::timestampQuery(sha256Bytes("another document")));
            },
            "does not match the request");
    }
    SECTION("a token for the same imprint but another nonce (a replay)") {
        refusedWith(
            [](const std::string& query) {
                // The imprint follows SHA-256's AlgorithmIdentifier as a 32-byte OCTET STRING.
                const std::string sha256Algo(
                    "\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20", 17);
                const std::size_t at = query.find(sha256Algo);
                REQUIRE(at != std::string::npos);
                const std::string digest = query.substr(at + sha256Algo.size(), 32);
                return TsaFixture::instance().opensslReply(
                    signing::timestampQuery(digest));  // a new nonce
            },
            "does not match the request");
    }
    SECTION("a garbled answer") {
        refusedWith([](const std::string&) { return std::string("<html>proxy error</html>"); },
                    "not an RFC 3161");
    }
}

TEST_CASE("a TSA that cannot be reached leaves everything as it was", "[signing][timestamp]") {
    const TempDir dir;
    const std::string original = signedSample();
    const std::string in = dir.write("in.pdf", original);
    const std::string out = dir.file("out.pdf");
    CHECK_THROWS_WITH(signing::addDocumentTimestampFile(in, out,
                                                        [](const std::string&) -> std::string {
                                                            throw std::runtime_error("offline");
                                                        }),
                      "offline");
    CHECK(readFileForTest(in) == original);
    CHECK_FALSE(std::filesystem::exists(out));
    // Once reachable, the same file gets its timestamp.
    signing::addDocumentTimestampFile(in, out, opensslTsa());
    CHECK(signing::verifyPdf(readFileForTest(out), {SigningFixture::instance().rootPem()})
              .at(1)
              .ok());
}
