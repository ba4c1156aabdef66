// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace motcua {

/// Where a dossier stands. Overdue is not a status: it is derived from the due time.
enum class DossierStatus {
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
};

/// The named actions that move a dossier (the CLI's `motcua act CODE ACTION`).
enum class DossierAction {
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

bool requiresReason(DossierAction action);  ///< supplement, reject, postpone, stop, send-back
bool requiresNewDue(DossierAction action);  ///< postpone
/// No further action is possible (returned, rejected, stopped, withdrawn).
bool isTerminal(DossierStatus status);
/// The clock against the due time still runs (not terminal, not waiting for the result pick-up).
bool isPending(DossierStatus status);

}  // namespace motcua
