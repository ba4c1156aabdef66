// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/error.h"
#include "motcua/core/uuid.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::StoreError;

namespace {
LocalDateTime at(int y, unsigned m, unsigned d, int hh, int mm) {
    return LocalDateTime::at(Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}},
                             hh, mm);
}
}  // namespace

TEST_CASE("an intake writes the dossier, an audit entry and an outbox op together",
          "[store][intake]") {
    WardFixture f;
    const auto d = f.intake();
    CHECK(d.code == "000.00.15.H30-260310-2001");
    CHECK(d.status == DossierStatus::Received);
    CHECK(d.receivedAt == at(2026, 3, 10, 9, 15));
    CHECK(d.dueAt == at(2026, 3, 10, 17, 0));  // same-day procedure before the cut-off
    CHECK(d.fee.vnd == 2000);
    CHECK(d.registerBook == 2);
    CHECK(d.registerSequence == 1);
    CHECK(d.receivedBy == "Trần Thị Bình");

    const auto loaded = f.store.dossiers().findByCode(d.code);
    REQUIRE(loaded);
    CHECK(loaded->applicant == d.applicant);
    CHECK(loaded->documents.size() == 2);
    CHECK(loaded->documents[0].name == "Bản chính giấy tờ làm cơ sở chứng thực");

    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].kind == "dossier.intake");
    CHECK(ops[0].entityId == d.code);
    CHECK(isValidUuid(ops[0].opId));
    CHECK(ops[0].deviceId == f.store.settings().ward().deviceId);
    CHECK_THAT(ops[0].payload, Catch::Contains("Nguyễn Văn Đức"));
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'intake'") == 1);
    CHECK(f.store.audit().verify().ok);

    const auto second = f.intake("1.004873", "Lê Thị Hoa");
    CHECK(second.code == "000.00.15.H30-260310-2002");
    CHECK(second.dueAt == at(2026, 3, 13, 9, 15));  // 3 working days
    CHECK(second.registerSequence == 2);
    CHECK(f.store.outbox().pendingCount() == 2);
}

TEST_CASE(
    "an imported receipt time sets the code's day and the due time, the audit keeps the real time",
    "[store][intake]") {
    WardFixture f;
    auto r = intakeRequest("1.004873", WardFixture::applicant());
    r.receivedAt = at(2026, 2, 13, 10, 0);  // Friday before Tết 2026
    const auto d = f.store.dossiers().intake(r);
    CHECK(d.code == "000.00.15.H30-260213-2001");
    CHECK(d.dueAt == at(2026, 2, 25, 10, 0));
    const auto history = f.store.dossiers().history(d.code);
    REQUIRE(history.size() == 1);
    CHECK(history[0].at == at(2026, 3, 10, 9, 15));
}

TEST_CASE("bad intake input is refused and changes nothing", "[store][intake]") {
    WardFixture f;
    auto before = [&] {
        return std::tuple{
            f.count("SELECT count(*) FROM dossiers"), f.count("SELECT count(*) FROM outbox"),
            f.count("SELECT count(*) FROM audit"), f.count("SELECT count(*) FROM daily_sequence")};
    };
    const auto initial = before();
    auto r = intakeRequest("9.999999", WardFixture::applicant());
    try {
        f.store.dossiers().intake(r);
        FAIL("unknown procedure accepted");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::NotFound);
    }
    r.procedureCode = "2.000815";
    r.applicant.idNumber = "001299012345";  // century digit says 2099
    try {
        f.store.dossiers().intake(r);
        FAIL("inconsistent CCCD accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::CccdCenturyMismatch);
    }
    r.applicant.idNumber = "001199012345";  // a woman born in 1999; the applicant is a man
    try {
        f.store.dossiers().intake(r);
        FAIL("CCCD of the other gender accepted");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::CccdGenderMismatch);
    }
    r.applicant = WardFixture::applicant("  ");
    CHECK_THROWS_AS(f.store.dossiers().intake(r), Error);
    r.applicant = WardFixture::applicant();
    r.applicant.dateOfBirth =
        Date{std::chrono::year{2027}, std::chrono::month{1}, std::chrono::day{1}};
    CHECK_THROWS_AS(f.store.dossiers().intake(r), Error);
    r.applicant = WardFixture::applicant();
    r.attachmentPaths = {f.dir.file("no-such-file.pdf")};
    try {
        f.store.dossiers().intake(r);
        FAIL("missing attachment accepted");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::Io);
    }
    r.attachmentPaths.clear();
    r.feeInput.pages = 0;
    CHECK_THROWS_AS(f.store.dossiers().intake(r), Error);
    CHECK(before() == initial);
}

TEST_CASE("a failure inside the transaction leaves neither dossier, audit nor op",
          "[store][intake]") {
    WardFixture f;
    connectionOf(f.store).exec(
        "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk "
        "full'); END");
    CHECK_THROWS_AS(f.intake(), StoreError);
    CHECK(f.count("SELECT count(*) FROM dossiers") == 0);
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'intake'") == 0);
    CHECK(f.count("SELECT count(*) FROM daily_sequence") == 0);
    connectionOf(f.store).exec("DROP TRIGGER fail_outbox");
    // The sequence was not consumed: the next code is still 2001.
    CHECK(f.intake().code == "000.00.15.H30-260310-2001");
}

TEST_CASE("actions move the status machine, each with its audit entry and op", "[store][act]") {
    WardFixture f;
    const auto d = f.intake("1.004873");
    using A = DossierAction;
    CHECK(f.store.dossiers().act(d.code, {A::Forward, "", {}}).status == DossierStatus::InProgress);
    CHECK(f.store.dossiers().act(d.code, {A::SubmitForApproval, "", {}}).status ==
          DossierStatus::AwaitingApproval);
    const auto back = f.store.dossiers().act(d.code, {A::SendBack, "Thiếu chữ ký", {}});
    CHECK(back.status == DossierStatus::InProgress);
    CHECK(back.version == 4);
    f.store.dossiers().act(d.code, {A::SubmitForApproval, "", {}});
    f.store.dossiers().act(d.code, {A::Approve, "", {}});
    f.store.dossiers().act(d.code, {A::ResultReady, "", {}});
    f.clock.advance(std::chrono::hours(2));
    const auto returned = f.store.dossiers().act(d.code, {A::ReturnResult, "", {}});
    CHECK(returned.status == DossierStatus::Returned);
    REQUIRE(returned.returnedAt);
    CHECK(*returned.returnedAt == at(2026, 3, 10, 11, 15));

    const auto history = f.store.dossiers().history(d.code);
    REQUIRE(history.size() == 8);
    CHECK(history[3].action == "send-back");
    CHECK(history[3].reason == "Thiếu chữ ký");
    CHECK(history[3].fromStatus == DossierStatus::AwaitingApproval);
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 8);
    CHECK(ops[1].kind == "dossier.action");
    CHECK(ops[1].baseVersion == 1);
    CHECK(ops[7].baseVersion == 7);
    CHECK(f.store.audit().verify().ok);
}

TEST_CASE("an action the status forbids is refused and changes nothing", "[store][act]") {
    WardFixture f;
    const auto d = f.intake();
    const auto ops = f.store.outbox().pendingCount();
    const auto audit = f.store.audit().verify().entries;
    for (auto action :
         {DossierAction::Approve, DossierAction::ReturnResult, DossierAction::SupplementReceived,
          DossierAction::ResultReady, DossierAction::Stop}) {
        try {
            f.store.dossiers().act(d.code, {action, "lý do", {}});
            FAIL("allowed " << actionName(action));
        } catch (const StoreError& e) {
            CHECK(e.code() == StoreError::Code::NotAllowed);
            CHECK_THAT(e.what(), Catch::Contains("received"));
        }
    }
    CHECK(f.store.dossiers().findByCode(d.code)->status == DossierStatus::Received);
    CHECK(f.store.dossiers().findByCode(d.code)->version == 1);
    CHECK(f.store.outbox().pendingCount() == ops);
    CHECK(f.store.audit().verify().entries == audit);
    try {
        f.store.dossiers().act("000.00.15.H30-260310-9999", {DossierAction::Forward, "", {}});
        FAIL("unknown dossier");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::NotFound);
    }
}

TEST_CASE("reasons and new due times are required where the forms need them", "[store][act]") {
    WardFixture f;
    const auto d = f.intake("1.004873");
    try {
        f.store.dossiers().act(d.code, {DossierAction::Reject, "  ", {}});
        FAIL("reject without reason");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::ReasonRequired);
    }
    try {
        f.store.dossiers().act(d.code, {DossierAction::Postpone, "Cần xác minh", {}});
        FAIL("postpone without date");
    } catch (const Error& e) {
        CHECK(e.code() == Errc::DueRequired);
    }
    CHECK_THROWS_AS(f.store.dossiers().act(
                        d.code, {DossierAction::Postpone, "Cần xác minh", at(2026, 3, 11, 8, 0)}),
                    Error);
    const auto postponed = f.store.dossiers().act(
        d.code, {DossierAction::Postpone, "Cần xác minh", at(2026, 3, 20, 10, 0)});
    CHECK(postponed.status == DossierStatus::Received);
    CHECK(postponed.dueAt == at(2026, 3, 20, 10, 0));

    f.store.dossiers().act(d.code, {DossierAction::Forward, "", {}});
    f.store.dossiers().act(d.code,
                           {DossierAction::RequestSupplement, "Thiếu bản sao sổ hộ khẩu", {}});
    f.clock.advance(std::chrono::hours(24 * 7));  // supplied a week later, Tuesday 17 March
    const auto resumed =
        f.store.dossiers().act(d.code, {DossierAction::SupplementReceived, "", {}});
    CHECK(resumed.status == DossierStatus::InProgress);
    CHECK(resumed.dueAt == at(2026, 3, 20, 9, 15));  // the 3 working days run again
}

TEST_CASE("overdue is derived from the due time", "[store][act]") {
    WardFixture f;
    const auto d = f.intake();  // due 17:00 today
    CHECK(f.store.dossiers().list({.overdueOnly = true}).empty());
    f.clock.advance(std::chrono::hours(9));  // 18:15
    const auto overdue = f.store.dossiers().list({.overdueOnly = true});
    REQUIRE(overdue.size() == 1);
    CHECK(overdue[0].code == d.code);
    CHECK(overdue[0].isOverdue(f.clock.localNow()));
    f.store.dossiers().act(d.code, {DossierAction::Withdraw, "", {}});
    CHECK(f.store.dossiers().list({.overdueOnly = true}).empty());
}

TEST_CASE("editing the applicant is one audited, queued change that search follows",
          "[store][edit]") {
    WardFixture f;
    const auto d = f.intake("2.000815", "NGUYEN VAN DUC");  // a wedge-mode scan lost the marks
    auto a = d.applicant;
    a.fullName = "Nguyễn Văn Đức";
    a.phone = "0912345678";
    const auto edited = f.store.dossiers().editApplicant(d.code, a);
    CHECK(edited.version == 2);
    CHECK(f.store.dossiers().findByCode(d.code)->applicant.fullName == "Nguyễn Văn Đức");
    CHECK(f.store.dossiers().findByCode(d.code)->applicant.phone == "0912345678");
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 2);
    CHECK(ops[1].kind == "dossier.edit");
    CHECK(ops[1].baseVersion == 1);
    CHECK(f.store.dossiers().history(d.code).back().action == "edit");
    CHECK(f.store.audit().verify().ok);

    a.fullName = "Lê Thị Hoa";
    f.store.dossiers().editApplicant(d.code, a);
    CHECK(f.store.dossiers().list({.search = "nguyen van duc"}).empty());
    CHECK(f.store.dossiers().list({.search = "le thi hoa"}).size() == 1);

    a.idNumber = "123";
    CHECK_THROWS_AS(f.store.dossiers().editApplicant(d.code, a), Error);
    CHECK(f.store.dossiers().findByCode(d.code)->applicant.idNumber == "001099012345");
    f.store.dossiers().act(d.code, {DossierAction::Withdraw, "", {}});
    a.idNumber = "001099012345";
    try {
        f.store.dossiers().editApplicant(d.code, a);
        FAIL("edited a closed dossier");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::NotAllowed);
    }
}

TEST_CASE("the ward's office hours set the due times", "[store][calendar]") {
    WardFixture f;
    CHECK(f.store.settings().ward().officeHours == OfficeHours::standard());
    f.store.settings().setOfficeHours(OfficeHours::parse("07:00-11:00,13:00-16:00"));
    CHECK(f.store.settings().ward().officeHours.str() == "07:00-11:00,13:00-16:00");
    CHECK(f.intake().dueAt == at(2026, 3, 10, 16, 0));  // same-day: closing time
    CHECK_THROWS_AS(f.store.settings().setOfficeHours(OfficeHours{}), Error);
    CHECK(f.store.audit().verify().ok);
}

TEST_CASE("register entries cover the receipt dates with their hand-over times",
          "[store][register]") {
    WardFixture f;
    auto intakeOn = [&](unsigned day) {
        auto r = intakeRequest("1.004873", WardFixture::applicant());
        r.receivedAt = at(2026, 3, day, 10, 0);
        return f.store.dossiers().intake(r);
    };
    const auto first = intakeOn(2);
    intakeOn(5);
    intakeOn(9);
    f.store.dossiers().act(first.code, {DossierAction::Forward, "", {}});
    const auto entries = f.store.dossiers().registerEntries(
        Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{2}},
        Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{5}});
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].dossier.code == first.code);  // oldest first
    CHECK(entries[0].handlingUnit == "UBND cấp xã");
    REQUIRE(entries[0].forwardedAt);
    CHECK(*entries[0].forwardedAt == f.clock.localNow());
    CHECK_FALSE(entries[1].forwardedAt);
    CHECK_FALSE(entries[0].resultReadyAt);
}

TEST_CASE("the day summary counts today's work", "[store][summary]") {
    WardFixture f;
    const auto a = f.intake("2.000815");  // due 17:00 today
    f.intake("1.004873");                 // due Friday
    auto old = intakeRequest("2.000815", WardFixture::applicant());
    old.receivedAt = at(2026, 3, 9, 10, 0);  // yesterday, due yesterday 17:00: overdue
    f.store.dossiers().intake(old);
    const auto b = f.intake("1.004873");
    f.store.dossiers().act(b.code, {DossierAction::Forward, "", {}});
    f.store.dossiers().act(b.code, {DossierAction::SubmitForApproval, "", {}});
    auto s = f.store.dossiers().summary();
    CHECK(s.receivedToday == 3);
    CHECK(s.dueToday == 1);
    CHECK(s.overdue == 1);
    CHECK(s.awaitingApproval == 1);
    CHECK(s.pendingSync == 6);
    f.store.dossiers().act(a.code, {DossierAction::Withdraw, "", {}});
    CHECK(f.store.dossiers().summary().dueToday == 0);
}

TEST_CASE("the day's report counts what came in and what went back, in all and by procedure",
          "[store][report]") {
    WardFixture f;
    using A = DossierAction;
    const Date today = f.clock.localNow().date();
    const Date yesterday{Days{today} - std::chrono::days{1}};
    auto walkToReturned = [&](const std::string& code) {
        for (auto action :
             {A::Forward, A::SubmitForApproval, A::Approve, A::ResultReady, A::ReturnResult})
            f.store.dossiers().act(code, {action, "", {}});
    };
    // Received yesterday, returned today.
    auto early = intakeRequest("1.004873", WardFixture::applicant("Lê Thị Hoa"));
    early.receivedAt = LocalDateTime::at(yesterday, 14, 0);
    const auto d3 = f.store.dossiers().intake(early);
    // Received a week ago and still open: in neither day's report.
    early.receivedAt = LocalDateTime::at(Date{Days{today} - std::chrono::days{7}}, 10, 0);
    f.store.dossiers().intake(early);
    const auto d1 = f.intake("2.000815");                  // received and returned today
    const auto d2 = f.intake("1.004873", "Phạm Văn Nam");  // received today, still open
    walkToReturned(d3.code);
    walkToReturned(d1.code);

    const auto report = f.store.dossiers().dayReport(today);
    CHECK(report.day == today);
    CHECK(report.received == 2);
    CHECK(report.returned == 2);
    CHECK(report.stillPending == 1);
    CHECK(report.fees == d1.fee + d2.fee);
    CHECK(report.fees.vnd > 0);
    REQUIRE(report.procedures.size() == 2);
    CHECK(report.procedures[0].procedureCode == "1.004873");  // d2 in, d3 out
    CHECK(report.procedures[0].received == 1);
    CHECK(report.procedures[0].returned == 1);
    CHECK(report.procedures[0].fees == d2.fee);
    CHECK(report.procedures[1].procedureCode == "2.000815");  // d1 in and out
    CHECK(report.procedures[1].received == 1);
    CHECK(report.procedures[1].returned == 1);

    const auto before = f.store.dossiers().dayReport(yesterday);
    CHECK(before.received == 1);
    CHECK(before.returned == 0);
    CHECK(before.stillPending == 0);  // d3 is finished by now
    CHECK(
        f.store.dossiers().dayReport(Date{Days{today} + std::chrono::days{1}}).procedures.empty());
}
