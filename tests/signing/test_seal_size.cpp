// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The seal printed at its real size (a 40 mm stamp is 40 mm on paper), not fitted to the box.
#include <cmath>
#include <filesystem>

#include "images.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// A red ring reaching the image's edges: its drawn width is the image's.
std::string ringPng() {
    return makePng(120, 120, [](int x, int y) {
        const double r = std::hypot(x + 0.5 - 60, y + 0.5 - 60);
        return r > 48 && r <= 60 ? Rgba{220, 20, 30, 255} : Rgba{255, 255, 255, 0};
    });
}

/// Width and height in points of the red drawn in the box (x, y, w, h) of page 1 (A4, 72 dpi).
std::pair<int, int> redExtent(const std::string& pdf, int x, int y, int w, int h) {
    const TempDir out;
    mustRun("pdftoppm -r 72 -singlefile -f 1 -l 1 -x " + std::to_string(x) + " -y " +
            std::to_string(842 - y - h) + " -W " + std::to_string(w) + " -H " + std::to_string(h) +
            " " + shellQuote(pdf) + " " + shellQuote(out.file("r")));
    const Raster r = readPnm(readFileForTest(out.file("r.ppm")));
    int minX = r.width, maxX = -1, minY = r.height, maxY = -1;
    for (int py = 0; py < r.height; ++py)
        for (int px = 0; px < r.width; ++px) {
            const Rgba p = r.at(px, py);
            if (p.r > 150 && p.g < 110 && p.b < 110) {
                minX = std::min(minX, px);
                maxX = std::max(maxX, px);
                minY = std::min(minY, py);
                maxY = std::max(maxY, py);
            }
        }
    return {maxX - minX + 1, maxY - minY + 1};
}

}  // namespace

TEST_CASE("a seal drawn at its real diameter, whatever the box", "[signing][visible][seal]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kRsaId);
    const TempDir dir;
    signing::VisibleSignature v;
    v.x = 250;
    v.y = 100;
    v.width = 300;
    v.height = 200;
    v.sealImagePng = dir.write("seal.png", ringPng());
    auto options = signOptions("Đóng dấu");
    options.visible = v;

    // Fitted (the default): half the box's width, 150 pt.
    const std::string fitted =
        dir.write("fitted.pdf", signing::signPdf(makeClassicPdf(false), *signer, options));
    const auto [fw, fh] = redExtent(fitted, 250, 100, 300, 200);
    CHECK(std::abs(fw - 150) <= 3);

    // 40 mm = 113.4 pt, also in a larger box.
    for (const double boxWidth : {300.0, 340.0}) {
        options.visible->width = boxWidth;
        options.visible->sealDiameterMm = 40;
        const std::string real =
            dir.write("real.pdf", signing::signPdf(makeClassicPdf(false), *signer, options));
        const auto [w, h] = redExtent(real, 250, 100, static_cast<int>(boxWidth), 200);
        INFO("box " << boxWidth << ": " << w << " x " << h);
        CHECK(std::abs(w - 113) <= 2);
        CHECK(std::abs(h - 113) <= 2);
        CHECK(signing::verifyPdf(readFileForTest(real), {fx.rootPem()}).at(0).ok());
    }

    // A seal larger than the box is refused, not shrunk behind the officer's back.
    options.visible->sealDiameterMm = 80;
    try {
        signing::signPdf(makeClassicPdf(false), *signer, options);
        FAIL("expected InvalidInput");
    } catch (const signing::SigningError& e) {
        CHECK(e.code() == signing::SigningError::Code::InvalidInput);
        CHECK(std::string(e.what()).find("80 mm") != std::string::npos);
    }
}

TEST_CASE("motcua sign --seal-diameter-mm", "[signing][cli][seal]") {
    SigningFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false)), out = dir.file("out.pdf");
    const std::string seal = dir.write("seal.png", ringPng());
    const std::string base = "MOTCUA_TEST_PIN=1234 " + shellQuote(MOTCUA_CLI_PATH) +
                             " --db /nonexistent/unused.db sign " + shellQuote(in) + " --out " +
                             shellQuote(out) + " --module " + kSoftHsmModule + " --token " +
                             kTokenLabel + " --key-id " + kRsaId +
                             " --pin-env MOTCUA_TEST_PIN --visible 1:250,100,300,200";
    CHECK(runTool(base + " --seal-diameter-mm 40").exitCode == 1);  // no seal image
    CHECK(
        runTool(base + " --seal-image " + shellQuote(seal) + " --seal-diameter-mm 400").exitCode ==
        2);  // 10 to 100
    REQUIRE(
        runTool(base + " --seal-image " + shellQuote(seal) + " --seal-diameter-mm 40").exitCode ==
        0);
    const auto [w, h] = redExtent(out, 250, 100, 300, 200);
    CHECK(std::abs(w - 113) <= 2);
    CHECK(std::abs(h - 113) <= 2);
}
