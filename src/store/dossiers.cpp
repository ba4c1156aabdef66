// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dossier_rows.h"
#include "motcua/core/cccd.h"
#include "motcua/core/dossier_code.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/tracking_key.h"
#include "motcua/core/vietnamese_text.h"
#include "result_rows.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

namespace {

Applicant normalisedApplicant(const Applicant& in, LocalDateTime now) {
    Applicant a = in;
    a.fullName = composeVietnamese(trim(a.fullName));
    a.address = composeVietnamese(trim(a.address));
    a.phone = std::string(trim(a.phone));
    a.email = std::string(trim(a.email));
    a.idNumber = std::string(trim(a.idNumber));
    checkApplicantLimits(a);
    if (a.fullName.empty()) throw Error(Errc::InvalidArgument, "the applicant's name is empty");
    if (a.dateOfBirth && Days{*a.dateOfBirth} > now.day)
        throw Error(Errc::CccdBirthInFuture, "the date of birth is in the future");
    if (!a.idNumber.empty())
        if (auto problem = Cccd::check(a.idNumber, a.dateOfBirth, a.gender)) throw *problem;
    return a;
}

std::int64_t nextCounter(Database& db, const char* sql, std::string_view key, int partition) {
    Statement st(db, sql);
    st.bind(1, key).bind(2, partition);
    st.step();
    return st.getInt(0);
}

/// The next entry of this desk's register book (one book per desk, numbered per year), given at
/// intake and at the acceptance of a submission.
void assignRegisterEntry(Database& db, const WardSettings& ward, Dossier& d) {
    d.registerBook = ward.deskNumber;
    d.registerSequence = static_cast<int>(
        nextCounter(db,
                    "INSERT INTO register_sequence (year, book, last) VALUES (?, ?, 1) "
                    "ON CONFLICT (year, book) DO UPDATE SET last = last + 1 RETURNING last",
                    formatIsoDate(d.receivedAt.date()).substr(0, 4), ward.deskNumber));
}

/// The decisions on a submission that tell the citizen with a form (01, 02, 03).
bool decidesSubmission(DossierStatus from, DossierAction action) {
    return isSubmission(from) &&
           (action == DossierAction::Accept || action == DossierAction::RequestSupplement ||
            action == DossierAction::Refuse);
}

/// An accepted submission becomes a dossier of the ward: received now (not before it was
/// submitted), due by the procedure's limit on the desk's calendar, numbered in the register.
void acceptSubmission(Store& store, const WardSettings& ward, LocalDateTime now, Dossier& d) {
    if (d.submittedAt && now < *d.submittedAt)
        throw StoreError(StoreError::Code::InvalidInput,
                         "dossier " + d.code + " was submitted at " +
                             formatIsoDateTime(*d.submittedAt) +
                             ", later than this desk's clock says it is now; check the clock");
    const auto procedure = store.catalog().procedure(d.procedureCode);
    if (!procedure)
        throw StoreError(StoreError::Code::NotFound,
                         "no procedure " + d.procedureCode + " in the catalog");
    d.receivedAt = now;
    d.dueAt = store.catalog().calendar().dueAt(now, procedure->effectiveLimit());
    d.receivedBy = ward.officerName;
    assignRegisterEntry(implOf(store).db, ward, d);
}

std::string joinActions(const std::vector<DossierAction>& actions) {
    std::string out;
    for (auto a : actions) {
        if (!out.empty()) out += ", ";
        out += actionName(a);
    }
    return out.empty() ? "none" : out;
}

/// The dossiers whose due time the summary counts: submissions have a decision deadline instead,
/// counted in the inbox.
bool isPendingDossier(DossierStatus status) {
    return isPending(status) && !isSubmission(status);
}
bool isAwaitingAcceptance(DossierStatus status) {
    return status == DossierStatus::AwaitingAcceptance;
}

}  // namespace

DaySummary Dossiers::summary() {
    const LocalDateTime now = implOf(m_store).clock->localNow();
    const std::string today = formatIsoDate(now.date());
    const std::string tomorrow = formatIsoDate(Date{now.day + std::chrono::days{1}});
    const std::string nowIso = formatIsoDateTime(now);
    auto count = [&](const std::string& sql, std::initializer_list<std::string> args) {
        Statement st(implOf(m_store).db, sql);
        int i = 0;
        for (const auto& a : args) st.bind(++i, a);
        st.step();
        return st.getInt(0);
    };
    // Status sets spelled out so each count is a range scan of dossiers_by_status.
    const std::string pending =
        "SELECT count(*) FROM dossiers d WHERE d.status IN " + statusSet(isPendingDossier);
    const std::string inbox =
        "SELECT count(*) FROM dossiers d WHERE d.status IN " + statusSet(isAwaitingAcceptance);
    DaySummary s;
    s.receivedToday = count(std::string("SELECT count(*) FROM dossiers d WHERE d.received_at >= ? "
                                        "AND d.received_at < ? AND ") +
                                kAcceptedByWard,
                            {today, tomorrow});
    s.dueToday = count(pending + " AND d.due_at >= ? AND d.due_at < ?", {today, tomorrow});
    s.overdue = count(pending + " AND d.due_at < ?", {nowIso});
    s.awaitingApproval =
        count("SELECT count(*) FROM dossiers WHERE status = 'awaiting_approval'", {});
    s.inbox = count(inbox, {});
    s.inboxOverdue = count(inbox + " AND d.due_at < ?", {nowIso});
    s.pendingSync = m_store.outbox().pendingCount();
    return s;
}

Dossier Dossiers::intake(const IntakeRequest& request) {
    auto& db = implOf(m_store).db;
    const LocalDateTime now = implOf(m_store).clock->localNow();
    const auto procedure = m_store.catalog().procedure(request.procedureCode);
    if (!procedure)
        throw StoreError(StoreError::Code::NotFound,
                         "no procedure " + request.procedureCode + " in the catalog");

    Dossier d;
    d.applicant = normalisedApplicant(request.applicant, now);
    d.procedureCode = procedure->code;
    d.procedureName = procedure->name;
    d.sets = request.sets;
    d.fee = procedure->fee.compute(request.feeInput);
    d.returnChannel = request.returnChannel;
    if (request.channel == Channel::Online)
        throw StoreError(StoreError::Code::InvalidInput,
                         "a dossier taken at the desk came to the counter or by post; online "
                         "dossiers come from the portal through the server");
    d.channel = request.channel;
    d.trackingKey = makeTrackingKey();
    d.receivedAt = request.receivedAt.value_or(now);
    d.dueAt = m_store.catalog().calendar().dueAt(d.receivedAt, procedure->effectiveLimit());
    if (request.documents) {
        d.documents = *request.documents;
    } else {
        for (const auto& r : procedure->documents) d.documents.push_back({r.name, r.form, r.count});
    }
    for (const auto& file : request.documentFiles)
        if (file.document >= d.documents.size())
            throw StoreError(StoreError::Code::InvalidInput,
                             "a file is given for document " + std::to_string(file.document + 1) +
                                 " of a checklist of " + std::to_string(d.documents.size()));
    checkDossierShape(d.documents, request.attachmentPaths.size() + request.documentFiles.size(),
                      d.sets);
    // Blobs first: content-addressed, so a crash before the commit leaves only an unused file.
    // The same file given twice is one attachment.
    const auto keep = [&](const std::string& path) {
        Attachment a = storeBlob(m_store.blobDir(), path);
        if (std::none_of(d.attachments.begin(), d.attachments.end(),
                         [&](const Attachment& b) { return b.sha256 == a.sha256; }))
            d.attachments.push_back(a);
        return a.sha256;
    };
    for (const auto& file : request.documentFiles) {
        auto& files = d.documents[file.document].files;
        const std::string sha = keep(file.path);
        if (std::find(files.begin(), files.end(), sha) == files.end()) files.push_back(sha);
    }
    for (const auto& path : request.attachmentPaths) keep(path);
    fileLooseAttachments(d);
    checkDossierShape(d.documents, d.attachments.size(), d.sets);

    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    d.receivedBy = ward.officerName;
    const std::string day = formatIsoDate(d.receivedAt.date());
    const auto n =
        nextCounter(db,
                    "INSERT INTO daily_sequence (day, desk, last) VALUES (?, ?, 1) "
                    "ON CONFLICT (day, desk) DO UPDATE SET last = last + 1 RETURNING last",
                    day, ward.deskNumber);
    d.code = DossierCode::forDesk(ward.unitCode, d.receivedAt.date(), ward.deskNumber,
                                  static_cast<int>(n))
                 .str();
    assignRegisterEntry(db, ward, d);
    const std::string nowIso = formatIsoDateTime(now);
    DossierWriter(db).insert(d, nowIso);
    const std::string intake = payload::encodeDossier(d);
    appendAudit(db, {nowIso, ward.officerName, "intake", d.id, d.code, std::nullopt,
                     std::string(statusName(d.status)), intake});
    enqueueOutbox(db, ward.deviceId, "dossier.intake", d.code, 0, intake, nowIso);
    tx.commit();
    return d;
}

Dossier Dossiers::act(const std::string& code, const ActionRequest& request) {
    auto& db = implOf(m_store).db;
    const LocalDateTime now = implOf(m_store).clock->localNow();
    const bool draft = request.action == DossierAction::SubmitForApproval;
    if (!request.resultDocumentPath.empty() && request.action != DossierAction::Approve && !draft)
        throw Error(Errc::InvalidArgument,
                    "only a submission for approval or an approval carries a result document");
    // Copied before the transaction: the blob folder is content-addressed, so a blob left by an
    // action that then fails is harmless, and the transaction holds no file work.
    const std::optional<Attachment> result =
        request.resultDocumentPath.empty()
            ? std::nullopt
            : std::optional(storeBlob(m_store.blobDir(), request.resultDocumentPath));
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    auto found = loadByCode(db, code);
    if (!found) throw StoreError(StoreError::Code::NotFound, "no dossier " + code);
    Dossier d = std::move(*found);
    const auto next = transition(d.status, request.action);
    if (!next)
        throw StoreError(StoreError::Code::NotAllowed,
                         "'" + std::string(actionName(request.action)) +
                             "' is not allowed for a dossier that is " +
                             std::string(statusName(d.status)) +
                             " (allowed: " + joinActions(allowedActions(d.status)) + ")");
    const std::string reason = composeVietnamese(trim(request.reason));
    limits::checkText("the reason", reason, limits::kReasonBytes, true);
    if (requiresReason(request.action) && reason.empty())
        throw Error(Errc::ReasonRequired,
                    "'" + std::string(actionName(request.action)) + "' needs a reason");
    if (requiresNewDue(request.action)) {
        if (!request.newDue) throw Error(Errc::DueRequired, "'postpone' needs the new due time");
        if (*request.newDue <= d.dueAt)
            throw Error(Errc::InvalidArgument,
                        "the new due time must be later than the current one, " +
                            formatIsoDateTime(d.dueAt));
        d.dueAt = *request.newDue;
    }
    if (request.action == DossierAction::SupplementReceived) {
        // The time limit runs again from the day the dossier is complete.
        const auto procedure = m_store.catalog().procedure(d.procedureCode);
        if (procedure)
            d.dueAt = m_store.catalog().calendar().dueAt(now, procedure->effectiveLimit());
    }
    if (request.action == DossierAction::ReturnElectronic && d.electronicResults.empty())
        throw StoreError(StoreError::Code::NotAllowed,
                         "dossier " + d.code +
                             " has no electronic result to return: it comes with the approval of "
                             "a signed result");
    if (request.action == DossierAction::ReturnResult ||
        request.action == DossierAction::ReturnElectronic)
        d.returnedAt = now;
    const bool decision = decidesSubmission(d.status, request.action);
    if (decision && !request.decisionForm)
        throw StoreError(StoreError::Code::InvalidInput,
                         "'" + std::string(actionName(request.action)) +
                             "' on an online or postal submission needs the form that tells the "
                             "citizen (01, 02 or 03)");

    const DossierStatus from = d.status;
    d.status = *next;
    const int baseVersion = d.version;
    ++d.version;
    const std::string nowIso = formatIsoDateTime(now);
    std::optional<Attachment> form;
    if (decision) {
        if (request.action == DossierAction::Accept) acceptSubmission(m_store, ward, now, d);
        // The form shows the dossier as the decision leaves it; were the copy to fail, the
        // decision is undone with it.
        const std::string formPath = request.decisionForm(d);
        if (formPath.empty())
            throw StoreError(StoreError::Code::InvalidInput, "the decision's form was not written");
        form = storeBlob(m_store.blobDir(), formPath);
    }
    Statement update(db,
                     "UPDATE dossiers SET status = ?, due_at = ?, returned_at = ?, version = ?, "
                     "updated_at = ?, received_at = ?, register_book = ?, register_seq = ?, "
                     "received_by = ? WHERE id = ? AND version = ?");
    update.bind(1, std::string(statusName(d.status))).bind(2, formatIsoDateTime(d.dueAt));
    update.bind(3, d.returnedAt ? std::optional(formatIsoDateTime(*d.returnedAt)) : std::nullopt);
    update.bind(4, d.version).bind(5, nowIso).bind(6, formatIsoDateTime(d.receivedAt));
    update.bind(7, d.registerBook).bind(8, d.registerSequence).bind(9, d.receivedBy);
    update.bind(10, d.id).bind(11, baseVersion).run();

    json detail = {{payload::kCode, d.code},
                   {payload::kAction, actionName(request.action)},
                   {payload::kFrom, statusName(from)},
                   {payload::kTo, statusName(d.status)},
                   {payload::kReason, reason},
                   {payload::kDueAt, formatIsoDateTime(d.dueAt)},
                   {payload::kAt, nowIso}};
    if (d.returnedAt) detail[payload::kReturnedAt] = formatIsoDateTime(*d.returnedAt);
    if (decision && request.action == DossierAction::Accept) {
        detail[payload::kReceivedAt] = formatIsoDateTime(d.receivedAt);
        detail[payload::kRegisterBook] = d.registerBook;
        detail[payload::kRegisterSeq] = d.registerSequence;
        detail[payload::kReceivedBy] = d.receivedBy;
    }
    if (form) {
        detail[payload::kFormSha256] = form->sha256;
        detail[payload::kFormFileName] = form->fileName;
    }
    if (result) {
        detail[draft ? payload::kDraftSha256 : payload::kResultSha256] = result->sha256;
        detail[draft ? payload::kDraftFileName : payload::kResultFileName] = result->fileName;
        detail[draft ? payload::kDraftSize : payload::kResultSize] = result->size;
        const std::string resultCode = ResultRows(db).keep(d, *result, !draft, nowIso);
        if (!draft) detail[payload::kResultCode] = resultCode;
    }
    const std::string detailText = detail.dump();
    appendAudit(db,
                {nowIso, ward.officerName, std::string(actionName(request.action)), d.id, d.code,
                 std::string(statusName(from)), std::string(statusName(d.status)), detailText});
    enqueueOutbox(db, ward.deviceId, "dossier.action", d.code, baseVersion, detailText, nowIso);
    tx.commit();
    return d;
}

Dossier Dossiers::editApplicant(const std::string& code, const Applicant& applicant) {
    auto& db = implOf(m_store).db;
    const LocalDateTime now = implOf(m_store).clock->localNow();
    const Applicant edited = normalisedApplicant(applicant, now);
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    auto found = loadByCode(db, code);
    if (!found) throw StoreError(StoreError::Code::NotFound, "no dossier " + code);
    Dossier d = std::move(*found);
    if (isTerminal(d.status))
        throw StoreError(StoreError::Code::NotAllowed, "dossier " + code + " is " +
                                                           std::string(statusName(d.status)) +
                                                           " and can no longer be edited");
    // The citizen's own details until the ward accepts the submission (the server refuses
    // the edit too: notices go where the citizen said).
    if (isSubmission(d.status))
        throw StoreError(StoreError::Code::NotAllowed,
                         "submission " + code + " is not accepted yet; accept it to edit it");
    const std::string oldSearch = searchText(d);
    d.applicant = edited;
    const int baseVersion = d.version++;
    const std::string nowIso = formatIsoDateTime(now);
    Statement update(db,
                     "UPDATE dossiers SET applicant_name = ?, applicant_id = ?, applicant_dob = ?, "
                     "applicant_gender = ?, applicant_address = ?, applicant_phone = ?, "
                     "applicant_email = ?, version = ?, updated_at = ? WHERE id = ?");
    update.bind(1, edited.fullName).bind(2, edited.idNumber);
    update.bind(
        3, edited.dateOfBirth ? std::optional(formatIsoDate(*edited.dateOfBirth)) : std::nullopt);
    update.bind(
        4, edited.gender ? std::optional(std::string(genderName(*edited.gender))) : std::nullopt);
    update.bind(5, edited.address).bind(6, edited.phone).bind(7, edited.email);
    update.bind(8, d.version).bind(9, nowIso).bind(10, d.id).run();
    // The search index is contentless: an entry is removed by giving back what was indexed.
    Statement remove(
        db, "INSERT INTO dossier_search (dossier_search, rowid, folded) VALUES ('delete', ?, ?)");
    remove.bind(1, d.id).bind(2, oldSearch).run();
    Statement add(db, "INSERT INTO dossier_search (rowid, folded) VALUES (?, ?)");
    add.bind(1, d.id).bind(2, searchText(d)).run();

    const std::string edit = json{
        {payload::kCode, d.code},
        {payload::kApplicant, json::parse(payload::encodeApplicant(d.applicant))},
        {payload::kAt, nowIso}}.dump();
    appendAudit(db, {nowIso, ward.officerName, "edit", d.id, d.code,
                     std::string(statusName(d.status)), std::string(statusName(d.status)), edit});
    enqueueOutbox(db, ward.deviceId, "dossier.edit", d.code, baseVersion, edit, nowIso);
    tx.commit();
    return d;
}

std::optional<Dossier> Dossiers::findByCode(const std::string& code) {
    return loadByCode(implOf(m_store).db, std::string(trim(code)));
}

std::vector<Dossier> Dossiers::list(const ListQuery& query) {
    const std::string match = ftsQuery(query.search);
    std::string sql = std::string("SELECT ") + kDossierColumns;
    // With a search the FTS index drives the loop in rowid order, so LIMIT stops it early
    // even when a common name matches a large share of a million dossiers.
    if (!match.empty())
        sql +=
            " FROM dossier_search s JOIN dossiers d ON d.id = s.rowid WHERE dossier_search MATCH "
            "?1";
    else
        sql += " FROM dossiers d WHERE 1";
    if (query.status) sql += " AND d.status = ?2";
    // Overdue as Dossier::isOverdue has it: a submission past its decision deadline too.
    if (query.overdueOnly) sql += " AND d.status IN " + statusSet(isPending) + " AND d.due_at < ?3";
    if (query.receivedFrom) sql += " AND d.received_at >= ?4";
    if (query.receivedTo) sql += " AND d.received_at < ?5";
    if (query.channel) sql += " AND d.channel = ?7";
    sql += match.empty() ? " ORDER BY d.id DESC LIMIT ?6" : " ORDER BY s.rowid DESC LIMIT ?6";

    Statement st(implOf(m_store).db, sql);
    if (!match.empty()) st.bind(1, match);
    if (query.status) st.bind(2, std::string(statusName(*query.status)));
    if (query.overdueOnly) st.bind(3, formatIsoDateTime(implOf(m_store).clock->localNow()));
    if (query.receivedFrom) st.bind(4, formatIsoDate(*query.receivedFrom));
    if (query.receivedTo)
        st.bind(5, formatIsoDate(Date{Days{*query.receivedTo} + std::chrono::days{1}}));
    st.bind(6, query.limit);
    if (query.channel) st.bind(7, std::string(channelName(*query.channel)));
    std::vector<Dossier> result;
    while (st.step()) result.push_back(readDossier(st));
    return result;
}

std::vector<InboxEntry> Dossiers::inbox() {
    const LocalDateTime now = implOf(m_store).clock->localNow();
    const WorkCalendar calendar = m_store.catalog().calendar();
    // Sent back before acceptance: every step into awaiting_resubmission, made here or pulled.
    Statement st(implOf(m_store).db,
                 std::string("SELECT ") + kDossierColumns +
                     ", (SELECT count(*) FROM audit a WHERE a.dossier_id = d.id AND a.to_status = "
                     "?1) FROM dossiers d WHERE d.status = ?2 ORDER BY d.due_at, d.id");
    st.bind(1, std::string(statusName(DossierStatus::AwaitingResubmission)));
    st.bind(2, std::string(statusName(DossierStatus::AwaitingAcceptance)));
    std::vector<InboxEntry> entries;
    while (st.step()) {
        InboxEntry e;
        e.dossier = readDossier(st);
        e.overdue = e.dossier.isOverdue(now);
        e.workingTimeLeft = calendar.workingTime(now, e.dossier.dueAt);
        e.supplementRequests = static_cast<int>(st.getInt(kDossierColumnCount));
        entries.push_back(std::move(e));
    }
    return entries;
}

std::vector<RegisterEntry> Dossiers::registerEntries(Date from, Date to) {
    Statement st(
        implOf(m_store).db,
        std::string("SELECT ") + kDossierColumns +
            ", coalesce(p.unit, ''), "
            "(SELECT min(a.at) FROM audit a WHERE a.dossier_id = d.id AND a.action = 'forward'), "
            "(SELECT max(a.at) FROM audit a WHERE a.dossier_id = d.id AND a.action = "
            "'result-ready') "
            "FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code "
            "WHERE d.received_at >= ? AND d.received_at < ? AND " +
            kAcceptedByWard + " ORDER BY d.received_at, d.id");
    st.bind(1, formatIsoDate(from)).bind(2, formatIsoDate(Date{Days{to} + std::chrono::days{1}}));
    std::vector<RegisterEntry> entries;
    while (st.step()) {
        RegisterEntry e;
        e.dossier = readDossier(st);
        e.handlingUnit = st.getText(kDossierColumnCount);
        if (auto t = st.getOptionalText(kDossierColumnCount + 1))
            e.forwardedAt = parseIsoDateTime(*t);
        if (auto t = st.getOptionalText(kDossierColumnCount + 2))
            e.resultReadyAt = parseIsoDateTime(*t);
        entries.push_back(std::move(e));
    }
    return entries;
}

std::vector<HistoryEntry> Dossiers::history(const std::string& code) {
    auto& db = implOf(m_store).db;
    Statement st(
        db,
        "SELECT a.seq, a.at, a.actor, a.action, a.from_status, a.to_status, a.detail "
        "FROM audit a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ? ORDER BY a.seq");
    st.bind(1, std::string(trim(code)));
    std::vector<HistoryEntry> entries;
    while (st.step()) {
        HistoryEntry e;
        e.seq = st.getInt(0);
        e.at = parseIsoDateTime(st.getText(1));
        e.actor = st.getText(2);
        e.action = st.getText(3);
        if (auto from = st.getOptionalText(4)) e.fromStatus = parseStatus(*from);
        e.toStatus = parseStatus(st.getText(5)).value_or(DossierStatus::Received);
        const json detail = json::parse(st.getText(6), nullptr, false);
        if (detail.is_object()) {
            e.reason = detail.value(payload::kReason, "");
            if (const auto due = detail.find(payload::kDueAt);
                due != detail.end() && due->is_string())
                e.dueAt = storedTime(due->get<std::string>(), "the due time of an audit entry");
        }
        entries.push_back(std::move(e));
    }
    if (entries.empty() && !findByCode(code))
        throw StoreError(StoreError::Code::NotFound, "no dossier " + code);
    return entries;
}

}  // namespace motcua::store
