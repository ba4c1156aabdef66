// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What an op may do to the server's copy of a dossier, decided by the server alone: core's
// status machine from the server's own status, the author's role, core's field limits. A desk
// proposes; nothing of its payload is stored unchecked. Private to the server layer.
#pragma once

#include <nlohmann/json.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_status.h"

namespace motcua::server::rules {

/// An op the server does not apply; `reason` is what the desk shows a person.
struct Refused {
    std::string reason;
};

/// The dossier an intake creates, decoded by core's payload codec and checked (code equal to
/// the entity id, status "received", applicant and documents within core's limits, dates,
/// channel), encoded again by the same codec: only the fields a desk may give. Throws Refused.
nlohmann::json intakeDossier(const std::string& entityId, const std::string& payload);

/// What a dossier.action did.
struct ActionEffect {
    DossierAction action;
    DossierStatus from;
    DossierStatus to;
};

/// Moves `dossier` (the server's JSON, "status" its current one) by the op's action: the
/// action must be allowed from that status, a "from" or "to" in the payload must agree with
/// what the server computes, approvals, send-backs and rejections after review need a
/// supervisor as `authorRole`, and reasons, due times, returned times and result documents are
/// taken only where the action makes them; an acceptance may not be ahead of `now`, the
/// server's time. An approval's signed result is named here; the caller checks that it is
/// bound to the dossier's draft before applying it. Throws Refused.
ActionEffect applyAction(nlohmann::json& dossier, const nlohmann::json& payload,
                         std::string_view authorRole, std::chrono::system_clock::time_point now);

/// A dossier.edit: the applicant, checked as at intake, replaces the server's; not once the
/// dossier is finished. Throws Refused.
void applyEdit(nlohmann::json& dossier, const nlohmann::json& payload);

/// A dossier.files: more files for one document of the checklist (named by its number from 1
/// and its name, which must be the server's), each a SHA-256 with its file name and size
/// within core's limits; each file becomes one of the dossier's attachments. Not once the
/// dossier is finished. Throws Refused.
void applyDocumentFiles(nlohmann::json& dossier, const nlohmann::json& payload);

/// The applicant of a payload (its "applicant" object, read by core's payload codec), each
/// field checked as at intake (limits, the date of birth, the CCCD against it and the gender).
/// Throws Refused.
Applicant checkedApplicant(const nlohmann::json& payload);

/// Whether an action on a dossier in `from` is a decision on a submission: accept, request
/// supplement or refuse, each with its form (01, 02, 03) as a PDF blob the citizen is sent.
bool isSubmissionDecision(DossierAction action, DossierStatus from);
/// The notice kind of such a decision: "accepted", "supplement_requested", "refused".
std::string_view noticeKind(DossierAction action);

/// How far ahead of the server's clock a desk's time may be (clocks drift).
inline constexpr std::int64_t kClockSkewSeconds = 300;

/// Whether a time a desk or the portal gave is further ahead of `now`, the server's time, than
/// kClockSkewSeconds: a time that has not come yet.
inline bool aheadOf(LocalDateTime t, std::chrono::system_clock::time_point now) {
    return toUtc(t) > now + std::chrono::seconds(kClockSkewSeconds);
}

/// When a desk says it acted (the op's `at`; it may have been offline), as the server keeps it:
/// the server's `now` instead when that is not a time or is ahead of `now`.
std::string deskTime(const nlohmann::json& payload, std::chrono::system_clock::time_point now);

/// Text from a desk fit to quote in a reason: at most `maxBytes`, control characters replaced.
std::string shown(std::string_view text, std::size_t maxBytes = 60);

}  // namespace motcua::server::rules
