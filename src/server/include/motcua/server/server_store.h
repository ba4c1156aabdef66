// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/limits.h"
#include "motcua/core/role.h"
#include "motcua/protocol/protocol.h"
#include "motcua/server/tracked_dossier.h"

namespace motcua::server {

/// The one exception type of the server layer.
class ServerError : public std::runtime_error {
public:
    enum class Code {
        InvalidInput,  ///< a bad user, role, ward or option
        Conflict,      ///< e.g. the username is taken
        Storage,       ///< the database cannot be opened or used
        Config,        ///< TLS certificate/key or listen address unusable
        HashMismatch,  ///< an uploaded blob's bytes do not have the announced SHA-256
        TooLarge,      ///< a blob over kMaxBlobBytes
        NotFound,      ///< no such blob for this ward
        Forbidden,     ///< the account's role may not do this (a connector at a desk endpoint)
        Unsupported,   ///< a submitted file that is not a PDF, JPEG or PNG
    };
    ServerError(Code code, const std::string& message)
        : std::runtime_error(message), m_code(code) {}
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string fullName;
    std::string role;  ///< "officer", "supervisor", "admin", "portal"
    /// Unit code; an officer sees and writes only this ward's dossiers. Empty for a portal
    /// connector, which submits for any ward and reads only what it submitted.
    std::string ward;
    bool isConnector() const { return parseRole(role) == Role::Portal; }
};

struct NewUser {
    std::string username;
    std::string fullName;
    std::string role;
    std::string ward;
    std::string password;
    /// DER signing certificates; only a supervisor may have them (approvals are checked against
    /// them).
    std::vector<std::string> certificatesDer;
};

/// Whether `db` names a PostgreSQL database ("postgresql://..." or "postgres://...").
bool isPostgresTarget(std::string_view db);

/// Where the server keeps its data and what it trusts.
struct StoreOptions {
    /// An SQLite file path, or a libpq URI "postgresql://user@host:port/dbname" ("postgres://"
    /// too).
    std::string db;
    /// Attachments' folder; empty: "blobs" beside the SQLite file. With PostgreSQL, blobs are
    /// refused (ServerError(Config)) without one: `motcua-server` requires it to serve.
    std::string blobDir;
    /// PEM trust anchors and CRLs (PEM or DER) the signatures of approved results are checked with.
    std::vector<std::string> trustFiles;
    std::vector<std::string> crlFiles;
    int poolSize = 8;  ///< PostgreSQL connections at most
    /// Where every "now" of the server comes from: session expiry, time stamps, the "not in the
    /// future" checks, notices' retries, the age of unfinished uploads, and the login lockout
    /// of an HttpsServer or mail sender on this store. Null: the system clock. Tests pass a
    /// FixedClock and advance it instead of sleeping.
    std::shared_ptr<const Clock> clock;
};

struct Stats {
    std::int64_t dossiers = 0;
    std::int64_t opsApplied = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t blobs = 0;
};

/// What the portal endpoint answers a submission.
struct SubmissionReceipt {
    bool created = false;  ///< a new submission (201); else the same reference again (200)
    std::string code;
    std::string decideBy;  ///< ISO local time: the decision deadline
    /// The key of the citizen's tracking page, `/tra-cuu/<code>?k=<key>`, for the portal to
    /// give the citizen.
    std::string trackingKey;
};

/// One notice of a decision on a submission, for the citizen.
struct Notice {
    std::int64_t id = 0;
    std::string code;
    std::string kind;  ///< "accepted", "supplement_requested", "refused", "result_ready"
    std::string at;
    std::string formSha256;
    std::string formFileName;
    std::string email;  ///< the applicant's; empty: the portal tells the citizen
    std::int64_t attempts = 0;
    std::string lastError;
    bool sent = false;
};

/// An electronic result in the citizens' store.
struct CitizenResult {
    std::string code;  ///< "<dossier>-KQ01"
    std::string dossierCode;
    std::string ward;
    std::string procedureCode;
    std::string sha256;
    std::string fileName;
    std::int64_t size = 0;
    std::string approvedAt;  ///< ISO local time, as the supervisor's desk had it
};

/// A complete blob's file.
struct BlobFile {
    std::string path;
    std::int64_t size = 0;
};

/// A blob as the server has it for a ward: complete, or the bytes of an upload so far.
struct BlobState {
    bool complete = false;
    std::int64_t size = 0;
};

/// The server's own database: accounts, sessions, dossiers, applied ops (the idempotency keys)
/// and the change log pull reads; SQLite (one connection behind a mutex, since SQLite has one
/// writer at a time anyway) or PostgreSQL (a pool; each ward's writers take turns, so every op
/// applies once and a ward's change log commits in sequence order). Safe to share between
/// request threads.
class ServerStore {
public:
    static constexpr std::int64_t kMaxBlobBytes = limits::kBlobBytes;
    /// Unfinished uploads: at most this many and bytes per ward at once; one untouched this long
    /// is removed, so abandoned pieces cannot fill the disk.
    static constexpr std::int64_t kMaxPartialUploadsPerWard = 32;
    static constexpr std::int64_t kMaxPartialBytesPerWard = std::int64_t{1} << 30;
    static constexpr std::chrono::hours kPartialUploadTtl{24};

    /// PBKDF2-HMAC-SHA256 iterations for new passwords (OWASP 2023 guidance).
    static constexpr int kDefaultIterations = 600'000;

    /// Opens or creates the database and runs pending migrations. Throws ServerError(Storage).
    explicit ServerStore(const StoreOptions& options);
    /// An SQLite file (blobs beside it) or a PostgreSQL URI (then use the options form).
    explicit ServerStore(const std::string& db);
    ~ServerStore();
    ServerStore(const ServerStore&) = delete;
    ServerStore& operator=(const ServerStore&) = delete;

    static int schemaVersion();

    bool usesPostgres() const;

    /// The clock of StoreOptions (the system clock when none was given); it lives as long as
    /// the store. Thread-safe.
    const Clock& clock() const;

    /// Replaces the trust anchors and CRLs approvals are checked with.
    void setTrust(std::vector<std::string> trustFiles, std::vector<std::string> crlFiles);

    /// Throws ServerError(InvalidInput) for an unknown role, empty fields or a certificate that
    /// is not one or not a supervisor's, (Conflict) for a username already taken. Appends an
    /// "account.user" change (no password, no hash) to the user's ward, so desks pull it.
    User addUser(const NewUser& user, int iterations = kDefaultIterations);

    /// A new bearer session when the password matches, else nothing.
    std::optional<sync::Session> login(const std::string& username, const std::string& password,
                                       std::chrono::seconds ttl);
    /// The user of a live session, or nothing for an unknown or expired token or a disabled
    /// user (checked on every call, so disabling takes effect at once).
    std::optional<User> userForToken(const std::string& token);
    /// Ends the session of `token` at once (logout); false when no session has it.
    bool logout(const std::string& token);
    /// Disables an account, ending its sessions (it can neither log in nor use a token issued
    /// before), or enables it again. Throws ServerError(NotFound) for an unknown username.
    void setUserDisabled(const std::string& username, bool disabled);

    /// Applies the ops in order in one transaction; one result per op.
    sync::PushResult push(const User& user, const sync::PushRequest& request);
    /// The user's ward's changes, and those for every ward ("*"), after `cursor`, at most
    /// `limit` (1..kMaxPullLimit).
    sync::PullResponse pull(const User& user, std::int64_t cursor, int limit);
    /// Dossiers of the user's ward per day of their code, `from` to `to` (YYYY-MM-DD, at most
    /// sync::kMaxCountDays days). Throws ServerError(InvalidInput).
    sync::CountsResponse counts(const User& user, const std::string& from, const std::string& to);
    /// The ward's dossiers of `day` with codes after `after` (empty: from the first), at most
    /// `limit`, as sync::kSnapshotKind changes. Throws ServerError(InvalidInput).
    sync::PullResponse snapshot(const User& user, const std::string& day, const std::string& after,
                                int limit);
    /// Appends a change every ward pulls: kind "catalog.import" or "calendar.import", the
    /// payload a JSON object (the file). Returns its sequence number. Throws
    /// ServerError(InvalidInput).
    std::int64_t importShared(const std::string& kind, const std::string& json);

    /// Attachments by SHA-256 (64 lowercase hex digits), in a folder beside the database,
    /// uploaded in pieces: each piece must start where the upload stands (else
    /// ServerError(Conflict)); the last one is hash-checked (HashMismatch drops the upload, so
    /// a bad blob is never stored). A ward sees only blobs it uploaded itself.
    BlobState blobState(const User& user, const std::string& sha256);
    BlobState putBlob(const User& user, const std::string& sha256, std::int64_t offset,
                      std::int64_t total, const std::string& bytes);
    /// Where a complete blob of the user's ward is, to be streamed (never read whole). Throws
    /// ServerError(NotFound), (Storage) when the file is gone from the folder.
    BlobFile blobFile(const User& user, const std::string& sha256);

    /// A portal connector's submission (the JSON body of POST /api/v1/portal/submissions,
    /// docs/ONLINE.md), checked whole and stored in one transaction with its dossier.submission
    /// change. Throws ServerError: Forbidden (not a connector), InvalidInput (a field, the ward,
    /// the procedure, the CCCD, limits), HashMismatch (a file that is not a complete upload of
    /// this connector), Unsupported (a file not PDF, JPEG or PNG), Conflict (another
    /// connector's reference). Nothing is stored when it throws.
    SubmissionReceipt submit(const User& connector, const std::string& body);
    /// `{code, status, notices: [{kind, at, form_sha256}]}` of a submission of this connector.
    /// Throws ServerError(NotFound) for any other code, whether it exists or not.
    std::string submissionStatus(const User& connector, const std::string& code);
    /// The ward's allowance for deciding on a submission ("1d", "8h"); throws
    /// ServerError(InvalidInput) for an unknown ward code or a bad allowance.
    void setDecisionAllowance(const std::string& ward, const std::string& allowance);
    std::string decisionAllowance(const std::string& ward);

    /// The citizens' store: the electronic results of the dossiers whose applicant has the CCCD
    /// `idNumber`, in code order (none for an empty number).
    std::vector<CitizenResult> citizenResults(const std::string& idNumber);
    /// Notices, oldest first: every one, or only those not sent yet.
    std::vector<Notice> notices(bool unsentOnly);
    /// Unsent notices with an e-mail whose next attempt is due at `unixMs` (milliseconds since
    /// the epoch), at most `limit`.
    std::vector<Notice> dueNotices(std::int64_t unixMs, int limit);
    /// When (unix milliseconds) the next unsent notice with an e-mail is due, if any.
    std::optional<std::int64_t> nextNoticeDue();
    void markNoticeSent(std::int64_t id);
    /// Records a failed attempt; the notice is tried again at `retryAtMs` (never dropped).
    void markNoticeFailed(std::int64_t id, const std::string& error, std::int64_t retryAtMs);
    /// Called (on the pushing thread, after the commit) whenever a push added notices.
    void setNoticeListener(std::function<void()> listener);
    /// The path of a notice's form, to attach. Throws ServerError(NotFound | Storage).
    std::string noticeFormPath(const Notice& notice);

    Stats stats();

    /// The citizen's tracking page (tracking_store.cpp). The dossier `code` names when `key` is
    /// its tracking key, compared in constant time; nothing when the code is unknown, the
    /// dossier has no key or the key is another: the three look alike. Throws
    /// ServerError(Storage).
    std::optional<TrackedDossier> trackedDossier(const std::string& code, const std::string& key);
    /// One electronic result of a tracked dossier and its blob's file; nothing as for
    /// trackedDossier, or when the dossier lists no such result or its blob is not here.
    std::optional<TrackedResultFile> trackedResult(const std::string& code, const std::string& key,
                                                   const std::string& resultCode);
    /// Each signature of the blob `sha256` as the verifier sees it with the server's trust
    /// anchors and CRLs (empty: not a signed PDF, or not readable). Reads the blob whole.
    /// Throws ServerError(Config) when a trust file cannot be read.
    std::vector<ResultSignature> resultSignatures(const std::string& sha256);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::server
