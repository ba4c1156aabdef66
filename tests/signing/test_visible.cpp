// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Visible signatures (Decree 30/2020): rendered by poppler where they were placed, read back
// as text, and accepted by pdfsig next to an invisible signature signed after them.
#include <cmath>
#include <filesystem>

#include "images.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

namespace {

/// A blue handwritten-like stroke on a transparent background.
std::string signaturePng() {
    return makePng(240, 100, [](int x, int y) {
        const double curve = 50 + 30 * std::sin(x / 20.0);
        return std::abs(y - curve) < 5 ? Rgba{20, 40, 200, 255} : Rgba{255, 255, 255, 0};
    });
}

/// A red ring with a star-less middle: the seal, transparent outside and inside the ring.
std::string sealPng() {
    return makePng(120, 120, [](int x, int y) {
        const double r = std::hypot(x - 60, y - 60);
        return r > 44 && r < 58 ? Rgba{220, 20, 30, 255} : Rgba{255, 255, 255, 0};
    });
}

/// The region (PDF points, origin at the bottom left of an A4 page) as pdftoppm renders it at
/// 72 dpi: one pixel per point.
Raster render(const std::string& pdf, double x, double y, double w, double h, bool gray) {
    const TempDir out;
    const int top = static_cast<int>(std::lround(842 - y - h));
    mustRun(std::string("pdftoppm -r 72 ") + (gray ? "-gray " : "") + "-singlefile -f 1 -l 1 -x " +
            std::to_string(std::lround(x)) + " -y " + std::to_string(top) + " -W " +
            std::to_string(std::lround(w)) + " -H " + std::to_string(std::lround(h)) + " " +
            shellQuote(pdf) + " " + shellQuote(out.file("r")));
    const Raster r = readPnm(readFileForTest(out.file(gray ? "r.pgm" : "r.ppm")));
    REQUIRE(r.width == std::lround(w));
    REQUIRE(r.height == std::lround(h));
    return r;
}

int nonWhite(const Raster& r) {
    return r.count([](Rgba p) { return p.r < 200; });
}

}  // namespace

TEST_CASE("a visible signature with signature and seal images, then an invisible one",
          "[signing][visible]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    signing::VisibleSignature v;
    v.page = 1;
    v.x = 330;
    v.y = 90;
    v.width = 220;
    v.height = 130;
    v.title = "CHỦ TỊCH";
    v.signatureImagePng = dir.write("chuky.png", signaturePng());
    v.sealImagePng = dir.write("dau.png", sealPng());
    auto options = signOptions("Ký ban hành");
    options.visible = v;
    auto officer = login.signer(kRsaId);
    const std::string original = makeClassicPdf(true);
    const std::string once = signing::signPdf(original, *officer, options);
    REQUIRE(once.compare(0, original.size(), original) == 0);
    CHECK(once.find("/Subtype /Form") != std::string::npos);
    CHECK(once.find("/SMask") != std::string::npos);  // the PNGs' alpha
    auto supervisor = login.signer(kEcId);
    const std::string twice = signing::signPdf(once, *supervisor, signOptions("Đóng dấu"));
    const std::string path = dir.write("visible.pdf", twice);

    mustRun("qpdf --check " + shellQuote(path));
    const std::string report = pdfsigReport(path);
    INFO(report);
    checkPdfsigTrusts(report, 2);
    for (const auto& r : signing::verifyPdf(twice, {fx.rootPem()})) CHECK(r.ok());

    // Drawn where it was placed, and nowhere else: the same region of the unsigned file and a
    // region beside it are blank.
    const std::string plain = dir.write("plain.pdf", original);
    const Raster gray = render(path, v.x, v.y, v.width, v.height, true);
    CHECK(nonWhite(gray) > 800);
    CHECK(nonWhite(render(plain, v.x, v.y, v.width, v.height, true)) == 0);
    CHECK(nonWhite(render(path, 40, v.y, 200, v.height, true)) == 0);
    // Blue signature and red seal, the seal on the left.
    const Raster colour = render(path, v.x, v.y, v.width, v.height, false);
    const auto red = [](Rgba p) { return p.r > 150 && p.g < 110 && p.b < 110; };
    const auto blue = [](Rgba p) { return p.b > 150 && p.r < 110; };
    CHECK(colour.count(red) > 200);
    CHECK(colour.count(blue) > 200);
    int redLeft = 0, redRight = 0;
    for (int y = 0; y < colour.height; ++y)
        for (int x = 0; x < colour.width; ++x)
            if (red(colour.at(x, y))) ++(x < colour.width / 2 ? redLeft : redRight);
    CHECK(redLeft > redRight);
    // The name and the time as text (fonts embedded with their Unicode maps).
    const std::string text = mustRun("pdftotext -f 1 -l 1 " + shellQuote(path) + " -");
    CHECK(text.find("Nguyễn Văn An") != std::string::npos);
    CHECK(text.find("CHỦ TỊCH") != std::string::npos);
    CHECK(text.find("+07:00") != std::string::npos);
}

TEST_CASE("the attachment variant: text only at the top right of page 1", "[signing][visible]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    signing::VisibleSignature v;
    v.topRight = true;
    v.page = 2;  // ignored: the variant is on page 1
    v.width = 190;
    v.height = 42;
    v.documentNumber = "125/QĐ-UBND";
    auto options = signOptions("Ký văn bản kèm theo");
    options.visible = v;
    auto signer = login.signer(kEcId);
    const std::string signedPdf = signing::signPdf(makeClassicPdf(false), *signer, options);
    const std::string path = dir.write("attachment.pdf", signedPdf);
    const auto reports = signing::verifyPdf(signedPdf, {fx.rootPem()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].ok());
    CHECK(signedPdf.find("/Rect [369.00 764.00 559.00 806.00]") != std::string::npos);
    CHECK(nonWhite(render(path, 369, 764, 190, 42, true)) > 100);
    const std::string text = mustRun("pdftotext -f 1 -l 1 " + shellQuote(path) + " -");
    CHECK(text.find("125/QĐ-UBND") != std::string::npos);
    CHECK(text.find(reports[0].signingTime) != std::string::npos);  // ISO 8601 with +07:00
    CHECK(text.find("Trần Thị Bình") != std::string::npos);
    CHECK(mustRun("pdftotext -f 2 -l 2 " + shellQuote(path) + " -").find("125/QĐ-UBND") ==
          std::string::npos);
    CHECK(countOf(pdfsigReport(path), "Signature Validation: Signature is Valid.") == 1);
}

TEST_CASE("a visible signature with a bad image or rectangle is refused", "[signing][visible]") {
    SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    auto signer = login.signer(kRsaId);
    auto options = signOptions("x");
    signing::VisibleSignature v;
    v.x = v.y = 100;
    v.width = v.height = 100;
    v.signatureImagePng = dir.write("bad.png", "not a PNG");
    options.visible = v;
    auto codeOf = [&] {
        try {
            signing::signPdf(makeClassicPdf(false), *signer, options);
        } catch (const SigningError& e) {
            return e.code();
        }
        return SigningError::Code::Io;
    };
    CHECK(codeOf() == SigningError::Code::InvalidInput);
    options.visible->signatureImagePng.clear();
    options.visible->width = 0;
    CHECK(codeOf() == SigningError::Code::InvalidInput);
    options.visible->width = 100;
    options.visible->page = 3;
    CHECK(codeOf() == SigningError::Code::InvalidInput);  // the PDF has two pages
}
