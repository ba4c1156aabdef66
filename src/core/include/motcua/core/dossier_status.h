// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace motcua {

/// Where a dossier stands. Overdue is not a status: it is derived from the due time.
enum class DossierStatus {
    /// An online or postal submission the ward has not decided on yet (national status 1,
    /// "Mới đăng ký"); its due time is the decision deadline.
    AwaitingAcceptance,
    /// A submission sent back to the citizen for supplement before acceptance; the portal's
    /// resubmission returns it to AwaitingAcceptance (a change the server makes).
    AwaitingResubmission,
    Received,
    InProgress,
    SupplementRequested,
    AwaitingApproval,
    Approved,
    ResultReady,
    Returned,
    Rejected,
    Stopped,
    Withdrawn,
    /// A submission the ward refused to accept (form 03; national status 3, "Không được tiếp
    /// nhận"): never a dossier of the ward.
    Refused,
};

/// The named actions that move a dossier (the CLI's `motcua act CODE ACTION`).
enum class DossierAction {
    Accept,             ///< awaiting_acceptance -> received; the time limit runs from here
    Refuse,             ///< a submission, form 03
    Forward,            ///< received -> in_progress
    RequestSupplement,  ///< form 02
    SupplementReceived,
    SubmitForApproval,
    Approve,
    SendBack,
    Reject,    ///< form 03
    Postpone,  ///< form 04: new due date, status unchanged
    Stop,      ///< form 05
    Withdraw,
    ResultReady,
    ReturnResult,
    /// Trả kết quả điện tử: the dossier's electronic result (`<code>-KQ01`, in the citizen's
    /// store) is its return; how an online dossier is finished. Needs an electronic result.
    ReturnElectronic,
};

std::string_view statusName(DossierStatus status);  ///< "in_progress"
std::optional<DossierStatus> parseStatus(std::string_view name);
std::string_view actionName(DossierAction action);  ///< "request-supplement"
std::optional<DossierAction> parseAction(std::string_view name);

const std::vector<DossierStatus>& allStatuses();
const std::vector<DossierAction>& allActions();

/// The status the action leads to from `from`, or nullopt when it is not allowed there.
std::optional<DossierStatus> transition(DossierStatus from, DossierAction action);
/// The actions allowed in a status, in the order a desk would offer them.
std::vector<DossierAction> allowedActions(DossierStatus status);

/// supplement, reject, refuse, postpone, stop, send-back
bool requiresReason(DossierAction action);
bool requiresNewDue(DossierAction action);  ///< postpone
/// No further action is possible (returned, rejected, stopped, withdrawn, refused).
bool isTerminal(DossierStatus status);
/// The clock against the due time still runs (not terminal, not waiting for the result pick-up).
/// For a submission awaiting acceptance that clock is the decision deadline.
bool isPending(DossierStatus status);
/// An online or postal submission not accepted yet: awaiting acceptance or resubmission. Not a
/// dossier of the ward (no receipt, not in the register, not counted by the index).
bool isSubmission(DossierStatus status);

}  // namespace motcua
