// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The receipt's QR is the citizen's tracking page on the ward's backend once the desk knows
// one (read back with zbarimg, as a phone's camera would); the key is on the receipt only.
#include <catch2/catch.hpp>

#include "../support/store_connection.h"
#include "forms_fixture.h"
#include "motcua/core/tracking_key.h"

using namespace motcua;
using namespace motcua::test;
using documents::FormKind;

namespace {

const std::string kBackend = "https://motcua.hanoi.gov.vn:8443";

/// What zbarimg reads in the QR of the receipt's first page.
std::string receiptQr(WardFixture& f, const std::string& code) {
    const std::string pdf = f.dir.write(
        "receipt.pdf", documents::renderForm(FormKind::Receipt, formContext(f, code), formsDir()));
    REQUIRE(runTool("pdftoppm -r 150 -png -f 1 -l 1 " + shellQuote(pdf) + " " +
                    shellQuote(f.dir.file("page")))
                .exitCode == 0);
    const auto qr = runTool("zbarimg -q --raw " + shellQuote(f.dir.file("page-1.png")));
    REQUIRE(qr.exitCode == 0);
    REQUIRE(!qr.out.empty());
    return qr.out.substr(0, qr.out.size() - 1);  // its newline
}

void useBackend(WardFixture& f) {
    auto config = f.store.settings().deskConfig();
    config.serverUrl = kBackend;
    f.store.settings().setDeskConfig(config);
}

}  // namespace

TEST_CASE("with a backend, the receipt's QR is the dossier's tracking address and opens it",
          "[forms][receipt][tracking]") {
    WardFixture f;
    useBackend(f);
    const auto d =
        f.store.dossiers().intake(intakeRequest("2.000815", WardFixture::applicant("Lê Văn Tâm")));
    REQUIRE(isTrackingKey(d.trackingKey));
    const std::string qr = receiptQr(f, d.code);
    CHECK(qr == kBackend + "/tra-cuu/" + d.code + "?k=" + d.trackingKey);
    const auto ref = parseTrackingAddress(qr);
    REQUIRE(ref);
    CHECK(ref->key == d.trackingKey);
    CHECK(scannedDossierCode(qr) == d.code);  // what the desk's scanner opens
}

TEST_CASE("the tracking key is printed in the receipt's QR only, in no form's text",
          "[forms][receipt][tracking]") {
    WardFixture f;
    useBackend(f);
    const auto d =
        f.store.dossiers().intake(intakeRequest("2.000815", WardFixture::applicant("Lê Văn Tâm")));
    for (const FormKind kind : {FormKind::Receipt, FormKind::Control}) {
        const std::string pdf = f.dir.write(
            "form.pdf", documents::renderForm(kind, formContext(f, d.code), formsDir()));
        const std::string text = pdfText(pdf);
        CHECK_THAT(text, Catch::Contains(d.code));
        CHECK_THAT(text, !Catch::Contains(d.trackingKey));
        CHECK_THAT(text, !Catch::Contains("tra-cuu"));
    }
}

TEST_CASE("without a backend, or for a dossier from before the key, the QR is the bare code",
          "[forms][receipt][tracking]") {
    WardFixture f;
    const auto d =
        f.store.dossiers().intake(intakeRequest("2.000815", WardFixture::applicant("Lê Văn Tâm")));
    CHECK(receiptQr(f, d.code) == d.code);

    useBackend(f);
    connectionOf(f.store).exec("UPDATE dossiers SET tracking_key = '' WHERE code = '" + d.code +
                               "'");
    CHECK(receiptQr(f, d.code) == d.code);
    CHECK(scannedDossierCode(d.code) == d.code);
}
