// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <filesystem>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

namespace {

/// Signs `pdf` three times (officer RSA, supervisor EC, seal RSA), checking after each that
/// the earlier bytes are untouched; returns the three-signature file.
std::string signThreeTimes(const std::string& pdf, TokenLogin& login) {
    std::string current = pdf;
    const char* ids[] = {kRsaId, kEcId, kRsaId};
    const char* reasons[] = {"Cán bộ tiếp nhận ký", "Lãnh đạo ký duyệt", "Đóng dấu"};
    for (int i = 0; i < 3; ++i) {
        auto signer = login.signer(ids[i]);
        const std::string next = signing::signPdf(current, *signer, signOptions(reasons[i]));
        REQUIRE(next.size() > current.size());
        REQUIRE(next.compare(0, current.size(), current) == 0);  // incremental: a pure append
        current = next;
    }
    return current;
}

void checkIndependently(const std::string& path) {
    mustRun("qpdf --check " + shellQuote(path));
    const std::string out = pdfsigReport(path);
    INFO(out);
    checkPdfsigTrusts(out, 3);
    CHECK(countOf(out, "ETSI.CAdES.detached") == 3);
    CHECK(out.find("Signature #3") != std::string::npos);
}

}  // namespace

TEST_CASE("three signatures on a classic-xref PDF with an AcroForm all stay valid",
          "[signing][pades]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    const std::string signedPdf = signThreeTimes(makeClassicPdf(true), login);
    const std::string path = dir.write("signed.pdf", signedPdf);
    checkIndependently(path);
    // The existing text field survives next to the three signature fields.
    const std::string fields = mustRun("qpdf --json --json-key=acroform " + shellQuote(path));
    CHECK(fields.find("applicant") != std::string::npos);
    CHECK(countOf(fields, "\"/Sig\"") >= 3);

    const auto reports = signing::verifyPdf(signedPdf, {fx.rootPem()});
    REQUIRE(reports.size() == 3);
    for (const auto& r : reports) {
        INFO("signature " << r.index << ": " << (r.problems.empty() ? "" : r.problems.front()));
        CHECK(r.ok());
        CHECK(r.subFilter == "ETSI.CAdES.detached");
        CHECK(r.signingTime.size() == 25);
    }
    CHECK(reports[0].signer == "Nguyễn Văn An");
    CHECK(reports[1].signer == "Trần Thị Bình");
    CHECK_FALSE(reports[0].coversWholeFile);
    CHECK(reports[0].bytesAfter > reports[1].bytesAfter);
    CHECK(reports[2].coversWholeFile);
    CHECK(reports[2].bytesAfter == 0);
}

TEST_CASE("a PDF with an xref stream and object streams gets xref-stream updates",
          "[signing][pades]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    const std::string classic = dir.write("classic.pdf", makeClassicPdf(false));
    const std::string packed = dir.file("packed.pdf");
    mustRun("qpdf --object-streams=generate " + shellQuote(classic) + " " + shellQuote(packed));
    const std::string original = readFileForTest(packed);
    REQUIRE(original.find("/ObjStm") != std::string::npos);
    REQUIRE(original.find("\nxref") == std::string::npos);

    const std::string signedPdf = signThreeTimes(original, login);
    const std::string appended = signedPdf.substr(original.size());
    CHECK(countOf(appended, "/Type /XRef") == 3);
    CHECK(appended.find("\nxref\n") == std::string::npos);
    const std::string path = dir.write("signed.pdf", signedPdf);
    checkIndependently(path);
    const auto reports = signing::verifyPdf(signedPdf, {fx.rootPem()});
    REQUIRE(reports.size() == 3);
    for (const auto& r : reports) CHECK(r.ok());
}

TEST_CASE("openssl cms accepts the signature over the extracted byte range", "[signing][pades]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    auto signer = login.signer(kEcId);
    const std::string pdf = signing::signPdf(makeClassicPdf(false), *signer, signOptions("test"));
    const std::size_t br = pdf.find("/ByteRange [");
    REQUIRE(br != std::string::npos);
    std::size_t a = 0, b = 0, c = 0, d = 0;
    REQUIRE(std::sscanf(pdf.c_str() + br, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d) == 4);
    dir.write("content.bin", pdf.substr(0, b) + pdf.substr(c, d));
    // Trailing zero padding of /Contents is harmless: DER says where the CMS ends.
    dir.write("sig.der", signing::fromHex(pdf.substr(b + 1, c - b - 2)));
    mustRun("openssl cms -verify -binary -inform DER -in " + shellQuote(dir.file("sig.der")) +
            " -content " + shellQuote(dir.file("content.bin")) + " -CAfile " +
            shellQuote(fx.rootPem()) + " -purpose any -out /dev/null");
    // The signed attributes PAdES asks for.
    const std::string dump =
        mustRun("openssl cms -cmsout -print -inform DER -in " + shellQuote(dir.file("sig.der")));
    CHECK(dump.find("id-smime-aa-signingCertificateV2") != std::string::npos);
    CHECK(dump.find("messageDigest (1.2.840.113549.1.9.4)") != std::string::npos);
    CHECK(dump.find("contentType (1.2.840.113549.1.9.3)") != std::string::npos);
    CHECK(dump.find("signingTime") == std::string::npos);  // PAdES: the time is /M
}

TEST_CASE("a changed byte breaks exactly the signatures that cover it",
          "[signing][pades][verify]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const std::string signedPdf = signThreeTimes(makeClassicPdf(true), login);
    const auto before = signing::verifyPdf(signedPdf, {fx.rootPem()});
    REQUIRE(before.size() == 3);

    SECTION("in the second signature's revision") {
        const std::size_t secondRevision = signedPdf.size() - before[1].bytesAfter;
        const std::size_t widget = signedPdf.rfind("/F 132", secondRevision);
        REQUIRE(widget > signedPdf.size() - before[0].bytesAfter);
        std::string tampered = signedPdf;
        tampered[widget + 3] = '4';
        const auto after = signing::verifyPdf(tampered, {fx.rootPem()});
        REQUIRE(after.size() == 3);
        CHECK(after[0].ok());
        CHECK_FALSE(after[1].integrityOk);
        CHECK_FALSE(after[2].integrityOk);
        CHECK_FALSE(after[1].ok());
        REQUIRE_FALSE(after[1].problems.empty());
        CHECK(after[1].problems.front().find("changed") != std::string::npos);
    }
    SECTION("in the original document") {
        std::string tampered = signedPdf;
        tampered[tampered.find("signing test")] = 'S';
        for (const auto& r : signing::verifyPdf(tampered, {fx.rootPem()}))
            CHECK_FALSE(r.integrityOk);
    }
}

TEST_CASE("verification without the right anchors or with a wrong key usage fails",
          "[signing][verify]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    auto good = login.signer(kRsaId);
    const std::string pdf = signing::signPdf(makeClassicPdf(false), *good, signOptions("x"));
    auto untrusted = signing::verifyPdf(pdf, {});
    REQUIRE(untrusted.size() == 1);
    CHECK(untrusted[0].integrityOk);
    CHECK(untrusted[0].signatureOk);
    CHECK_FALSE(untrusted[0].trusted);
    CHECK_FALSE(untrusted[0].ok());

    auto bad = login.signer(kBadKuId);
    const auto reports = signing::verifyPdf(
        signing::signPdf(makeClassicPdf(false), *bad, signOptions("x")), {fx.rootPem()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].trusted);
    CHECK_FALSE(reports[0].keyUsageOk);
    CHECK_FALSE(reports[0].ok());
    CHECK(signing::verifyPdf(makeClassicPdf(false), {fx.rootPem()}).empty());
}

TEST_CASE("encrypted or truncated or non-PDF inputs are refused", "[signing][pades]") {
    SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kRsaId);
    const TempDir dir;
    const std::string plain = dir.write("plain.pdf", makeClassicPdf(false));
    mustRun("qpdf --encrypt user owner 256 -- " + shellQuote(plain) + " " +
            shellQuote(dir.file("enc.pdf")));
    auto codeOf = [&](const std::string& pdf) {
        try {
            signing::signPdf(pdf, *signer, signOptions("x"));
        } catch (const SigningError& e) {
            return e.code();
        }
        return SigningError::Code::Io;  // "did not throw"
    };
    CHECK(codeOf(readFileForTest(dir.file("enc.pdf"))) == SigningError::Code::PdfEncrypted);
    const std::string full = makeClassicPdf(false);
    CHECK(codeOf(full.substr(0, full.size() / 2)) == SigningError::Code::PdfDamaged);
    CHECK(codeOf("hello, not a PDF") == SigningError::Code::PdfDamaged);
    CHECK(codeOf("") == SigningError::Code::PdfDamaged);
}

TEST_CASE("a batch signs with one signer, reports progress, cancels and stops at a bad file",
          "[signing][pades][batch]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kRsaId);
    const TempDir dir;
    std::vector<signing::BatchItem> items;
    for (int i = 0; i < 4; ++i)
        items.push_back({dir.write("in" + std::to_string(i) + ".pdf", makeClassicPdf(i % 2 == 0)),
                         dir.file("out" + std::to_string(i) + ".pdf")});
    std::vector<std::size_t> seen;
    const std::size_t signedCount = signing::signPdfBatch(
        items, *signer, signOptions("batch"), [&](std::size_t done, std::size_t total) {
            CHECK(total == 4);
            seen.push_back(done);
            return done < 2;  // cancel after the second
        });
    CHECK(signedCount == 2);
    CHECK(seen == std::vector<std::size_t>{1, 2});
    for (int i = 0; i < 2; ++i) {
        const auto reports = signing::verifyPdf(
            readFileForTest(items[static_cast<std::size_t>(i)].out), {fx.rootPem()});
        REQUIRE(reports.size() == 1);
        CHECK(reports[0].ok());
    }
    CHECK_FALSE(std::filesystem::exists(items[2].out));
    CHECK_FALSE(std::filesystem::exists(items[3].out));

    dir.write("in1.pdf", "%PDF-1.7 truncated");
    std::filesystem::remove(items[0].out);
    std::filesystem::remove(items[1].out);
    CHECK_THROWS_AS(signing::signPdfBatch(items, *signer, signOptions("batch")), SigningError);
    CHECK(std::filesystem::exists(items[0].out));  // done before the bad file, and complete
    CHECK(signing::verifyPdf(readFileForTest(items[0].out), {fx.rootPem()}).at(0).ok());
    CHECK_FALSE(std::filesystem::exists(items[1].out));
    CHECK_FALSE(std::filesystem::exists(items[2].out));
}
