// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk refuses input past core's limits at intake, with a clear error, and nothing
// changes; a dossier at every limit still makes an op the server takes (its payload fits).
#include <catch2/catch.hpp>

#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;

namespace {

Errc errcOfIntake(WardFixture& ward, const store::IntakeRequest& request) {
    try {
        ward.store.dossiers().intake(request);
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("the intake was accepted");
    return Errc::InvalidArgument;
}

/// The intake every case here varies: an ordinary procedure by `applicant`.
store::IntakeRequest request(const Applicant& applicant) {
    return intakeRequest("2.000815", applicant);
}

}  // namespace

TEST_CASE("oversize fields and control characters are refused at intake and nothing is written",
          "[store][limits]") {
    WardFixture ward;
    Applicant a = WardFixture::applicant();
    SECTION("a name past the limit") {
        a.fullName = std::string(limits::kNameBytes + 1, 'A');
        CHECK(errcOfIntake(ward, request(a)) == Errc::FieldTooLong);
    }
    SECTION("an address of 129 KB") {
        a.address = std::string(129 * 1024, 'B');
        CHECK(errcOfIntake(ward, request(a)) == Errc::FieldTooLong);
    }
    SECTION("a bidirectional override in the name") {
        a.fullName = "Nguyễn \u202EVăn Đức";
        CHECK(errcOfIntake(ward, request(a)) == Errc::ControlCharacter);
    }
    SECTION("a line break or an escape inside the name") {
        a.fullName = "Nguyễn\nVăn Đức";
        CHECK(errcOfIntake(ward, request(a)) == Errc::ControlCharacter);
        a.fullName = "Nguyễn \x1b[31mVăn";
        CHECK(errcOfIntake(ward, request(a)) == Errc::ControlCharacter);
    }
    SECTION("too many documents") {
        auto r = request(a);
        r.documents =
            std::vector<SubmittedDocument>(limits::kDocumentsPerDossier + 1, {"Tờ khai", {}, 1});
        CHECK(errcOfIntake(ward, r) == Errc::TooManyItems);
    }
    SECTION("an attachment whose name holds a control character") {
        auto r = request(a);
        r.attachmentPaths.push_back(ward.dir.write("scan\x07.pdf", "%PDF-1.4"));
        CHECK(errcOfIntake(ward, r) == Errc::ControlCharacter);
    }
    CHECK(ward.count("SELECT count(*) FROM dossiers") == 0);
    CHECK(ward.count("SELECT count(*) FROM outbox") == 0);
}

TEST_CASE("a reason past the limit is refused and the dossier stays as it was", "[store][limits]") {
    WardFixture ward;
    const auto d = ward.store.dossiers().intake(request(WardFixture::applicant()));
    CHECK_THROWS_AS(ward.store.dossiers().act(
                        d.code, {DossierAction::Reject, std::string(limits::kReasonBytes + 1, 'x'),
                                 std::nullopt}),
                    Error);
    CHECK(ward.store.dossiers().findByCode(d.code)->status == DossierStatus::Received);
    CHECK(ward.count("SELECT count(*) FROM outbox") == 1);
    // A reason of several lines is fine.
    CHECK(ward.store.dossiers()
              .act(d.code, {DossierAction::Reject, "Thiếu giấy tờ:\n- Tờ khai\n- Bản sao CCCD",
                            std::nullopt})
              .status == DossierStatus::Rejected);
}

TEST_CASE("a dossier at every limit makes an op within the payload limit", "[store][limits]") {
    WardFixture ward;
    Applicant a = WardFixture::applicant();
    // Quotes and backslashes take two bytes each in JSON: the worst case for the payload.
    a.fullName = std::string(limits::kNameBytes, '"');
    a.address = std::string(limits::kAddressBytes, '\\');
    a.phone = std::string(limits::kPhoneBytes, '"');
    // An address cannot hold quotes (core refuses it): the longest plain one.
    a.email = std::string(limits::kEmailBytes - 11, 'a') + "@example.vn";
    auto r = request(a);
    r.applicant.idNumber.clear();
    r.documents = std::vector<SubmittedDocument>(
        limits::kDocumentsPerDossier, {std::string(limits::kDocumentNameBytes, '"'), {}, 1000});
    for (std::size_t i = 0; i < limits::kAttachmentsPerDossier; ++i) {
        std::string name = std::to_string(i) + "-";
        name += std::string(limits::kFileNameBytes - name.size(), 'x');
        // Each document holds its file: every sha is written twice, as a document's file and
        // as an attachment.
        r.documentFiles.push_back({i, ward.dir.write(name, "file " + std::to_string(i))});
    }
    r.sets = limits::kMaxSets;
    ward.store.dossiers().intake(r);
    const auto ops = ward.store.outbox().pending();
    REQUIRE(ops.size() == 1);
    INFO(ops[0].payload.size());
    CHECK(ops[0].payload.size() < limits::kPayloadBytes);
}
