// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"

using namespace motcua;
using nlohmann::json;

namespace {

const std::string kSha(64, 'a');

Date day(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Dossier fullDossier() {
    Dossier d;
    d.code = "H01.01-260310-0007";
    d.procedureCode = "1.001757";
    d.status = DossierStatus::InProgress;
    d.applicant = {"Nguyễn Văn An",        "001203004567", day(2003, 4, 5), Gender::Male,
                   "Số 1 phố Huế, Hà Nội", "0912345678",   "an@example.vn"};
    d.documents = {{"Tờ khai", RequiredDocument::Form::Original, 1, {kSha}},
                   {"Bản sao giấy khai sinh", RequiredDocument::Form::Copy, 2, {}}};
    d.attachments = {{kSha, "tờ khai.pdf", 12345}};
    d.sets = 2;
    d.fee = Money{50000};
    d.returnChannel = ReturnChannel::Post;
    d.channel = Channel::Online;
    d.submittedAt = LocalDateTime::at(day(2026, 3, 9), 20, 15);
    d.portalRef = "DVC-123";
    d.receivedAt = LocalDateTime::at(day(2026, 3, 10), 8, 5);
    d.dueAt = LocalDateTime::at(day(2026, 3, 13), 8, 5);
    d.returnedAt = LocalDateTime::at(day(2026, 3, 12), 15, 0);
    d.registerBook = 2;
    d.registerSequence = 41;
    d.receivedBy = "Trần Thị Bình";
    d.electronicResults = {{d.code + "-KQ01", std::string(64, 'c'), "ket-qua.pdf", 40960,
                            LocalDateTime::at(day(2026, 3, 12), 9, 30)},
                           {d.code + "-KQ02", std::string(64, 'd'), "ket-qua-2.pdf", 512,
                            LocalDateTime::at(day(2026, 3, 12), 14, 0)}};
    d.version = 5;
    return d;
}

/// The full dossier's payload with `change` applied to its JSON.
template <typename Change>
std::string altered(Change change) {
    json j = json::parse(payload::encodeDossier(fullDossier()));
    change(j);
    return j.dump();
}

/// The message decodeDossier refuses `text` with (InvalidArgument), or "" if it decodes.
std::string refusal(const std::string& text) {
    try {
        payload::decodeDossier(text);
        return "";
    } catch (const Error& e) {
        CHECK(e.code() == Errc::InvalidArgument);
        return e.what();
    }
}

}  // namespace

TEST_CASE("a dossier's payload decodes to the dossier it was encoded from", "[payload]") {
    const Dossier d = fullDossier();
    Dossier back = payload::decodeDossier(payload::encodeDossier(d));
    CHECK(back.procedureName.empty());  // the reader's catalog names it
    back.procedureName = d.procedureName;
    CHECK(back.code == d.code);
    CHECK(back.applicant == d.applicant);
    CHECK(back.documents == d.documents);
    CHECK(back.attachments == d.attachments);
    CHECK(back.status == d.status);
    CHECK(back.channel == d.channel);
    CHECK(back.returnChannel == d.returnChannel);
    CHECK(back.submittedAt == d.submittedAt);
    CHECK(back.returnedAt == d.returnedAt);
    CHECK(back.receivedAt == d.receivedAt);
    CHECK(back.dueAt == d.dueAt);
    CHECK(back.portalRef == d.portalRef);
    CHECK(back.fee.vnd == 50000);
    CHECK(back.sets == 2);
    CHECK(back.registerBook == 2);
    CHECK(back.registerSequence == 41);
    CHECK(back.receivedBy == d.receivedBy);
    CHECK(back.electronicResults == d.electronicResults);
    CHECK(back.version == 5);
    // Encoding is stable: what was decoded encodes to the same text.
    CHECK(payload::encodeDossier(back) == payload::encodeDossier(d));
}

TEST_CASE("a counter dossier leaves out what it does not have, and decodes back", "[payload]") {
    Dossier d = fullDossier();
    d.channel = Channel::Counter;
    d.submittedAt.reset();
    d.returnedAt.reset();
    d.portalRef.clear();
    d.electronicResults.clear();
    d.applicant.dateOfBirth.reset();
    d.applicant.gender.reset();
    const json j = json::parse(payload::encodeDossier(d));
    CHECK_FALSE(j.contains("submitted_at"));
    CHECK_FALSE(j.contains("returned_at"));
    CHECK_FALSE(j.contains("portal_ref"));
    CHECK_FALSE(j.contains("results"));
    CHECK(j["applicant"]["date_of_birth"].is_null());
    const Dossier back = payload::decodeDossier(j.dump());
    CHECK_FALSE(back.submittedAt);
    CHECK_FALSE(back.returnedAt);
    CHECK(back.electronicResults.empty());
    CHECK_FALSE(back.applicant.dateOfBirth);
    CHECK_FALSE(back.applicant.gender);
}

TEST_CASE("older and newer payloads: defaults for what is absent, unknown keys left alone",
          "[payload]") {
    const Dossier old = payload::decodeDossier(altered([](json& j) {
        j.erase("channel");
        j.erase("version");
        j.erase("documents");
        j.erase("attachments");
        j.erase("received_by");
        j["applicant"].erase("email");
    }));
    CHECK(old.channel == Channel::Counter);
    CHECK(old.version == 1);
    CHECK(old.documents.empty());
    CHECK(old.attachments.empty());
    CHECK(old.applicant.email.empty());
    // The server's own keys (a decision's form, a result) and a newer end's.
    const Dossier newer = payload::decodeDossier(altered([](json& j) {
        j["result_sha256"] = std::string(64, 'b');
        j["form_file_name"] = "01.pdf";
        j["something_new"] = {{"nested", true}};
    }));
    CHECK(newer.code == "H01.01-260310-0007");
}

TEST_CASE("a payload that is not a dossier is refused naming the field", "[payload]") {
    CHECK_THAT(refusal("not json"), Catch::Contains("not JSON"));
    CHECK_THAT(refusal("[1,2]"), Catch::Contains("payload must be an object"));
    CHECK_THAT(refusal(""), Catch::Contains("not JSON"));
    CHECK_THAT(refusal(altered([](json& j) { j.erase("code"); })),
               Catch::Contains("code is missing"));
    CHECK_THAT(refusal(altered([](json& j) { j["code"] = 7; })),
               Catch::Contains("code must be text"));
    CHECK_THAT(refusal(altered([](json& j) { j["status"] = "done"; })),
               Catch::Contains("status names nothing known: 'done'"));
    CHECK_THAT(refusal(altered([](json& j) { j["applicant"] = "An"; })),
               Catch::Contains("applicant must be an object"));
    CHECK_THAT(refusal(altered([](json& j) { j["applicant"].erase("full_name"); })),
               Catch::Contains("applicant.full_name is missing"));
    CHECK_THAT(refusal(altered([](json& j) { j["applicant"]["date_of_birth"] = "2003-4-5"; })),
               Catch::Contains("applicant.date_of_birth is not a date"));
    CHECK_THAT(refusal(altered([](json& j) { j["applicant"]["date_of_birth"] = "2003-02-30"; })),
               Catch::Contains("applicant.date_of_birth is not a date"));
    CHECK_THAT(refusal(altered([](json& j) { j["applicant"]["gender"] = "x"; })),
               Catch::Contains("applicant.gender names nothing known"));
    CHECK_THAT(refusal(altered([](json& j) { j["documents"] = "none"; })),
               Catch::Contains("documents must be a list"));
    CHECK_THAT(refusal(altered([](json& j) { j["documents"][1]["count"] = "2"; })),
               Catch::Contains("documents[1].count must be an integer"));
    CHECK_THAT(refusal(altered([](json& j) { j["documents"][0]["count"] = 1LL << 40; })),
               Catch::Contains("documents[0].count is out of range"));
    CHECK_THAT(refusal(altered([](json& j) { j["documents"][0]["form"] = "photo"; })),
               Catch::Contains("documents[0].form names nothing known"));
    CHECK_THAT(
        refusal(altered([](json& j) { j["documents"][0]["files"] = {std::string(64, 'A')}; })),
        Catch::Contains("documents[0].files[0] is not a SHA-256"));
    CHECK_THAT(refusal(altered([](json& j) { j["attachments"][0]["sha256"] = "abc"; })),
               Catch::Contains("attachments[0].sha256 is not a SHA-256"));
    CHECK_THAT(refusal(altered([](json& j) { j["attachments"][0]["size"] = -1; })),
               Catch::Contains("attachments[0].size is negative"));
    CHECK_THAT(refusal(altered([](json& j) { j["attachments"][0] = 3; })),
               Catch::Contains("attachments[0] must be an object"));
    CHECK_THAT(refusal(altered([](json& j) { j["sets"] = 1e12; })),
               Catch::Contains("sets must be an integer"));
    CHECK_THAT(refusal(altered([](json& j) { j["sets"] = 1LL << 40; })),
               Catch::Contains("sets is out of range"));
    CHECK_THAT(refusal(altered([](json& j) { j["register_seq"] = 18446744073709551615ULL; })),
               Catch::Contains("register_seq is out of range"));
    CHECK_THAT(refusal(altered([](json& j) { j["received_at"] = "10/03/2026 08:05"; })),
               Catch::Contains("received_at is not an ISO date-time: '10/03/2026 08:05'"));
    CHECK_THAT(refusal(altered([](json& j) { j.erase("due_at"); })),
               Catch::Contains("due_at is missing"));
    CHECK_THAT(refusal(altered([](json& j) { j["channel"] = "fax"; })),
               Catch::Contains("channel names nothing known: 'fax'"));
    CHECK_THAT(refusal(altered([](json& j) { j["return_channel"] = nullptr; })),
               Catch::Contains("return_channel is missing"));
    CHECK_THAT(refusal(altered([](json& j) { j["version"] = "5"; })),
               Catch::Contains("version must be an integer"));
    // Electronic results: numbered in order under the dossier's own code.
    CHECK_THAT(refusal(altered([](json& j) { j["results"] = json::array({"x"}); })),
               Catch::Contains("results[0] must be an object"));
    CHECK_THAT(
        refusal(altered([](json& j) { j["results"][0]["code"] = "H01.01-260310-0008-KQ01"; })),
        Catch::Contains("results[0].code must be H01.01-260310-0007-KQ01, not "
                        "'H01.01-260310-0008-KQ01'"));
    CHECK_THAT(refusal(altered([](json& j) { j["results"].erase(0); })),
               Catch::Contains("results[0].code must be H01.01-260310-0007-KQ01"));
    CHECK_THAT(refusal(altered([](json& j) { j["results"][1]["sha256"] = "abc"; })),
               Catch::Contains("results[1].sha256 is not a SHA-256"));
    CHECK_THAT(refusal(altered([](json& j) { j["results"][0]["size"] = -5; })),
               Catch::Contains("results[0].size is negative"));
    CHECK_THAT(refusal(altered([](json& j) { j["results"][0].erase("at"); })),
               Catch::Contains("results[0].at is missing"));
}

TEST_CASE("an edit's applicant round-trips through the same codec", "[payload]") {
    const Applicant a = fullDossier().applicant;
    CHECK(payload::decodeApplicant(payload::encodeApplicant(a)) == a);
    CHECK_THROWS_WITH(payload::decodeApplicant(R"({"full_name": 3})"),
                      Catch::Contains("applicant.full_name must be text"));
    CHECK_THROWS_WITH(payload::decodeApplicant("[]"),
                      Catch::Contains("applicant must be an object"));
}
