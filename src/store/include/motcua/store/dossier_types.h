// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the store's dossier, settings and blob parts take and give: plain values, no SQL.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_record.h"
#include "motcua/core/work_calendar.h"

namespace motcua::store {

// Core's records of a dossier and its ward, as the store's parts name them.
using motcua::HistoryEntry;
using motcua::RegisterEntry;
using motcua::WardSettings;

/// What an officer enters at intake.
struct IntakeRequest {
    std::string procedureCode;
    Applicant applicant;
    std::optional<std::vector<SubmittedDocument>>
        documents;  ///< default: the procedure's checklist
    /// Files copied into the blob folder that no document of the checklist names: they are
    /// kept under "Giấy tờ khác" (core's kOtherDocumentsName).
    std::vector<std::string> attachmentPaths;
    /// A submitted document's own electronic file (its scan, or a file the citizen brought),
    /// by the document's index in `documents` (or the checklist), from 0.
    struct DocumentFile {
        std::size_t document = 0;
        std::string path;
    };
    std::vector<DocumentFile> documentFiles;
    int sets = 1;
    FeeInput feeInput;
    ReturnChannel returnChannel = ReturnChannel::Desk;
    /// How the dossier reached the desk: Counter, or Post for one that came by public postal
    /// service. Online dossiers come from the portal through the server only: an intake marked
    /// Online is refused with StoreError(InvalidInput).
    Channel channel = Channel::Counter;
    std::optional<LocalDateTime> receivedAt;  ///< imports, demos, tests; default: now
};

/// What an action needs beyond its name.
struct ActionRequest {
    DossierAction action = DossierAction::Forward;
    std::string reason;
    std::optional<LocalDateTime> newDue;  ///< postpone
    /// A result document (a PDF), copied into the blob folder: the draft an officer submits
    /// for approval (`draft_sha256` in the op), or the signed result an approval carries
    /// (`result_sha256`; the server checks its signatures). Only those two actions take one.
    std::string resultDocumentPath;
    /// A decision on an online or postal submission (accept, request-supplement, refuse) tells
    /// the citizen with a form: the store calls this inside the action's transaction with the
    /// dossier as it will be after the action (accepted: received now, its due time, its
    /// register number) and copies the PDF whose path it returns into the blob folder; the op
    /// names it (`form_sha256`, `form_file_name`). Form 01 for an acceptance, 02 for a
    /// supplement request, 03 for a refusal (documents::decisionFormFor writes them). Without
    /// it those actions on a submission throw StoreError(InvalidInput) and change nothing; an
    /// exception it throws undoes the action. Other actions ignore it.
    std::function<std::string(const Dossier& after)> decisionForm;
};

/// Today's work at a glance, for the main window.
struct DaySummary {
    std::int64_t receivedToday = 0;
    std::int64_t dueToday = 0;  ///< pending, due before the end of today
    std::int64_t overdue = 0;   ///< pending, past due now
    std::int64_t awaitingApproval = 0;
    std::int64_t pendingSync = 0;  ///< outbox ops not yet acknowledged
    /// Online and postal submissions awaiting acceptance (they are not in the counts above),
    /// and of those the ones past their decision deadline.
    std::int64_t inbox = 0;
    std::int64_t inboxOverdue = 0;
};

/// A submission in the online inbox (Hồ sơ trực tuyến chờ tiếp nhận).
struct InboxEntry {
    Dossier dossier;  ///< documents not loaded; dueAt is the decision deadline
    bool overdue = false;
    /// Office time from now to the decision deadline on the desk's calendar; negative when past.
    std::chrono::minutes workingTimeLeft{0};
    /// How many times the ward already sent it back for supplement (a second request counts
    /// the dossier as late in the national service index).
    int supplementRequests = 0;
};

/// One day's work at the desk, for the report at closing time: what came in, what went back.
struct DayReport {
    struct Line {
        std::string procedureCode;
        std::string procedureName;
        std::int64_t received = 0;
        std::int64_t returned = 0;
        Money fees{};  ///< of the dossiers received that day
    };
    Date day;
    std::int64_t received = 0;
    std::int64_t returned = 0;      ///< results handed over that day, whenever received
    std::int64_t stillPending = 0;  ///< of those received that day, not finished yet
    Money fees{};
    std::vector<Line> procedures;  ///< by procedure code
};

struct ListQuery {
    std::optional<DossierStatus> status;
    std::optional<Channel> channel;
    std::string search;  ///< folded prefix search over name, CCCD, code and procedure
    bool overdueOnly = false;
    std::optional<Date> receivedFrom;  ///< inclusive
    std::optional<Date> receivedTo;    ///< inclusive
    int limit = 50;
};

/// Where this desk syncs and signs; admin settings kept in the database.
struct DeskConfig {
    std::string serverUrl;                 ///< "https://host:port"; empty: no sync
    std::string caFile;                    ///< the ward's CA bundle for the server's certificate
    std::string tsaUrl;                    ///< RFC 3161 timestamp authority; empty: none
    std::vector<std::string> modulePaths;  ///< extra PKCS#11 modules (vendor drivers)
    std::vector<std::string> trustFiles;   ///< CA certificates (PEM) signatures are checked against
    bool operator==(const DeskConfig&) const = default;
};

/// A dossier's result document: a draft for approval, or the signed result.
struct ResultDocument {
    std::string sha256;
    std::string fileName;
    bool isSigned = false;
    LocalDateTime addedAt;
    std::string path;      ///< in the blob folder
    bool present = false;  ///< the bytes are on this desk (else the next sync fetches them)
    /// A signed result's electronic result code (`<code>-KQ01`): given by the desk that
    /// approved it, confirmed by the server's copy; "" for a draft or a result from before.
    std::string resultCode;
};

/// A signed result waiting in the outbox with its approval, not yet timestamped.
struct PendingResult {
    std::string opId;
    std::string code;
    std::string sha256;
    std::string path;  ///< in the blob folder
};

struct AuditCheck {
    bool ok = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> firstBrokenSeq;
    std::string problem;
};

}  // namespace motcua::store
