// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online and postal submissions from the command line: `motcua inbox`, the three decisions with
// their forms, `list --channel`, `intake --channel post`. The submissions are put into the
// ward's database as its pull applier takes them from the server (docs/ONLINE.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "motcua/store/store.h"
#include "support/run_tool.h"
#include "support/submission_change.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

constexpr const char* kLate = "000.00.15.H30-260310-0001";    // decide by 11 March 2026
constexpr const char* kLater = "000.00.15.H30-260310-0002";   // decide by 2099
constexpr const char* kThird = "000.00.15.H30-260310-0003";   // decide by 2099, later
constexpr const char* kPosted = "000.00.15.H30-260310-0004";  // by post, decide by 2099

void setUp(const TempDir& dir) {
    REQUIRE(runCli(dir, {"init", "--unit-code", "000.00.15.H30", "--unit-name", "UBND phường Bồ Đề",
                         "--desk", "1", "--officer", "Trần Thị Bình"})
                .exitCode == 0);
    const SystemClock clock;
    auto store = store::Store::open(dir.file("ward.db"), false, clock);
    SubmissionSpec later{.seq = 2, .code = kLater, .applicant = "Vũ Minh Anh"};
    later.decideBy = "2099-01-05T08:00:00+07:00";
    SubmissionSpec third{.seq = 3, .code = kThird, .applicant = "Đỗ Thu Trang"};
    third.decideBy = "2099-01-06T08:00:00+07:00";
    SubmissionSpec posted{.seq = 4, .code = kPosted, .applicant = "Lý Văn Bưu"};
    posted.channel = "post";
    posted.decideBy = "2099-01-07T08:00:00+07:00";
    const auto applied =
        store.pull().apply({submissionChange({.seq = 1, .code = kLate}), submissionChange(later),
                            submissionChange(third), submissionChange(posted)},
                           4);
    REQUIRE(applied.inserted == 4);
}

json runJson(const TempDir& dir, std::vector<std::string> args) {
    args.push_back("--json");
    const auto r = runCli(dir, args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return json::parse(r.out);
}

std::string pdfText(const std::string& path) {
    return runTool("pdftotext -enc UTF-8 " + shellQuote(path) + " -").out;
}

}  // namespace

TEST_CASE("motcua inbox lists submissions awaiting acceptance, earliest deadline first",
          "[cli][online]") {
    TempDir dir;
    setUp(dir);
    const json inbox = runJson(dir, {"inbox"});
    REQUIRE(inbox.size() == 4);
    CHECK(inbox[0].at("code") == kLate);
    CHECK(inbox[1].at("code") == kLater);
    CHECK(inbox[3].at("code") == kPosted);
    CHECK(inbox[0].at("applicant") == "Phạm Thị Mai");
    CHECK(inbox[0].at("procedure") == "1.004873");
    CHECK(inbox[0].at("channel") == "online");
    CHECK(inbox[3].at("channel") == "post");
    CHECK(inbox[0].at("submitted_at") == "2026-03-09T20:00:00+07:00");
    CHECK(inbox[0].at("decide_by") == "2026-03-11T07:30:00+07:00");
    CHECK(inbox[0].at("overdue") == true);
    CHECK(inbox[0].at("working_minutes_left").get<long long>() < 0);
    CHECK(inbox[1].at("overdue") == false);
    CHECK(inbox[1].at("working_minutes_left").get<long long>() > 0);
    CHECK(inbox[1].at("supplement_requests") == 0);

    const auto text = runCli(dir, {"inbox"});
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::StartsWith(std::string(kLate) + "  online  submitted "
                                                                "2026-03-09T20:00  decide by "
                                                                "2026-03-11T07:30  overdue by "));
    CHECK_THAT(text.out, Catch::Contains(" left  Vũ Minh Anh  Cấp Giấy xác nhận"));
    CHECK_THAT(runCli(dir, {"--help"}).out, Catch::Contains("inbox"));
    CHECK_THAT(runCli(dir, {"inbox", "--help"}).out, Catch::Contains("awaiting acceptance"));
}

TEST_CASE("motcua act decides a submission and writes its form beside the database",
          "[cli][online]") {
    TempDir dir;
    setUp(dir);
    const std::string documents = dir.file("documents");

    // Accept: a received dossier of the ward, its receipt (form 01) written and named.
    const auto accepted = runCli(dir, {"act", kLater, "accept"});
    INFO(accepted.err);
    REQUIRE(accepted.exitCode == 0);
    const std::string receipt = documents + "/" + kLater + "-receipt.pdf";
    CHECK_THAT(accepted.out, Catch::StartsWith(std::string(kLater) + " received "));
    CHECK_THAT(accepted.out, Catch::EndsWith(receipt + "\n"));
    CHECK(std::filesystem::exists(receipt));
    CHECK_THAT(pdfText(receipt), Catch::Contains("GIẤY TIẾP NHẬN HỒ SƠ"));
    const json shown = runJson(dir, {"show", kLater});
    CHECK(shown.at("status") == "received");
    CHECK(shown.at("channel") == "online");
    CHECK(shown.at("register_book") == 1);
    CHECK(shown.at("register_seq") == 1);
    const json ops = runJson(dir, {"outbox"}).at("ops");
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].at("payload").at("action") == "accept");
    CHECK(ops[0].at("payload").at("form_file_name") == std::string(kLater) + "-receipt.pdf");
    CHECK(ops[0].at("base_version") == 1);

    // Refuse and request-supplement need a reason: exit 2, nothing changes, no form.
    CHECK(runCli(dir, {"act", kThird, "refuse"}).exitCode == 2);
    CHECK(runCli(dir, {"act", kThird, "request-supplement"}).exitCode == 2);
    CHECK_FALSE(std::filesystem::exists(documents + "/" + kThird + "-rejection.pdf"));
    CHECK(runJson(dir, {"outbox"}).at("pending") == 1);

    const json back =
        runJson(dir, {"act", kThird, "request-supplement", "--reason", "Bản sao CCCD; Ảnh 4x6"});
    CHECK(back.at("status") == "awaiting_resubmission");
    CHECK(back.at("form") == documents + "/" + kThird + "-supplement.pdf");
    CHECK_THAT(pdfText(back.at("form")), Catch::Contains("Ảnh 4x6"));
    // Sent back, it leaves the inbox; it can still be refused, not accepted.
    CHECK(runCli(dir, {"act", kThird, "accept"}).exitCode == 4);
    const auto refused = runCli(dir, {"act", kThird, "refuse", "--reason", "Quá hạn bổ sung"});
    REQUIRE(refused.exitCode == 0);
    CHECK_THAT(refused.out, Catch::EndsWith(documents + "/" + kThird + "-rejection.pdf\n"));
    CHECK_THAT(pdfText(documents + "/" + kThird + "-rejection.pdf"),
               Catch::Contains("Quá hạn bổ sung"));

    const json inbox = runJson(dir, {"inbox"});
    REQUIRE(inbox.size() == 2);
    CHECK(inbox[0].at("code") == kLate);
    CHECK(inbox[1].at("code") == kPosted);
    // A decision on a dossier that is not a submission writes no form.
    CHECK(runJson(dir, {"act", kLater, "forward"}).contains("form") == false);
}

TEST_CASE(
    "list --channel filters by how dossiers came, and intake takes --channel post but never online",
    "[cli][online]") {
    TempDir dir;
    setUp(dir);
    const std::string counter =
        runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001199012345", "--name",
                     "Lê Thị Hoa", "--dob", "1999-05-05", "--gender", "nu", "--address", "Hà Nội"})
            .out;
    const json post = runJson(
        dir, {"intake", "--procedure", "2.000815", "--id", "001199012345", "--name", "Lê Thị Hoa",
              "--dob", "1999-05-05", "--gender", "nu", "--address", "Hà Nội", "--channel", "post"});
    CHECK(post.at("channel") == "post");
    const auto online = runCli(dir, {"intake", "--procedure", "2.000815", "--id", "001199012345",
                                     "--name", "Lê Thị Hoa", "--dob", "1999-05-05", "--gender",
                                     "nu", "--address", "Hà Nội", "--channel", "online"});
    CHECK(online.exitCode == 2);
    CHECK_THAT(online.err, Catch::Contains("portal"));
    CHECK(runCli(dir, {"intake", "--procedure", "2.000815", "--channel", "pigeon"}).exitCode != 0);

    const json onlineList = runJson(dir, {"list", "--channel", "online"});
    REQUIRE(onlineList.size() == 3);
    for (const auto& d : onlineList) {
        CHECK(d.at("channel") == "online");
        CHECK(d.at("status") == "awaiting_acceptance");
    }
    const json postList = runJson(dir, {"list", "--channel", "post"});
    REQUIRE(postList.size() == 2);
    const json counterList = runJson(dir, {"list", "--channel", "counter"});
    REQUIRE(counterList.size() == 1);
    CHECK(counterList[0].at("code") == counter.substr(0, counter.find('\n')));
    CHECK(runJson(dir, {"list", "--status", "awaiting_acceptance"}).size() == 4);
    CHECK(runCli(dir, {"list", "--channel", "pigeon"}).exitCode == 2);
}
