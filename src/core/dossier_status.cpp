// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier_status.h"

#include <array>

#include "motcua/core/name_table.h"

namespace motcua {

namespace {

using S = DossierStatus;
using A = DossierAction;

constexpr auto kStatusNames = makeNameTable<S>(
    {
        {S::AwaitingAcceptance, "awaiting_acceptance"},
        {S::AwaitingResubmission, "awaiting_resubmission"},
        {S::Received, "received"},
        {S::InProgress, "in_progress"},
        {S::SupplementRequested, "supplement_requested"},
        {S::AwaitingApproval, "awaiting_approval"},
        {S::Approved, "approved"},
        {S::ResultReady, "result_ready"},
        {S::Returned, "returned"},
        {S::Rejected, "rejected"},
        {S::Stopped, "stopped"},
        {S::Withdrawn, "withdrawn"},
        {S::Refused, "refused"},
    },
    "unknown");

constexpr auto kActionNames = makeNameTable<A>(
    {
        {A::Accept, "accept"},
        {A::Refuse, "refuse"},
        {A::Forward, "forward"},
        {A::RequestSupplement, "request-supplement"},
        {A::SupplementReceived, "supplement-received"},
        {A::SubmitForApproval, "submit-for-approval"},
        {A::Approve, "approve"},
        {A::SendBack, "send-back"},
        {A::Reject, "reject"},
        {A::Postpone, "postpone"},
        {A::Stop, "stop"},
        {A::Withdraw, "withdraw"},
        {A::ResultReady, "result-ready"},
        {A::ReturnResult, "return-result"},
        {A::ReturnElectronic, "return-electronic"},
    },
    "unknown");

struct Edge {
    S from;
    A action;
    S to;
};

// The whole status machine in one table, in the order a desk offers the actions.
// Postpone (form 04) keeps the status and moves the due time. Withdrawal is possible until
// the result is approved; stopping (form 05) only once processing has begun. A submission is
// accepted, sent back for supplement or refused; the citizen may withdraw it. An approved
// result is returned on paper once ready at the desk, or electronically (its electronic result
// in the citizen's store) as soon as it is approved.
constexpr std::array<Edge, 32> kEdges{{
    {S::AwaitingAcceptance, A::Accept, S::Received},
    {S::AwaitingAcceptance, A::RequestSupplement, S::AwaitingResubmission},
    {S::AwaitingAcceptance, A::Refuse, S::Refused},
    {S::AwaitingAcceptance, A::Withdraw, S::Withdrawn},

    {S::AwaitingResubmission, A::Refuse, S::Refused},
    {S::AwaitingResubmission, A::Withdraw, S::Withdrawn},

    {S::Received, A::Forward, S::InProgress},
    {S::Received, A::RequestSupplement, S::SupplementRequested},
    {S::Received, A::Postpone, S::Received},
    {S::Received, A::Reject, S::Rejected},
    {S::Received, A::Withdraw, S::Withdrawn},

    {S::InProgress, A::SubmitForApproval, S::AwaitingApproval},
    {S::InProgress, A::RequestSupplement, S::SupplementRequested},
    {S::InProgress, A::Postpone, S::InProgress},
    {S::InProgress, A::Reject, S::Rejected},
    {S::InProgress, A::Stop, S::Stopped},
    {S::InProgress, A::Withdraw, S::Withdrawn},

    {S::SupplementRequested, A::SupplementReceived, S::InProgress},
    {S::SupplementRequested, A::Reject, S::Rejected},
    {S::SupplementRequested, A::Stop, S::Stopped},
    {S::SupplementRequested, A::Withdraw, S::Withdrawn},

    {S::AwaitingApproval, A::Approve, S::Approved},
    {S::AwaitingApproval, A::SendBack, S::InProgress},
    {S::AwaitingApproval, A::Postpone, S::AwaitingApproval},
    {S::AwaitingApproval, A::Reject, S::Rejected},
    {S::AwaitingApproval, A::Stop, S::Stopped},
    {S::AwaitingApproval, A::Withdraw, S::Withdrawn},

    {S::Approved, A::ResultReady, S::ResultReady},
    {S::Approved, A::ReturnElectronic, S::Returned},
    {S::Approved, A::Postpone, S::Approved},

    {S::ResultReady, A::ReturnResult, S::Returned},
    {S::ResultReady, A::ReturnElectronic, S::Returned},
}};

}  // namespace

std::string_view statusName(DossierStatus status) {
    return kStatusNames.name(status);
}

std::optional<DossierStatus> parseStatus(std::string_view name) {
    return kStatusNames.parse(name);
}

std::string_view actionName(DossierAction action) {
    return kActionNames.name(action);
}

std::optional<DossierAction> parseAction(std::string_view name) {
    return kActionNames.parse(name);
}

const std::vector<DossierStatus>& allStatuses() {
    static const std::vector<DossierStatus> all = kStatusNames.values();
    return all;
}

const std::vector<DossierAction>& allActions() {
    static const std::vector<DossierAction> all = kActionNames.values();
    return all;
}

std::optional<DossierStatus> transition(DossierStatus from, DossierAction action) {
    for (const auto& e : kEdges)
        if (e.from == from && e.action == action) return e.to;
    return std::nullopt;
}

std::vector<DossierAction> allowedActions(DossierStatus status) {
    std::vector<DossierAction> result;
    for (const auto& e : kEdges)
        if (e.from == status) result.push_back(e.action);
    return result;
}

bool requiresReason(DossierAction action) {
    switch (action) {
        case A::RequestSupplement:
        case A::Reject:
        case A::Refuse:
        case A::Postpone:
        case A::Stop:
        case A::SendBack:
            return true;
        default:
            return false;
    }
}

bool requiresNewDue(DossierAction action) {
    return action == A::Postpone;
}

bool isTerminal(DossierStatus status) {
    return status == S::Returned || status == S::Rejected || status == S::Stopped ||
           status == S::Withdrawn || status == S::Refused;
}

bool isPending(DossierStatus status) {
    return status == S::AwaitingAcceptance || status == S::Received || status == S::InProgress ||
           status == S::SupplementRequested || status == S::AwaitingApproval ||
           status == S::Approved;
}

bool isSubmission(DossierStatus status) {
    return status == S::AwaitingAcceptance || status == S::AwaitingResubmission;
}

}  // namespace motcua
