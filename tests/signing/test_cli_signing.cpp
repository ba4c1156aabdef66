// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua token list / sign / sign-cms / verify against the SoftHSM test token.
#include "images.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

#include <filesystem>

using namespace motcua::test;

namespace {

ToolResult cli(const std::string& args, const std::string& stdinText = "") {
    const std::string feed =
        stdinText.empty() ? "" : "printf '%s\\n' " + shellQuote(stdinText) + " | ";
    return runTool(feed + "MOTCUA_TEST_PIN=1234 " + shellQuote(MOTCUA_CLI_PATH) +
                   " --db /nonexistent/unused.db " + args);
}

std::string tokenArgs(const std::string& keyId) {
    return std::string(" --module ") + kSoftHsmModule + " --token " + kTokenLabel + " --key-id " +
           keyId;
}

}  // namespace

TEST_CASE("motcua token list shows the test token and its certificates", "[signing][cli]") {
    SigningFixture::instance();
    const auto listed =
        cli(std::string("token list --no-registered --json --module ") + kSoftHsmModule);
    REQUIRE(listed.exitCode == 0);
    CHECK(listed.out.find("\"label\":\"motcua-test\"") != std::string::npos);
    CHECK(listed.out.find("\"commonName\":\"Nguyễn Văn An\"") != std::string::npos);
    CHECK(listed.out.find("\"id\":\"E1\"") != std::string::npos);
    CHECK(listed.out.find("\"keyType\":\"EC\"") != std::string::npos);
    // With the modules p11-kit registered too (SoftHSM is one of them: listed once).
    const auto all = cli(std::string("token list --module ") + kSoftHsmModule);
    REQUIRE(all.exitCode == 0);
    CHECK(countOf(all.out, "token 'motcua-test'") == 1);
    CHECK(cli("token list --module /nonexistent/vendor.so --no-registered").exitCode == 5);
}

TEST_CASE("motcua sign twice then verify and tampering is caught by signature", "[signing][cli]") {
    const SigningFixture& fx = SigningFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(true));
    const std::string once = dir.file("once.pdf"), twice = dir.file("twice.pdf");
    REQUIRE(cli("sign " + shellQuote(in) + " --out " + shellQuote(once) + tokenArgs(kRsaId) +
                " --pin-env MOTCUA_TEST_PIN --reason 'Tiếp nhận' --location 'Phường Test'")
                .exitCode == 0);
    REQUIRE(cli("sign " + shellQuote(once) + " --out " + shellQuote(twice) + tokenArgs(kEcId) +
                    " --pin-stdin",
                kPin)
                .exitCode == 0);
    mustRun("qpdf --check " + shellQuote(twice));

    const std::string trust = " --trust " + shellQuote(fx.rootPem());
    const auto verified = cli("verify " + shellQuote(twice) + trust);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("signature 1: VALID - Nguyễn Văn An") != std::string::npos);
    CHECK(verified.out.find("signature 2: VALID - Trần Thị Bình") != std::string::npos);
    CHECK(cli("verify " + shellQuote(twice)).exitCode == 2);  // no trust anchor

    std::string bytes = readFileForTest(twice);
    bytes[bytes.find("signing test")] = 'S';
    const std::string bad = dir.write("bad.pdf", bytes);
    const auto tampered = cli("verify --json " + shellQuote(bad) + trust);
    CHECK(tampered.exitCode == 2);
    CHECK(tampered.out.find("\"integrity\":false") != std::string::npos);
    const auto text = cli("verify " + shellQuote(bad) + trust);
    CHECK(text.out.find("signature 1: INVALID") != std::string::npos);
    CHECK(text.out.find("changed after signing") != std::string::npos);
}

TEST_CASE("motcua sign reports token and input errors with their exit codes", "[signing][cli]") {
    SigningFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false));
    const std::string out = " --out " + shellQuote(dir.file("out.pdf"));
    const auto wrongPin = cli("--json sign " + shellQuote(in) + out + " --module " +
                                  kSoftHsmModule + " --token " + kPinTokenLabel + " --pin-stdin",
                              "9999");
    CHECK(wrongPin.exitCode == 5);
    CHECK(wrongPin.out.find("PinIncorrect") != std::string::npos);
    CHECK(wrongPin.out.find("few tries remain") != std::string::npos);
    const auto noToken = cli("--json sign " + shellQuote(in) + out + " --module " + kSoftHsmModule +
                             " --token absent --pin-env MOTCUA_TEST_PIN");
    CHECK(noToken.exitCode == 5);
    CHECK(noToken.out.find("NoToken") != std::string::npos);
    CHECK(cli("sign " + shellQuote(in) + out + tokenArgs(kRsaId)).exitCode == 1);  // no PIN source
    CHECK(cli("sign " + shellQuote(in) + out + tokenArgs(kRsaId) +
              " --pin-pad --pin-env MOTCUA_TEST_PIN")
              .exitCode == 1);
    // SoftHSM has no PIN pad: the reader's login is refused by the token, not faked.
    const auto pinPad =
        cli("--json sign " + shellQuote(in) + out + tokenArgs(kRsaId) + " --pin-pad");
    INFO(pinPad.out);
    CHECK(pinPad.exitCode == 5);
    mustRun("qpdf --encrypt u o 256 -- " + shellQuote(in) + " " + shellQuote(dir.file("enc.pdf")));
    CHECK(cli("sign " + shellQuote(dir.file("enc.pdf")) + out + tokenArgs(kRsaId) +
              " --pin-env MOTCUA_TEST_PIN")
              .exitCode == 2);
    CHECK_FALSE(std::filesystem::exists(dir.file("out.pdf")));  // no partial output
}

TEST_CASE("motcua sign-cms makes a detached CAdES signature openssl accepts",
          "[signing][cli][cms]") {
    const SigningFixture& fx = SigningFixture::instance();
    const TempDir dir;
    const std::string file =
        dir.write("scan.jpg", std::string("\xFF\xD8\xFF\xE0 not really a JPEG\0\x01", 25));
    const std::string p7s = dir.file("scan.jpg.p7s");
    REQUIRE(cli("sign-cms " + shellQuote(file) + " --out " + shellQuote(p7s) + tokenArgs(kEcId) +
                " --pin-env MOTCUA_TEST_PIN")
                .exitCode == 0);
    mustRun("openssl cms -verify -binary -inform DER -in " + shellQuote(p7s) + " -content " +
            shellQuote(file) + " -CAfile " + shellQuote(fx.rootPem()) +
            " -purpose any -out /dev/null");
    const std::string dump =
        mustRun("openssl cms -cmsout -print -inform DER -in " + shellQuote(p7s));
    CHECK(dump.find("signingTime") != std::string::npos);  // CAdES-B keeps its claimed time
    CHECK(dump.find("id-smime-aa-signingCertificateV2") != std::string::npos);
    dir.write("scan.jpg", "changed");
    CHECK(runTool("openssl cms -verify -binary -inform DER -in " + shellQuote(p7s) + " -content " +
                  shellQuote(file) + " -CAfile " + shellQuote(fx.rootPem()) +
                  " -purpose any -out /dev/null")
              .exitCode != 0);
}

TEST_CASE("motcua verify --crl reports a revoked signer, and an expired one cannot sign",
          "[signing][cli][pki]") {
    const SigningFixture& fx = SigningFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false));
    const std::string out = dir.file("out.pdf");
    const auto expired = cli("--json sign " + shellQuote(in) + " --out " + shellQuote(out) +
                             tokenArgs(kExpiredId) + " --pin-env MOTCUA_TEST_PIN");
    CHECK(expired.exitCode == 5);
    CHECK(expired.out.find("CertificateInvalid") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));

    REQUIRE(cli("sign " + shellQuote(in) + " --out " + shellQuote(out) + tokenArgs(kRevokedId) +
                " --pin-env MOTCUA_TEST_PIN")
                .exitCode == 0);
    const std::string trust = " --trust " + shellQuote(fx.rootPem());
    CHECK(cli("verify " + shellQuote(out) + trust).exitCode == 0);  // no CRL: not known
    const auto revoked =
        cli("verify " + shellQuote(out) + trust + " --crl " + shellQuote(fx.crlPath()));
    CHECK(revoked.exitCode == 2);
    CHECK(revoked.out.find("signature 1: INVALID - Revoked Signer") != std::string::npos);
    CHECK(revoked.out.find("  revoked on ") != std::string::npos);
    const auto json =
        cli("verify --json " + shellQuote(out) + trust + " --crl " + shellQuote(fx.crlPath()));
    CHECK(json.out.find("\"revoked\":true") != std::string::npos);
}

TEST_CASE("motcua sign --visible with images, and the text-only top-right variant",
          "[signing][cli][visible]") {
    const SigningFixture& fx = SigningFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false));
    const std::string once = dir.file("once.pdf"), twice = dir.file("twice.pdf");
    const std::string png = dir.write("img.png", makePng(8, 8, [](int x, int) {
                                          return x < 4 ? Rgba{200, 0, 0, 255} : Rgba{0, 0, 0, 0};
                                      }));
    const auto visible =
        cli("sign " + shellQuote(in) + " --out " + shellQuote(once) + tokenArgs(kRsaId) +
            " --pin-env MOTCUA_TEST_PIN --visible 1:330,90,220,130 --title 'CHỦ TỊCH'"
            " --signature-image " +
            shellQuote(png) + " --seal-image " + shellQuote(png));
    INFO(visible.out);
    REQUIRE(visible.exitCode == 0);
    REQUIRE(cli("sign " + shellQuote(once) + " --out " + shellQuote(twice) + tokenArgs(kEcId) +
                " --pin-env MOTCUA_TEST_PIN --visible top-right --document-number 7/GP")
                .exitCode == 0);
    CHECK(cli("verify " + shellQuote(twice) + " --trust " + shellQuote(fx.rootPem())).exitCode ==
          0);
    const std::string text = mustRun("pdftotext -f 1 -l 1 " + shellQuote(twice) + " -");
    CHECK(text.find("Nguyễn Văn An") != std::string::npos);
    CHECK(text.find("7/GP") != std::string::npos);
    const std::string args = " --out " + shellQuote(dir.file("x.pdf")) + tokenArgs(kRsaId) +
                             " --pin-env MOTCUA_TEST_PIN";
    CHECK(cli("sign " + shellQuote(in) + args + " --visible 1:10,10").exitCode == 1);
    CHECK(cli("sign " + shellQuote(in) + args + " --seal-image " + shellQuote(png)).exitCode == 1);
    CHECK(cli("sign " + shellQuote(in) + args +
              " --visible 1:0,0,50,50 --seal-image /nonexistent.png")
              .exitCode == 2);
    CHECK_FALSE(std::filesystem::exists(dir.file("x.pdf")));
}

TEST_CASE("motcua sign --out-dir signs several PDFs with one login", "[signing][cli][batch]") {
    const SigningFixture& fx = SigningFixture::instance();
    const TempDir dir;
    std::string inputs;
    for (const char* name : {"a.pdf", "b.pdf", "c.pdf"})
        inputs += " " + shellQuote(dir.write(name, makeClassicPdf(false)));
    const std::string outDir = dir.file("signed");
    std::filesystem::create_directory(outDir);
    const auto batch = cli("--json sign" + inputs + " --out-dir " + shellQuote(outDir) +
                           tokenArgs(kEcId) + " --pin-env MOTCUA_TEST_PIN");
    REQUIRE(batch.exitCode == 0);
    CHECK(countOf(batch.out, "\"out\":") == 3);
    for (const char* name : {"a.pdf", "b.pdf", "c.pdf"})
        CHECK(cli("verify " + shellQuote(outDir + "/" + name) + " --trust " +
                  shellQuote(fx.rootPem()))
                  .exitCode == 0);
}
