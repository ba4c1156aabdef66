// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The dossiers of a ward: intake, actions, edits and the queries the desk and its forms make.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "motcua/core/dossier.h"
#include "motcua/store/dossier_types.h"

namespace motcua::store {

class Store;

/// A Store's dossiers (`store.dossiers()`). Each change is one transaction with its audit entry
/// and outbox op. Use from the Store's thread only.
class Dossiers {
public:
    explicit Dossiers(Store& store) : m_store(store) {}

    /// Throws StoreError(NotFound) for an unknown procedure, core Error for invalid applicant
    /// data (CCCD, dates), StoreError(Io) for an unreadable attachment, StoreError(InvalidInput)
    /// for an intake marked Online (those come from the portal).
    Dossier intake(const IntakeRequest& request);
    /// Throws StoreError(NotFound), StoreError(NotAllowed) when the status forbids the action,
    /// core Error(ReasonRequired | DueRequired), StoreError(InvalidInput) for a decision on a
    /// submission without its decisionForm (or accepted before it was submitted, by this desk's
    /// clock). Changes nothing when it throws. Accepting a submission makes it a received
    /// dossier of the ward: received now, due by the procedure's limit on the desk's calendar,
    /// numbered in this desk's register book.
    Dossier act(const std::string& code, const ActionRequest& request);
    /// Corrects the applicant's details (a typo, a name confirmed after a wedge-mode scan).
    /// Validated like intake; refused with StoreError(NotAllowed) once the dossier is closed.
    Dossier editApplicant(const std::string& code, const Applicant& applicant);
    /// Gives the dossier's document `document` (its index in the checklist, from 0) more
    /// electronic files: a scan made at the desk, a file the citizen brings later. The same
    /// file twice is kept once. Throws StoreError(NotFound) for an unknown code,
    /// StoreError(InvalidInput) for no such document or no file, StoreError(NotAllowed) once
    /// the dossier is closed, StoreError(Io) for a file that cannot be read, Error for a file
    /// name or a count past core's limits; nothing changes then.
    Dossier addDocumentFiles(const std::string& code, std::size_t document,
                             const std::vector<std::string>& paths);

    std::optional<Dossier> findByCode(const std::string& code);
    std::vector<Dossier> list(const ListQuery& query);  ///< newest first; documents not loaded
    /// The online inbox: submissions awaiting acceptance, earliest decision deadline first,
    /// with the working time left on the desk's calendar. Those sent back for supplement
    /// (awaiting resubmission) are not in it; list() shows them.
    std::vector<InboxEntry> inbox();
    std::vector<HistoryEntry> history(const std::string& code);
    /// What the dossier's forms show: the dossier with its documents, the ward, the procedure,
    /// the history. Throws StoreError(NotFound) for an unknown code.
    DossierRecord record(const std::string& code);
    /// Dossiers received from `from` to `to` (inclusive), oldest first, with the hand-over
    /// times the register prints. Submissions never accepted are not in the register.
    std::vector<RegisterEntry> registerEntries(Date from, Date to);
    DaySummary summary();
    /// What the day brought: dossiers received (with their fees) and results returned, in all
    /// and by procedure (day_report.cpp). A submission counts as received when accepted.
    DayReport dayReport(Date day);

private:
    Store& m_store;
};

}  // namespace motcua::store
