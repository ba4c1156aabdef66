// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/procedure.h"
#include "motcua/core/work_calendar.h"
#include "motcua/store/store_error.h"

namespace motcua::store {

class Database;

/// The ward this database belongs to and the desk it runs on.
struct WardSettings {
    std::string unitCode;     ///< QCVN 102 code, the prefix of dossier codes
    std::string unitName;     ///< "UBND phường Bồ Đề"
    int deskNumber = 1;       ///< 1-9; partitions the daily code sequence
    std::string officerName;  ///< who is signed in at this desk (audit actor)
    std::string placeName;    ///< for the date line of forms, "Hà Nội"
    std::string deviceId;     ///< UUID made at init; identifies this desk's outbox to the server
    OfficeHours officeHours = OfficeHours::standard();
};

/// What an officer enters at intake.
struct IntakeRequest {
    std::string procedureCode;
    Applicant applicant;
    std::optional<std::vector<SubmittedDocument>> documents;  ///< default: the procedure's checklist
    std::vector<std::string> attachmentPaths;                 ///< files copied into the blob folder
    int sets = 1;
    FeeInput feeInput;
    ReturnChannel returnChannel = ReturnChannel::Desk;
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
};

/// One line of a dossier's history, from the audit log.
struct HistoryEntry {
    std::int64_t seq = 0;
    LocalDateTime at;          ///< real commit time
    std::string actor;
    std::string action;        ///< "intake" or an action name
    std::optional<DossierStatus> fromStatus;
    DossierStatus toStatus = DossierStatus::Received;
    std::string reason;
    std::optional<LocalDateTime> dueAt;  ///< the due time in force after this step
};

/// Today's work at a glance, for the main window.
struct DaySummary {
    std::int64_t receivedToday = 0;
    std::int64_t dueToday = 0;        ///< pending, due before the end of today
    std::int64_t overdue = 0;         ///< pending, past due now
    std::int64_t awaitingApproval = 0;
    std::int64_t pendingSync = 0;     ///< outbox ops not yet acknowledged
};

/// One line of the register (Sổ theo dõi hồ sơ, form 07).
struct RegisterEntry {
    Dossier dossier;                             ///< documents not loaded
    std::string handlingUnit;                    ///< the procedure's settling agency
    std::optional<LocalDateTime> forwardedAt;    ///< handed on for processing
    std::optional<LocalDateTime> resultReadyAt;  ///< result back at the desk
};

struct ListQuery {
    std::optional<DossierStatus> status;
    std::string search;  ///< folded prefix search over name, CCCD, code and procedure
    bool overdueOnly = false;
    std::optional<Date> receivedFrom;  ///< inclusive
    std::optional<Date> receivedTo;    ///< inclusive
    int limit = 50;
};

/// An outbox op as queued for the server.
struct OutboxOp {
    std::int64_t seq = 0;
    std::string opId;
    std::string deviceId;
    std::string kind;      ///< "dossier.intake", "dossier.action"
    std::string entityId;  ///< the dossier code
    int baseVersion = 0;
    std::string payload;   ///< JSON
    std::string author;    ///< the server account signed in when it was made; empty: none
    std::string state;     ///< "pending", "applied", "duplicate", "conflict", "rejected"
    LocalDateTime createdAt;
    std::string result;    ///< the server's answer (JSON), once there is one
};

/// The server's answer to one pushed outbox op.
struct OpResultRecord {
    std::string opId;
    std::string state;  ///< "applied", "duplicate", "conflict", "rejected"
    std::optional<std::int64_t> serverVersion;
    std::string error;  ///< the server's reason, kept for a person to resolve
};

/// A change pulled from the server: the store's mirror of the sync protocol's Change, so the
/// store does not depend on the sync layer.
struct RemoteChange {
    std::int64_t seq = 0;
    /// "dossier.intake", "dossier.action", "dossier.edit", "dossier.snapshot" (a targeted
    /// re-pull), "account.user", "catalog.import", "calendar.import"
    std::string kind;
    std::string entityId;
    std::int64_t version = 0;
    std::string status;
    std::string payload;  ///< JSON object text: for dossiers the server's full dossier
};

/// What applying pulled changes did.
struct PullApplied {
    int inserted = 0;   ///< dossiers new to this desk (made at another desk)
    int updated = 0;    ///< dossiers brought up to the server's version
    int current = 0;    ///< already at that version here (usually this desk's own ops)
    int heldBack = 0;   ///< not applied: this desk has unsent changes to it; push settles them
    int accounts = 0;   ///< ward accounts added or changed
    int reference = 0;  ///< catalog and calendar imports
    int problems = 0;   ///< changes that could not be applied, kept in sync_problems
};

/// How a person settles an op the server refused.
enum class OpResolution {
    AcceptServer,  ///< keep the server's version (the desk already shows it); the op is closed
    Redo,          ///< do the same action or edit again on the current version, as a new op
};

/// Where this desk syncs and signs; admin settings kept in the database.
struct DeskConfig {
    std::string serverUrl;   ///< "https://host:port"; empty: no sync
    std::string caFile;      ///< the ward's CA bundle for the server's certificate
    std::string tsaUrl;      ///< RFC 3161 timestamp authority; empty: none
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
    std::string path;   ///< in the blob folder
    bool present = false;  ///< the bytes are on this desk (else the next sync fetches them)
};

/// A signed result waiting in the outbox with its approval, not yet timestamped.
struct PendingResult {
    std::string opId;
    std::string code;
    std::string sha256;
    std::string path;  ///< in the blob folder
};

/// A server account of this ward, as pulled.
struct WardAccount {
    std::string username;
    std::string fullName;
    std::string role;  ///< "officer", "supervisor", "admin"
    std::string ward;
    bool offlineSignIn = false;  ///< signed in online here once, so a verifier is kept
};

/// Dossiers of one day (the day in their code) that the server should have too.
struct DayCount {
    Date day;
    std::int64_t dossiers = 0;
};

/// What the status bar and `motcua sync` show.
struct SyncStatus {
    std::int64_t pullCursor = 0;
    std::optional<LocalDateTime> lastSuccess;
    std::string lastError;  ///< of the last attempt; empty when it succeeded
    std::int64_t pending = 0;
    std::int64_t conflicts = 0;
    std::int64_t rejected = 0;
    std::int64_t problems = 0;  ///< pulled changes not applied
};

struct AuditCheck {
    bool ok = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> firstBrokenSeq;
    std::string problem;
};

/// How a Store opens its file.
enum class OpenMode {
    /// An existing ward database, for commands that only read: refuses any other file, and
    /// leaves the journal mode and the blob folder as they are. (A ward database of an older
    /// version is still upgraded first, as its queries need the new schema.)
    Read,
    /// An existing ward database: switched to WAL, upgraded, and the blob folder's temporary
    /// files abandoned by a killed process removed.
    Write,
    /// As Write, and a missing or empty file becomes an empty ward database (`motcua init`).
    Create,
};

/// Progress of long work; return false to cancel.
using ProgressFn = std::function<bool(std::int64_t done, std::int64_t total)>;

/// The desk's offline store: one SQLite file and a blob folder beside it.
/// Every mutation is one transaction that writes the change, an audit entry hash-chained to the
/// previous one, and (for dossier changes) an outbox op with a fresh UUID.
/// A Store is one connection: use it from one thread at a time; open one per thread.
class Store {
public:
    /// Opens a ward database. Its schema version is checked before anything is written, and a
    /// file that is not one (another program's database, a version no MotCua Desk writes, an
    /// empty file unless Create) is refused unchanged. Runs pending migrations, each in one
    /// transaction. Throws StoreError(OpenFailed | NewerSchema | NotInitialized).
    static Store open(const std::string& path, OpenMode mode, const Clock& clock);
    /// open(path, create ? OpenMode::Create : OpenMode::Write, clock).
    static Store open(const std::string& path, bool create, const Clock& clock);
    ~Store();
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;

    static int schemaVersion();  ///< the newest schema this program knows
    const std::string& path() const;
    std::string blobDir() const;  ///< "<db dir>/blobs"

    bool isInitialized();
    /// Sets up the ward, the procedure catalog and the calendar table in one transaction.
    /// Throws StoreError(AlreadyInitialized | InvalidInput) or core Error for bad settings.
    void initialize(const WardSettings& ward, const std::string& catalogJson,
                    const std::string& calendarJson);
    WardSettings settings();  ///< throws StoreError(NotInitialized)
    void setOfficer(const std::string& officerName);

    /// Adds a local account for an officer; the password is wiped from `password` here.
    /// Throws StoreError(NotAllowed) for a name already taken, core Error(InvalidArgument) for
    /// an empty name or a password shorter than 6 characters.
    void addAccount(const std::string& name, std::string password);
    std::vector<std::string> accounts();
    /// Changes a local account's password when `current` is right (false when it is not).
    /// Audited either way, never the passwords, which are wiped here. Throws core
    /// Error(InvalidArgument) for a new password shorter than 6 characters.
    bool changePassword(const std::string& name, std::string current, std::string next);
    /// Checks the password and, when it matches, makes the officer the one at the desk. Every
    /// attempt is audited (never the password). The password is wiped from `password`.
    bool signIn(const std::string& name, std::string password);
    void setOfficeHours(const OfficeHours& hours);  ///< audited; due times of new dossiers follow

    /// Inserts or replaces procedures from catalog JSON ({"procedures":[...]}); returns how
    /// many. Validates everything before writing anything.
    int importCatalog(const std::string& catalogJson);
    std::vector<Procedure> procedures(const std::string& search = {});
    std::optional<Procedure> procedure(const std::string& code);

    /// Replaces the per-year days-off table for the years present in the JSON.
    int importCalendar(const std::string& calendarJson);
    WorkCalendar calendar();

    /// Throws StoreError(NotFound) for an unknown procedure, core Error for invalid applicant
    /// data (CCCD, dates), StoreError(Io) for an unreadable attachment.
    Dossier intake(const IntakeRequest& request);
    /// Throws StoreError(NotFound), StoreError(NotAllowed) when the status forbids the action,
    /// core Error(ReasonRequired | DueRequired). Changes nothing when it throws.
    Dossier act(const std::string& code, const ActionRequest& request);

    /// Corrects the applicant's details (a typo, a name confirmed after a wedge-mode scan).
    /// Validated like intake; refused with StoreError(NotAllowed) once the dossier is closed.
    Dossier editApplicant(const std::string& code, const Applicant& applicant);

    std::optional<Dossier> findByCode(const std::string& code);
    /// The dossier's result documents, newest first.
    std::vector<ResultDocument> results(const std::string& code);
    std::vector<Dossier> list(const ListQuery& query);  ///< newest first; documents not loaded
    std::vector<HistoryEntry> history(const std::string& code);
    /// Dossiers received from `from` to `to` (inclusive), oldest first, with the hand-over
    /// times the register prints.
    std::vector<RegisterEntry> registerEntries(Date from, Date to);

    std::int64_t pendingOutboxCount();
    DaySummary summary();
    std::vector<OutboxOp> outbox(int limit = 1000);

    /// Records the server's answers to pushed ops: one transaction, one audit entry
    /// ("sync.push" with the counts). Each op leaves the pending queue whatever the answer, so
    /// the rest of the queue keeps moving; conflicts and rejections keep the answer (outbox
    /// `result`) for a person to resolve. An op already answered keeps its first answer.
    /// Throws StoreError(InvalidInput) for an unknown state, (NotFound) for an op id not in the
    /// outbox; changes nothing then.
    void recordOpResults(const std::vector<OpResultRecord>& results);

    /// Conflicted and rejected ops with the server's answer (`result`) that no one has
    /// resolved yet, oldest first.
    std::vector<OutboxOp> unresolvedOps();
    /// Settles a refused op (audited). Redo applies the op's action (or edit) again to the
    /// dossier as it now is, which queues a new op; it throws like act()/editApplicant() when
    /// that is no longer possible, and changes nothing then. Throws StoreError(NotFound) for
    /// an op that is not unresolved, (NotAllowed) for redoing an intake.
    void resolveOp(const std::string& opId, OpResolution how);

    DeskConfig deskConfig();
    /// Audited. Throws core Error(InvalidArgument) for a server URL that is not https://.
    void setDeskConfig(const DeskConfig& config);
    /// The ward's name, place and this desk's number (audited); the unit code is fixed at init.
    void updateWard(const std::string& unitName, const std::string& placeName, int deskNumber);

    /// Applies one page of pulled changes in one transaction, with `cursor` (when given) stored
    /// in that same transaction: a crash leaves either both or neither. Dossiers are inserted
    /// or brought to the server's version; those this desk changed and has not pushed yet are
    /// held back (push first settles them). Each applied dossier gets an audit entry.
    /// With `serverWins` (fetching dossiers listed by dossiersToRefetch()) the server's
    /// version replaces the local one whatever the versions say, and the dossier leaves that
    /// list.
    PullApplied applyPulledChanges(const std::vector<RemoteChange>& changes, std::optional<std::int64_t> cursor,
                                   bool serverWins = false);
    /// Dossiers whose local state may differ from the server's (a change held back, an op
    /// answered with a conflict or rejection) and that have nothing pending any more.
    std::vector<std::string> dossiersToRefetch();
    /// Drops a dossier from that list when the server has no version of it (e.g. a rejected
    /// intake: the dossier exists on this desk alone and its op says why).
    void keepLocalVersion(const std::string& code);
    std::int64_t pullCursor();
    /// Per day in [from, to], the dossiers of this ward the server should also hold: pulled
    /// ones and those whose intake the server accepted (pending and rejected intakes are not
    /// counted). Days with none are left out.
    std::vector<DayCount> syncedDossierCounts(Date from, Date to);
    /// The day range holding every dossier of this ward, if any.
    std::optional<std::pair<Date, Date>> dossierDayRange();

    /// Where a blob lives in the blob folder (it may not exist).
    std::string blobPath(const std::string& sha256) const;
    /// Signed results of approvals still waiting to be pushed that have no document timestamp
    /// yet (signatures made offline, for PAdES B-T once a timestamp authority answers).
    std::vector<PendingResult> pendingSignedResults();
    /// Replaces a pending approval's signed result with a later version of the same PDF (its
    /// bytes extended, e.g. by a document timestamp): stored as a blob, named by the op and the
    /// dossier instead of the old one, marked timestamped; audited. Throws StoreError(NotFound)
    /// when the op is no longer pending, (InvalidInput) when the new file does not begin with
    /// the old one's bytes (an incremental update never rewrites them).
    void replacePendingResult(const std::string& opId, const std::string& newPdfPath);
    /// Result documents named by dossiers (pulled from other desks) whose bytes are not here.
    std::vector<std::string> missingResultBlobs();
    /// Where a download of blob `sha256` collects its bytes, range by range, in the blob folder.
    std::string partialBlobPath(const std::string& sha256) const;
    /// Moves a downloaded file (partialBlobPath) into place as the blob `sha256` after checking,
    /// reading it piece by piece, that it hashes to it; a file that does not is removed and
    /// StoreError(InvalidInput) thrown, so the next download starts again.
    void adoptBlobFile(const std::string& sha256, const std::string& path);
    bool isBlobUploaded(const std::string& sha256);
    void markBlobUploaded(const std::string& sha256);

    /// After an online login: keeps the account and a verifier of the password (wiped here) so
    /// the person can sign in at this desk while offline.
    void rememberServerLogin(const WardAccount& account, std::string password);
    /// Offline sign-in against the verifier saved at the last online login; on success the
    /// person becomes the officer at the desk. Audited either way; the password is wiped.
    std::optional<WardAccount> signInOffline(const std::string& username, std::string password);
    std::vector<WardAccount> wardAccounts();

    /// Records the end of a sync attempt: success time, or the error.
    void recordSyncAttempt(bool ok, const std::string& error);
    SyncStatus syncStatus();

    /// Recomputes the hash chain from the first entry.
    AuditCheck verifyAudit();
    /// SQLite's `PRAGMA integrity_check` over the whole file (it reads every page: seconds on
    /// a large ward). Returns what it reports, at most 100 lines; empty when the file is sound.
    /// Throws StoreError(Sql) when the damage stops the check itself.
    std::vector<std::string> integrityProblems();

    /// Realistic synthetic dossiers spread over the past `months` months, for demos and
    /// benchmarks. They stand for history already synced: audited, not queued in the outbox.
    std::int64_t generateDemo(std::int64_t count, int months, std::uint64_t seed,
                              const ProgressFn& progress = {});

    Database& database();  ///< for the store's own tests and benchmarks

private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::store
