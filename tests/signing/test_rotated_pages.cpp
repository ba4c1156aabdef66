// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Visible signatures on pages turned by /Rotate and with a MediaBox not at 0 0: the rectangle
// is given as the officer sees the page, and the drawing lands there, upright.
#include <cmath>

#include "images.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "support/minimal_pdf.h"

using namespace motcua;
using namespace motcua::test;

namespace {

constexpr double kOriginX = 30, kOriginY = 40;  ///< the MediaBox's lower left corner

/// A one-page A4 portrait PDF (MediaBox [30 40 625 882]) shown turned by `rotate` degrees;
/// with `inherited` the /Rotate sits on the page tree, not the page.
std::string makeRotatedPdf(int rotate, bool inherited) {
    const std::string content = "BT /F1 18 Tf 80 800 Td (Rotated page) Tj ET\n";
    const std::string turn = " /Rotate " + std::to_string(rotate);
    const std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1" + (inherited ? turn : "") + " >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [30 40 625 882] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >>" +
            (inherited ? "" : turn) + " >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    return pdfOfObjects(objects);
}

/// The whole page as shown (pdftoppm applies /Rotate), one pixel per point.
Raster renderShown(const std::string& pdf) {
    const TempDir out;
    mustRun("pdftoppm -r 72 -singlefile -f 1 -l 1 " + shellQuote(pdf) + " " +
            shellQuote(out.file("p")));
    return readPnm(readFileForTest(out.file("p.ppm")));
}

bool red(Rgba p) {
    return p.r > 150 && p.g < 110 && p.b < 110;
}
bool blue(Rgba p) {
    return p.b > 150 && p.r < 110;
}

}  // namespace

TEST_CASE(
    "a visible signature on a rotated page with a shifted MediaBox lands where the officer put it, "
    "upright",
    "[signing][visible][rotate]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kRsaId);
    const TempDir dir;
    const int rotate = GENERATE(0, 90, 180, 270, -90);
    const bool inherited = rotate == 270;
    INFO("rotate " << rotate);
    const bool sideways = rotate == 90 || rotate == 270 || rotate == -90;
    const int shownW = sideways ? 842 : 595, shownH = sideways ? 595 : 842;

    signing::VisibleSignature v;
    v.x = 40;  // near the shown page's bottom left
    v.y = 60;
    v.width = 220;
    v.height = 130;
    v.title = "CHỦ TỊCH";
    v.signatureImagePng = dir.write("sig.png", makePng(240, 100, [](int x, int y) {
                                        return std::abs(y - 50 - 30 * std::sin(x / 20.0)) < 5
                                                   ? Rgba{20, 40, 200, 255}
                                                   : Rgba{255, 255, 255, 0};
                                    }));
    v.sealImagePng =
        dir.write("seal.png", makePng(120, 120, [](int x, int y) {
                      const double r = std::hypot(x - 60, y - 60);
                      return r > 44 && r < 58 ? Rgba{220, 20, 30, 255} : Rgba{255, 255, 255, 0};
                  }));
    auto options = signOptions("Ký");
    options.visible = v;
    const std::string signedPdf =
        signing::signPdf(makeRotatedPdf(rotate, inherited), *signer, options);
    const std::string path = dir.write("signed.pdf", signedPdf);
    const auto reports = signing::verifyPdf(signedPdf, {fx.rootPem()});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].ok());
    mustRun("qpdf --check " + shellQuote(path));

    // The widget's /Rect in user space, and the /Matrix turning the drawing back.
    const char* expected[] = {
        "/Rect [70.00 100.00 290.00 230.00]", "/Rect [435.00 80.00 565.00 300.00]",
        "/Rect [365.00 692.00 585.00 822.00]", "/Rect [90.00 622.00 220.00 842.00]"};
    const int turn = ((rotate % 360) + 360) % 360;
    CHECK(signedPdf.find(expected[turn / 90]) != std::string::npos);
    const char* matrices[] = {"", "/Matrix [0 1 -1 0 0 0]", "/Matrix [-1 0 0 -1 0 0]",
                              "/Matrix [0 -1 1 0 0 0]"};
    if (turn)
        CHECK(signedPdf.find(matrices[turn / 90]) != std::string::npos);
    else
        CHECK(signedPdf.find("/Matrix") == std::string::npos);

    // As shown: every red and blue pixel inside the rectangle, the seal on the left of the
    // signature, and the drawing the right way up (the seal and the signature image sit
    // between the title above and the name below, so the middle band holds them).
    const Raster page = renderShown(path);
    REQUIRE(page.width == shownW);
    REQUIRE(page.height == shownH);
    const int left = static_cast<int>(v.x), top = shownH - static_cast<int>(v.y + v.height);
    const int right = left + static_cast<int>(v.width), bottom = top + static_cast<int>(v.height);
    int redIn = 0, redOut = 0, blueIn = 0, blueOut = 0, redLeft = 0, redRight = 0, inkTop = 0,
        inkMiddleColour = 0;
    for (int y = 0; y < page.height; ++y)
        for (int x = 0; x < page.width; ++x) {
            const Rgba p = page.at(x, y);
            const bool inside = x >= left && x < right && y >= top && y < bottom;
            if (red(p)) ++(inside ? redIn : redOut);
            if (blue(p)) ++(inside ? blueIn : blueOut);
            if (inside && red(p)) ++(x < left + v.width / 2 ? redLeft : redRight);
            if (inside && y < top + 14 && p.r < 100 && p.g < 100 && p.b < 100)
                ++inkTop;  // the title's black text
            if (inside && (red(p) || blue(p)) && y > top + 14 && y < bottom - 20) ++inkMiddleColour;
        }
    CHECK(redIn > 200);
    CHECK(blueIn > 200);
    CHECK(redOut == 0);
    CHECK(blueOut == 0);
    CHECK(redLeft > 3 * redRight);
    CHECK(inkTop > 20);
    CHECK(inkMiddleColour > (redIn + blueIn) * 9 / 10);
    const std::string text = mustRun("pdftotext -f 1 -l 1 " + shellQuote(path) + " -");
    CHECK(text.find("Nguyễn Văn An") != std::string::npos);
    if (rotate == 90) {
        CHECK(countOf(pdfsigReport(path), "Signature Validation: Signature is Valid.") == 1);
    }
}

TEST_CASE("the top-right variant goes to the top right of the page as shown",
          "[signing][visible][rotate]") {
    SigningFixture::instance();
    TokenLogin login;
    auto signer = login.signer(kEcId);
    const TempDir dir;
    signing::VisibleSignature v;
    v.topRight = true;
    v.width = 190;
    v.height = 42;
    v.documentNumber = "9/UBND";
    auto options = signOptions("Ký văn bản kèm theo");
    options.visible = v;
    const std::string signedPdf = signing::signPdf(makeRotatedPdf(90, false), *signer, options);
    // Shown 842 x 595: x 616..806, y 517..559 from the bottom left; in user space, turned.
    CHECK(signedPdf.find("/Rect [66.00 656.00 108.00 846.00]") != std::string::npos);
    const std::string path = dir.write("signed.pdf", signedPdf);
    const Raster page = renderShown(path);
    REQUIRE(page.width == 842);
    // Dark ink in the shown top right corner, none in the other three corners.
    auto darkIn = [&](int x0, int y0) {
        int n = 0;
        for (int y = y0; y < y0 + 42; ++y)
            for (int x = x0; x < x0 + 190; ++x) n += page.at(x, y).r < 100;
        return n;
    };
    CHECK(darkIn(616, 36) > 100);
    CHECK(darkIn(36, 36) == 0);
    CHECK(darkIn(36, 595 - 78) == 0);
    CHECK(darkIn(616, 595 - 78) == 0);
    const std::string text = mustRun("pdftotext -f 1 -l 1 " + shellQuote(path) + " -");
    CHECK(text.find("9/UBND") != std::string::npos);
    CHECK(text.find("Trần Thị Bình") != std::string::npos);
}
