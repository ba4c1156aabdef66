// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/dossier_status.h"

using namespace motcua;

TEST_CASE("the happy path of a dossier runs from received to returned", "[status]") {
    DossierStatus s = DossierStatus::Received;
    for (auto action :
         {DossierAction::Forward, DossierAction::SubmitForApproval, DossierAction::Approve,
          DossierAction::ResultReady, DossierAction::ReturnResult}) {
        auto next = transition(s, action);
        REQUIRE(next.has_value());
        s = *next;
    }
    CHECK(s == DossierStatus::Returned);
    CHECK(isTerminal(s));
    CHECK(allowedActions(s).empty());
}

TEST_CASE("an approved result is returned electronically from approval or from the desk",
          "[status]") {
    using S = DossierStatus;
    using A = DossierAction;
    CHECK(transition(S::Approved, A::ReturnElectronic) == S::Returned);
    CHECK(transition(S::ResultReady, A::ReturnElectronic) == S::Returned);
    // Before approval there is no result to return, electronic or not; on paper only once the
    // result is at the desk.
    for (auto from : {S::Received, S::InProgress, S::AwaitingApproval, S::SupplementRequested})
        CHECK_FALSE(transition(from, A::ReturnElectronic));
    CHECK_FALSE(transition(S::Approved, A::ReturnResult));
    CHECK(actionName(A::ReturnElectronic) == "return-electronic");
    CHECK(parseAction("return-electronic") == A::ReturnElectronic);
    CHECK_FALSE(requiresReason(A::ReturnElectronic));
}

TEST_CASE("supplement, send-back and postpone loops", "[status]") {
    CHECK(transition(DossierStatus::InProgress, DossierAction::RequestSupplement) ==
          DossierStatus::SupplementRequested);
    CHECK(transition(DossierStatus::SupplementRequested, DossierAction::SupplementReceived) ==
          DossierStatus::InProgress);
    CHECK(transition(DossierStatus::AwaitingApproval, DossierAction::SendBack) ==
          DossierStatus::InProgress);
    CHECK(transition(DossierStatus::InProgress, DossierAction::Postpone) ==
          DossierStatus::InProgress);
}

TEST_CASE("a submission is accepted, sent back for supplement or refused", "[status]") {
    using S = DossierStatus;
    using A = DossierAction;
    CHECK(transition(S::AwaitingAcceptance, A::Accept) == S::Received);
    CHECK(transition(S::AwaitingAcceptance, A::RequestSupplement) == S::AwaitingResubmission);
    CHECK(transition(S::AwaitingAcceptance, A::Refuse) == S::Refused);
    CHECK(transition(S::AwaitingResubmission, A::Refuse) == S::Refused);
    // Not yet a dossier: it is neither forwarded nor rejected as one, and the officer cannot
    // mark a supplement received (the portal's resubmission brings it back).
    CHECK_FALSE(transition(S::AwaitingAcceptance, A::Forward));
    CHECK_FALSE(transition(S::AwaitingAcceptance, A::Reject));
    CHECK_FALSE(transition(S::AwaitingResubmission, A::SupplementReceived));
    CHECK_FALSE(transition(S::AwaitingResubmission, A::Accept));
    // Accept and refuse are for submissions only.
    for (auto status : allStatuses()) {
        if (isSubmission(status)) continue;
        CHECK_FALSE(transition(status, A::Accept));
        CHECK_FALSE(transition(status, A::Refuse));
    }
    CHECK(isSubmission(S::AwaitingAcceptance));
    CHECK(isSubmission(S::AwaitingResubmission));
    CHECK_FALSE(isSubmission(S::Received));
    CHECK(isTerminal(S::Refused));
    CHECK(isPending(S::AwaitingAcceptance));          // the decision deadline runs
    CHECK_FALSE(isPending(S::AwaitingResubmission));  // the citizen's turn
    CHECK(requiresReason(A::Refuse));
    CHECK_FALSE(requiresReason(A::Accept));
}

TEST_CASE("illegal actions are refused", "[status]") {
    CHECK_FALSE(transition(DossierStatus::Received, DossierAction::Approve));
    CHECK_FALSE(transition(DossierStatus::Returned, DossierAction::Withdraw));
    CHECK_FALSE(transition(DossierStatus::Rejected, DossierAction::Forward));
    CHECK_FALSE(transition(DossierStatus::InProgress, DossierAction::ReturnResult));
    CHECK_FALSE(transition(DossierStatus::Approved, DossierAction::Withdraw));
    for (auto status : allStatuses()) {
        if (!isTerminal(status)) continue;
        for (auto action : allActions()) CHECK_FALSE(transition(status, action));
    }
}

TEST_CASE("allowedActions agrees with transition for every pair", "[status]") {
    for (auto status : allStatuses()) {
        const auto allowed = allowedActions(status);
        for (auto action : allActions()) {
            const bool listed = std::find(allowed.begin(), allowed.end(), action) != allowed.end();
            CHECK(listed == transition(status, action).has_value());
        }
        CHECK(allowed.empty() == isTerminal(status));
    }
}

TEST_CASE("status and action names round-trip", "[status]") {
    CHECK(allStatuses().size() == 13);
    CHECK(allActions().size() == 15);
    for (auto s : allStatuses()) CHECK(parseStatus(statusName(s)) == s);
    for (auto a : allActions()) CHECK(parseAction(actionName(a)) == a);
    CHECK(parseAction("request-supplement") == DossierAction::RequestSupplement);
    CHECK_FALSE(parseAction("approve!"));
    CHECK_FALSE(parseStatus(""));
}

TEST_CASE("actions that need a reason or a date say so", "[status]") {
    CHECK(requiresReason(DossierAction::Reject));
    CHECK(requiresReason(DossierAction::RequestSupplement));
    CHECK(requiresReason(DossierAction::Stop));
    CHECK_FALSE(requiresReason(DossierAction::Forward));
    CHECK(requiresNewDue(DossierAction::Postpone));
    CHECK_FALSE(requiresNewDue(DossierAction::Reject));
}
