// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online and postal submissions at the desk (docs/ONLINE.md): pulled into the inbox with their
// decision deadline and the working time left, decided with a form that the op names, sent
// back and resubmitted, kept out of the register and the day's receipts until accepted.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "../support/submission_change.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;

namespace {

constexpr const char* kCode = "000.00.15.H30-260310-0001";

/// What a decisionForm callback saw, and the "PDF" it wrote.
struct FormWriter {
    TempDir& dir;
    std::optional<Dossier> seen;
    int calls = 0;

    std::function<std::string(const Dossier&)> callback() {
        return [this](const Dossier& after) {
            seen = after;
            ++calls;
            return dir.write(after.code + "-form.pdf", "%PDF-1.4 form for " + after.code + " " +
                                                           std::string(statusName(after.status)));
        };
    }
};

store::ActionRequest decision(DossierAction action, std::string reason,
                              std::function<std::string(const Dossier&)> form) {
    store::ActionRequest r;
    r.action = action;
    r.reason = std::move(reason);
    r.decisionForm = std::move(form);
    return r;
}

json lastOpPayload(store::Store& s) {
    const auto ops = s.outbox().pending();
    REQUIRE(!ops.empty());
    return json::parse(ops.back().payload);
}

/// The payload of the newest op of `code`, answered or not.
std::string lastOpPayloadOf(store::Store& s, const std::string& code) {
    store::Statement st(connectionOf(s),
                        "SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq DESC LIMIT 1");
    st.bind(1, code);
    REQUIRE(st.step());
    return st.getText(0);
}

std::int64_t registerRows(WardFixture& w) {
    return static_cast<std::int64_t>(
        w.store.dossiers()
            .registerEntries(parseIsoDate("2026-03-01"), parseIsoDate("2026-03-31"))
            .size());
}

}  // namespace

TEST_CASE("a pulled submission fills the inbox with its decision deadline and the time left",
          "[store][online]") {
    WardFixture w;
    const auto applied = w.store.pull().apply({submissionChange({})}, 1);
    CHECK(applied.inserted == 1);
    CHECK(applied.problems == 0);

    const auto d = w.store.dossiers().findByCode(kCode);
    REQUIRE(d);
    CHECK(d->status == DossierStatus::AwaitingAcceptance);
    CHECK(d->channel == Channel::Online);
    CHECK(d->portalRef == "DVCQG-2026-000123");
    REQUIRE(d->submittedAt);
    CHECK(formatIsoDateTime(*d->submittedAt) == "2026-03-09T20:00:00+07:00");
    REQUIRE(d->documents.size() == 2);
    CHECK(d->documents[1].files == std::vector<std::string>{std::string(64, 'b')});
    CHECK(d->attachments.size() == 2);

    // Submitted Monday evening: the one working day runs from Tuesday's opening. At 09:15 on
    // Tuesday what is left is the rest of Tuesday's office hours (2 h 15 + 3 h 30).
    const auto inbox = w.store.dossiers().inbox();
    REQUIRE(inbox.size() == 1);
    CHECK(inbox[0].dossier.code == kCode);
    CHECK(formatIsoDateTime(inbox[0].dossier.dueAt) == "2026-03-11T07:30:00+07:00");
    CHECK_FALSE(inbox[0].overdue);
    CHECK(inbox[0].workingTimeLeft == std::chrono::minutes{345});
    CHECK(inbox[0].supplementRequests == 0);

    // The officer previews its files offline: sync is asked to fetch them.
    CHECK(w.store.blobs().missingSubmissionFiles() ==
          std::vector<std::string>{std::string(64, 'a'), std::string(64, 'b')});

    // Not a dossier of the ward yet: counted in the inbox, not received, due or overdue.
    auto summary = w.store.dossiers().summary();
    CHECK(summary.inbox == 1);
    CHECK(summary.inboxOverdue == 0);
    CHECK(summary.receivedToday == 0);
    CHECK(summary.dueToday == 0);
    CHECK(summary.overdue == 0);
    CHECK(registerRows(w) == 0);
    CHECK(w.store.dossiers().dayReport(parseIsoDate("2026-03-09")).received == 0);

    // Two days later its deadline has passed: overdue, by the working time since.
    w.clock.advance(std::chrono::hours(48));  // Thursday 09:15
    const auto late = w.store.dossiers().inbox();
    REQUIRE(late.size() == 1);
    CHECK(late[0].overdue);
    CHECK(late[0].workingTimeLeft == -std::chrono::minutes{450 + 105});
    summary = w.store.dossiers().summary();
    CHECK(summary.inboxOverdue == 1);
    CHECK(summary.overdue == 0);
    CHECK(w.store.audit().verify().ok);
}

TEST_CASE("the inbox is earliest deadline first and leaves out submissions sent back",
          "[store][online]") {
    WardFixture w;
    SubmissionSpec later{.seq = 1, .code = "000.00.15.H30-260310-0002"};
    later.decideBy = "2026-03-12T08:00:00+07:00";
    SubmissionSpec sooner{.seq = 2, .code = "000.00.15.H30-260310-0003"};
    sooner.decideBy = "2026-03-10T16:00:00+07:00";
    SubmissionSpec sentBack{.seq = 3, .code = "000.00.15.H30-260310-0004"};
    auto back = submissionChange(sentBack);
    back.kind = "dossier.action";
    back.status = "awaiting_resubmission";
    w.store.pull().apply({submissionChange(later), submissionChange(sooner), back}, 3);
    const auto inbox = w.store.dossiers().inbox();
    REQUIRE(inbox.size() == 2);
    CHECK(inbox[0].dossier.code == sooner.code);
    CHECK(inbox[1].dossier.code == later.code);
    CHECK(w.store.dossiers().list({.status = DossierStatus::AwaitingResubmission}).size() == 1);
}

TEST_CASE("accepting a submission makes it a received dossier with its receipt in the op",
          "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    FormWriter form{w.dir};
    const Dossier d =
        w.store.dossiers().act(kCode, decision(DossierAction::Accept, "", form.callback()));

    // The time limit runs from the acceptance: three working days from Tuesday 09:15.
    CHECK(d.status == DossierStatus::Received);
    CHECK(formatIsoDateTime(d.receivedAt) == "2026-03-10T09:15:00+07:00");
    CHECK(formatIsoDateTime(d.dueAt) == "2026-03-13T09:15:00+07:00");
    CHECK(d.registerBook == 2);
    CHECK(d.registerSequence == 1);
    CHECK(d.receivedBy == "Trần Thị Bình");
    CHECK(d.version == 2);
    // The form was made for the dossier as the acceptance leaves it.
    REQUIRE(form.seen);
    CHECK(form.calls == 1);
    CHECK(form.seen->status == DossierStatus::Received);
    CHECK(form.seen->receivedAt == d.receivedAt);
    CHECK(form.seen->dueAt == d.dueAt);
    CHECK(form.seen->registerSequence == 1);

    const auto ops = w.store.outbox().pending();
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].kind == "dossier.action");
    CHECK(ops[0].baseVersion == 1);
    const json p = json::parse(ops[0].payload);
    CHECK(p["action"] == "accept");
    CHECK(p["from"] == "awaiting_acceptance");
    CHECK(p["to"] == "received");
    CHECK(p["received_at"] == "2026-03-10T09:15:00+07:00");
    CHECK(p["due_at"] == "2026-03-13T09:15:00+07:00");
    CHECK(p["register_book"] == 2);
    CHECK(p["register_seq"] == 1);
    CHECK(p["received_by"] == "Trần Thị Bình");
    CHECK(p["form_file_name"] == std::string(kCode) + "-form.pdf");
    const std::string sha = p["form_sha256"];
    CHECK(readFileForTest(w.store.blobs().path(sha)) ==
          "%PDF-1.4 form for " + std::string(kCode) + " received");

    // Now the ward's: stored as such, received today, in the register with its channel.
    const auto stored = w.store.dossiers().findByCode(kCode);
    REQUIRE(stored);
    CHECK(stored->status == DossierStatus::Received);
    CHECK(stored->receivedAt == d.receivedAt);
    CHECK(stored->registerSequence == 1);
    CHECK(stored->channel == Channel::Online);
    CHECK(w.store.dossiers().inbox().empty());
    const auto summary = w.store.dossiers().summary();
    CHECK(summary.inbox == 0);
    CHECK(summary.receivedToday == 1);
    const auto entries =
        w.store.dossiers().registerEntries(parseIsoDate("2026-03-10"), parseIsoDate("2026-03-10"));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].dossier.channel == Channel::Online);
    CHECK(w.store.dossiers().dayReport(parseIsoDate("2026-03-10")).received == 1);

    // The next intake at this desk takes the next register number.
    CHECK(w.intake().registerSequence == 2);
    CHECK(w.store.audit().verify().ok);
}

TEST_CASE("sending a submission back and refusing it carry their forms and reasons",
          "[store][online]") {
    WardFixture w;
    SubmissionSpec other{.seq = 2, .code = "000.00.15.H30-260310-0002"};
    w.store.pull().apply({submissionChange({}), submissionChange(other)}, 2);
    FormWriter form{w.dir};

    const Dossier back =
        w.store.dossiers().act(kCode, decision(DossierAction::RequestSupplement,
                                               "Bản sao CCCD; Giấy khai sinh", form.callback()));
    CHECK(back.status == DossierStatus::AwaitingResubmission);
    CHECK(form.seen->status == DossierStatus::AwaitingResubmission);
    json p = lastOpPayload(w.store);
    CHECK(p["action"] == "request-supplement");
    CHECK(p["from"] == "awaiting_acceptance");
    CHECK(p["to"] == "awaiting_resubmission");
    CHECK(p["reason"] == "Bản sao CCCD; Giấy khai sinh");
    CHECK(p["form_sha256"].get<std::string>().size() == 64);
    CHECK(p.contains("form_file_name"));
    CHECK_FALSE(p.contains("register_seq"));

    const Dossier refused = w.store.dossiers().act(
        other.code, decision(DossierAction::Refuse, "Không thuộc thẩm quyền", form.callback()));
    CHECK(refused.status == DossierStatus::Refused);
    p = lastOpPayload(w.store);
    CHECK(p["action"] == "refuse");
    CHECK(p["to"] == "refused");
    CHECK(p["reason"] == "Không thuộc thẩm quyền");
    CHECK(p["form_sha256"].get<std::string>().size() == 64);

    // Neither was ever the ward's: not in the register, not received.
    CHECK(registerRows(w) == 0);
    CHECK(w.store.dossiers().summary().receivedToday == 0);
    CHECK(w.store.dossiers().inbox().empty());
}

TEST_CASE("a decision on a submission without its form, or whose form fails, changes nothing",
          "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    const auto before = w.store.dossiers().findByCode(kCode);
    const auto audits = w.count("SELECT count(*) FROM audit");
    for (const auto action :
         {DossierAction::Accept, DossierAction::RequestSupplement, DossierAction::Refuse}) {
        INFO(actionName(action));
        try {
            w.store.dossiers().act(kCode, decision(action, "Thiếu giấy tờ", {}));
            FAIL("a decision without its form went through");
        } catch (const store::StoreError& e) {
            CHECK(e.code() == store::StoreError::Code::InvalidInput);
        }
        // A form that cannot be made undoes the decision with it.
        CHECK_THROWS_AS(w.store.dossiers().act(kCode, decision(action, "Thiếu giấy tờ",
                                                               [](const Dossier&) -> std::string {
                                                                   throw std::runtime_error(
                                                                       "the printer's font");
                                                               })),
                        std::runtime_error);
    }
    const auto after = w.store.dossiers().findByCode(kCode);
    REQUIRE(after);
    CHECK(after->status == before->status);
    CHECK(after->version == before->version);
    CHECK(after->receivedAt == before->receivedAt);
    CHECK(after->registerSequence == 0);
    CHECK(w.store.outbox().pendingCount() == 0);
    CHECK(w.count("SELECT count(*) FROM audit") == audits);
    CHECK(w.count("SELECT count(*) FROM register_sequence") == 0);

    // A withdrawal needs no form; an accept of a counter dossier is not allowed at all.
    store::ActionRequest withdraw;
    withdraw.action = DossierAction::Withdraw;
    CHECK(w.store.dossiers().act(kCode, withdraw).status == DossierStatus::Withdrawn);
    CHECK(registerRows(w) == 0);
    FormWriter form{w.dir};
    const Dossier counter = w.intake();
    try {
        w.store.dossiers().act(counter.code, decision(DossierAction::Accept, "", form.callback()));
        FAIL("a counter dossier was accepted");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::NotAllowed);
    }
    CHECK(form.calls == 0);
}

TEST_CASE("a resubmission comes back to the inbox with new documents and its history",
          "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    FormWriter form{w.dir};
    w.store.dossiers().act(
        kCode, decision(DossierAction::RequestSupplement, "Bản sao CCCD", form.callback()));
    // Pushed and applied by the server (version 2); the portal then resubmits (version 3).
    const auto op = w.store.outbox().pending().front();
    w.store.outbox().recordResults({{op.opId, OpState::Applied, 2, ""}});

    SubmissionSpec again{.seq = 5, .version = 3};
    again.decideBy = "2026-03-12T09:00:00+07:00";
    again.files = {std::string(64, 'c'), std::string(64, 'd'), std::string(64, 'e')};
    CHECK(w.store.pull().apply({submissionChange(again)}, 5).updated == 1);

    const auto d = w.store.dossiers().findByCode(kCode);
    REQUIRE(d);
    CHECK(d->status == DossierStatus::AwaitingAcceptance);
    CHECK(d->version == 3);
    REQUIRE(d->documents.size() == 3);
    CHECK(d->documents[2].files == std::vector<std::string>{std::string(64, 'e')});
    CHECK(d->attachments.size() == 3);
    const auto inbox = w.store.dossiers().inbox();
    REQUIRE(inbox.size() == 1);
    CHECK(formatIsoDateTime(inbox[0].dossier.dueAt) == "2026-03-12T09:00:00+07:00");
    CHECK(inbox[0].supplementRequests == 1);  // a second request would make it late
    const auto history = w.store.dossiers().history(kCode);
    REQUIRE(history.size() >= 3);
    CHECK(history[history.size() - 2].action == "request-supplement");
    CHECK(history.back().toStatus == DossierStatus::AwaitingAcceptance);
    const auto wanted = w.store.blobs().missingSubmissionFiles();
    CHECK(std::count(wanted.begin(), wanted.end(), std::string(64, 'e')) == 1);
}

TEST_CASE("another desk's decision arrives by pull: accepted, with its register number",
          "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    auto accepted = submissionChange({.seq = 2, .version = 2});
    json p = json::parse(accepted.payload);
    p["status"] = "received";
    p["received_at"] = "2026-03-10T08:45:00+07:00";
    p["due_at"] = "2026-03-13T08:45:00+07:00";
    p["register_book"] = 5;
    p["register_seq"] = 17;
    p["received_by"] = "Cán bộ bàn 5";
    accepted = {2, "dossier.action", kCode, 2, "received", p.dump()};
    CHECK(w.store.pull().apply({accepted}, 2).updated == 1);
    const auto d = w.store.dossiers().findByCode(kCode);
    REQUIRE(d);
    CHECK(d->status == DossierStatus::Received);
    CHECK(formatIsoDateTime(d->receivedAt) == "2026-03-10T08:45:00+07:00");
    CHECK(d->registerBook == 5);
    CHECK(d->registerSequence == 17);
    CHECK(d->receivedBy == "Cán bộ bàn 5");
    CHECK(w.store.dossiers().inbox().empty());
    CHECK(registerRows(w) == 1);
}

TEST_CASE("every dossier records its channel: a filter, post at the counter, online refused",
          "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    const Dossier counter = w.intake();
    CHECK(counter.channel == Channel::Counter);
    auto byPost = intakeRequest("2.000815", WardFixture::applicant("Lê Văn Bưu"));
    byPost.channel = Channel::Post;
    const Dossier post = w.store.dossiers().intake(byPost);
    CHECK(post.channel == Channel::Post);
    CHECK(w.store.dossiers().findByCode(post.code)->channel == Channel::Post);
    CHECK(lastOpPayload(w.store)["channel"] == "post");

    store::IntakeRequest online = byPost;
    online.channel = Channel::Online;
    try {
        w.store.dossiers().intake(online);
        FAIL("an online intake at the desk went through");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::InvalidInput);
    }

    auto codes = [&](Channel c) {
        std::vector<std::string> out;
        for (const auto& d : w.store.dossiers().list({.channel = c})) out.push_back(d.code);
        return out;
    };
    CHECK(codes(Channel::Online) == std::vector<std::string>{kCode});
    CHECK(codes(Channel::Counter) == std::vector<std::string>{counter.code});
    CHECK(codes(Channel::Post) == std::vector<std::string>{post.code});
    CHECK(w.store.dossiers().list({}).size() == 3);
    // Both counter and post dossiers are in the register with their channel; the submission
    // is not.
    const auto entries =
        w.store.dossiers().registerEntries(parseIsoDate("2026-03-10"), parseIsoDate("2026-03-10"));
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].dossier.channel == Channel::Counter);
    CHECK(entries[1].dossier.channel == Channel::Post);
}

TEST_CASE("a pulled submission that cannot be applied is kept aside", "[store][online]") {
    WardFixture w;
    auto badChannel = submissionChange({.seq = 1, .code = "000.00.15.H30-260310-0002"});
    json p = json::parse(badChannel.payload);
    p["channel"] = "pigeon";
    badChannel.payload = p.dump();
    auto badFile = submissionChange({.seq = 2, .code = "000.00.15.H30-260310-0003"});
    p = json::parse(badFile.payload);
    p["documents"][0]["files"] = json::array({"not a hash"});
    badFile.payload = p.dump();
    const auto applied =
        w.store.pull().apply({badChannel, badFile, submissionChange({.seq = 3})}, 3);
    CHECK(applied.problems == 2);
    CHECK(applied.inserted == 1);
    CHECK(w.store.dossiers().inbox().size() == 1);
}

TEST_CASE("the count check counts a submission under the day of its code, accepted or not",
          "[store][online][counts]") {
    WardFixture w;
    // Submitted on the 9th, taken by the server on the 10th (its code's day), accepted on the
    // 12th: the server counts it on the 10th, and so does the desk.
    w.store.pull().apply(
        {submissionChange({}), submissionChange({.seq = 2, .code = "000.00.15.H30-260310-0002"})},
        2);
    w.clock.advance(std::chrono::hours(48));
    FormWriter form{w.dir};
    w.store.dossiers().act(kCode, decision(DossierAction::Accept, "", form.callback()));
    const auto counts =
        w.store.pull().syncedDossierCounts(parseIsoDate("2026-03-10"), parseIsoDate("2026-03-12"));
    REQUIRE(counts.size() == 1);
    CHECK(formatIsoDate(counts[0].day) == "2026-03-10");
    CHECK(counts[0].dossiers == 2);
    CHECK(w.store.pull()
              .syncedDossierCounts(parseIsoDate("2026-03-11"), parseIsoDate("2026-03-12"))
              .empty());
}

TEST_CASE("a decision the server refused as a conflict is settled by taking the server's version",
          "[store][online][sync]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    FormWriter form{w.dir};
    w.store.dossiers().act(kCode, decision(DossierAction::Accept, "", form.callback()));
    const auto op = w.store.outbox().pending().front();
    w.store.outbox().recordResults(
        {{op.opId, OpState::Conflict, 2, "another desk decided it first"}});
    REQUIRE(w.store.outbox().unresolved().size() == 1);
    // Its form showed the dossier as this desk had it: a redo would need a new one.
    try {
        w.store.outbox().resolve(op.opId, store::OpResolution::Redo);
        FAIL("a decision on a submission was redone with its old form");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::NotAllowed);
    }
    CHECK(w.store.outbox().pendingCount() == 0);
    w.store.outbox().resolve(op.opId, store::OpResolution::AcceptServer);
    CHECK(w.store.outbox().unresolved().empty());
}

TEST_CASE("a pulled change that does not say how the dossier came keeps what the desk knows",
          "[store][online]") {
    WardFixture w;
    auto byPost = intakeRequest("2.000815", WardFixture::applicant("Lê Văn Bưu"));
    byPost.channel = Channel::Post;
    const Dossier post = w.store.dossiers().intake(byPost);
    w.store.outbox().recordResults(
        {{w.store.outbox().pending().front().opId, OpState::Applied, 1, ""}});
    // Another desk forwarded it; the server's JSON has no channel.
    json p = json::parse(lastOpPayloadOf(w.store, post.code));
    p.erase("channel");
    p["status"] = "in_progress";
    CHECK(w.store.pull()
              .apply({{1, "dossier.action", post.code, 2, "in_progress", p.dump()}}, 1)
              .updated == 1);
    const auto d = w.store.dossiers().findByCode(post.code);
    CHECK(d->status == DossierStatus::InProgress);
    CHECK(d->channel == Channel::Post);
}

TEST_CASE("a submission's applicant is not edited before the ward accepts it", "[store][online]") {
    WardFixture w;
    w.store.pull().apply({submissionChange({})}, 1);
    Applicant edited = w.store.dossiers().findByCode(kCode)->applicant;
    edited.email = "someone.else@example.vn";
    try {
        w.store.dossiers().editApplicant(kCode, edited);
        FAIL("a submission's applicant was edited");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::NotAllowed);
    }
    CHECK(w.store.dossiers().findByCode(kCode)->applicant.email == "mai@example.vn");
    CHECK(w.store.outbox().pendingCount() == 0);
}
