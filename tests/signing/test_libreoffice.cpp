// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A PDF we did not make: LibreOffice's output (data/libreoffice-7.4.pdf), signed three times,
// the second time visibly on its second page; pdfsig and qpdf judge the result.
#include <filesystem>

#include "motcua/signing/verify.h"
#include "pades_helpers.h"

using namespace motcua;
using namespace motcua::test;

TEST_CASE("a LibreOffice PDF signed three times stays valid for pdfsig",
          "[signing][pades][libreoffice]") {
    const SigningFixture& fx = SigningFixture::instance();
    TokenLogin login;
    const TempDir dir;
    const std::string original = readFileForTest(
        (std::filesystem::path(__FILE__).parent_path() / "data" / "libreoffice-7.4.pdf").string());
    REQUIRE(original.find(
                "/Producer<FEFF004C0069006200720065004F0066006600690063006500200037002E0034>") !=
            std::string::npos);  // "LibreOffice 7.4"

    std::string current = original;
    const char* ids[] = {kRsaId, kEcId, kRsa3072Id};
    for (int i = 0; i < 3; ++i) {
        auto options = signOptions("Ký lần " + std::to_string(i + 1));
        if (i == 1) {
            signing::VisibleSignature v;
            v.page = 2;
            v.x = 340;
            v.y = 80;
            v.width = 200;
            v.height = 60;
            v.documentNumber = "15/UBND";
            options.visible = v;
        }
        auto signer = login.signer(ids[i]);
        const std::string next = signing::signPdf(current, *signer, options);
        REQUIRE(next.compare(0, current.size(), current) == 0);  // an append, nothing rewritten
        current = next;
    }
    const std::string path = dir.write("signed.pdf", current);
    mustRun("qpdf --check " + shellQuote(path));
    const std::string report = pdfsigReport(path);
    INFO(report);
    checkPdfsigTrusts(report, 3);
    CHECK(countOf(report, "ETSI.CAdES.detached") == 3);
    const auto reports = signing::verifyPdf(current, {fx.rootPem()});
    REQUIRE(reports.size() == 3);
    for (const auto& r : reports) CHECK(r.ok());
    CHECK(reports[2].signer == "Phạm Thị Dung");
    // LibreOffice's text is still there, and the visible signature on page 2 only.
    CHECK(mustRun("pdftotext -f 1 -l 1 " + shellQuote(path) + " -").find("ĐƠN ĐỀ NGHỊ") !=
          std::string::npos);
    const std::string page2 = mustRun("pdftotext -f 2 -l 2 " + shellQuote(path) + " -");
    CHECK(page2.find("15/UBND") != std::string::npos);
    CHECK(page2.find("Trần Thị Bình") != std::string::npos);
}
