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
    CHECK(allStatuses().size() == 10);
    CHECK(allActions().size() == 12);
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
