// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <array>

#include "internal.h"

namespace motcua::store {

namespace {

// Append only: a migration that has shipped is never edited, a new one is added after it.
constexpr std::array<std::string_view, 8> kMigrations{
    R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE procedures (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    folded_name      TEXT NOT NULL,
    sector           TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL DEFAULT '',
    limit_unit       TEXT NOT NULL CHECK (limit_unit IN ('working_days','same_day','working_hours')),
    limit_value      INTEGER NOT NULL,
    cutoff_minutes   INTEGER CHECK (cutoff_minutes BETWEEN 0 AND 1439),
    fee_kind         TEXT NOT NULL CHECK (fee_kind IN ('free','fixed','per_copy','per_page_tiered')),
    fee_amount       INTEGER NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
    fee_tier_pages   INTEGER NOT NULL DEFAULT 0,
    fee_later_amount INTEGER NOT NULL DEFAULT 0 CHECK (fee_later_amount >= 0),
    fee_max_per_copy INTEGER CHECK (fee_max_per_copy >= 0),
    fee_note         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE procedure_documents (
    procedure_code TEXT NOT NULL REFERENCES procedures(code) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    form           TEXT NOT NULL CHECK (form IN ('original','copy','original_or_copy')),
    count          INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (procedure_code, position)
) WITHOUT ROWID;

CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off','work')),
    note TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- The next dossier number per day and desk (codes are <unit>-YYMMDD-<desk><nnn>).
CREATE TABLE daily_sequence (
    day  TEXT NOT NULL,
    desk INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (day, desk)
) WITHOUT ROWID;

-- Sổ theo dõi hồ sơ: each desk keeps its own book, numbered per year.
CREATE TABLE register_sequence (
    year INTEGER NOT NULL,
    book INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (year, book)
) WITHOUT ROWID;

CREATE TABLE dossiers (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    procedure_code    TEXT NOT NULL REFERENCES procedures(code),
    procedure_name    TEXT NOT NULL,
    status            TEXT NOT NULL,
    applicant_name    TEXT NOT NULL,
    applicant_id      TEXT NOT NULL DEFAULT '',
    applicant_dob     TEXT,
    applicant_gender  TEXT,
    applicant_address TEXT NOT NULL DEFAULT '',
    applicant_phone   TEXT NOT NULL DEFAULT '',
    applicant_email   TEXT NOT NULL DEFAULT '',
    sets              INTEGER NOT NULL DEFAULT 1,
    fee_vnd           INTEGER NOT NULL DEFAULT 0,
    return_channel    TEXT NOT NULL DEFAULT 'desk',
    received_at       TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    returned_at       TEXT,
    register_book     INTEGER NOT NULL,
    register_seq      INTEGER NOT NULL,
    received_by       TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT NOT NULL
);
CREATE INDEX dossiers_by_status ON dossiers(status, due_at);
CREATE INDEX dossiers_by_received ON dossiers(received_at);

CREATE TABLE dossier_documents (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    form       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, position)
) WITHOUT ROWID;

CREATE TABLE dossier_attachments (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    size       INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, sha256)
) WITHOUT ROWID;

-- Contentless, no positions: only what prefix search needs; rowid = dossiers.id.
-- Prefix indexes up to 7 characters cover every Vietnamese syllable, so a prefix query walks
-- one doclist in rowid order and stops at LIMIT; without them "nguyen"* merged ~400,000
-- postings per query on a million dossiers (60 ms against 1 ms; the index grows ~3%).
CREATE VIRTUAL TABLE dossier_search USING fts5(
    folded, content='', detail=none, columnsize=0, prefix='1 2 3 4 5 6 7',
    tokenize='unicode61 remove_diacritics 0');

-- Hash-chained: hash = SHA-256 over the previous hash and this entry (auditHash()).
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    dossier_id  INTEGER REFERENCES dossiers(id),
    entity      TEXT NOT NULL DEFAULT '',
    from_status TEXT,
    to_status   TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_dossier ON audit(dossier_id) WHERE dossier_id IS NOT NULL;

CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY,
    op_id        TEXT NOT NULL UNIQUE,
    device_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending','applied','duplicate','conflict','rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    result       TEXT
);
CREATE INDEX outbox_pending ON outbox(seq) WHERE state = 'pending';
CREATE INDEX outbox_by_entity ON outbox(entity_id);
)sql",
    R"sql(
-- Officers who sign in at this desk. Only a salted PBKDF2 verifier is kept, never a password.
CREATE TABLE local_accounts (
    name       TEXT PRIMARY KEY,
    verifier   TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    R"sql(
-- Sync with the city backend. The pull cursor (written only in the transaction that applies
-- the changes it covers), the last success and the last error are settings ("sync.*").

-- A conflicted or rejected op is resolved by a person: accepted as the server has it, or
-- redone as a new op on the server's version. It stays in the outbox, marked.
ALTER TABLE outbox ADD COLUMN resolved_at TEXT;
ALTER TABLE outbox ADD COLUMN resolution TEXT;

-- Result documents: the draft an officer submits for approval and the signed result a
-- supervisor approves, by content hash (the bytes are in the blob folder, fetched from the
-- server when they were made at another desk).
CREATE TABLE dossier_results (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    signed     INTEGER NOT NULL CHECK (signed IN (0, 1)),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (dossier_id, sha256)
) WITHOUT ROWID;

-- Blobs the server has confirmed complete; others are uploaded before the ops naming them.
CREATE TABLE uploaded_blobs (
    sha256      TEXT PRIMARY KEY,
    uploaded_at TEXT NOT NULL
) WITHOUT ROWID;

-- The ward's server accounts, from pull. A verifier appears only after the person signed in
-- online at this desk once: it lets them sign in offline. Never a password.
CREATE TABLE ward_accounts (
    username   TEXT PRIMARY KEY,
    full_name  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('officer','supervisor','admin')),
    ward       TEXT NOT NULL,
    verifier   TEXT,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- Dossiers whose local state may differ from the server's: a pulled change was held back
-- behind unsent local changes, or the server answered an op with a conflict or rejection.
-- Once nothing of theirs is pending, the server's version is fetched and wins (the refused op
-- stays listed for a person to redo).
CREATE TABLE sync_refetch (
    code   TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
) WITHOUT ROWID;

-- Pulled changes this desk could not apply (e.g. a procedure it does not know), kept for a
-- person: the server still has them and the count check reports the gap.
CREATE TABLE sync_problems (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    problem   TEXT NOT NULL,
    payload   TEXT NOT NULL
);
)sql",
    R"sql(
-- Who made each op: the server account signed in at the desk (a supervisor approving, an
-- officer forwarding), so the server checks that person's role; empty when nobody signed in
-- with a server account (the CLI, a local account), and the op is the pushing session's.
ALTER TABLE outbox ADD COLUMN author TEXT NOT NULL DEFAULT '';
)sql",
    R"sql(
-- Online and postal submissions (docs/ONLINE.md). How each dossier came; a submission's time and
-- the portal's reference. Dossiers from before were all taken at the counter.
ALTER TABLE dossiers ADD COLUMN channel TEXT NOT NULL DEFAULT 'counter'
    CHECK (channel IN ('counter','online','post'));
ALTER TABLE dossiers ADD COLUMN submitted_at TEXT;
ALTER TABLE dossiers ADD COLUMN portal_ref TEXT NOT NULL DEFAULT '';

-- Each submitted document's electronic files: a JSON list of SHA-256s, each also one of the
-- dossier's attachments.
ALTER TABLE dossier_documents ADD COLUMN files TEXT NOT NULL DEFAULT '[]';

-- Files of pulled submissions this desk does not hold yet; sync fetches them so the officer
-- can look at them offline, and the row goes when the bytes are here.
CREATE TABLE wanted_blobs (
    sha256 TEXT PRIMARY KEY,
    since  TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    R"sql(
-- Documents hold their files (Decision 766's digitised dossiers). The files attached before,
-- which no document names, go to one "Giấy tờ khác" row after the checklist (a copy, count 1),
-- by file name; the attachments themselves are unchanged (core's fileLooseAttachments does the
-- same for a dossier pulled from a desk that still attaches loosely).
INSERT INTO dossier_documents (dossier_id, position, name, form, count, files)
SELECT loose.dossier_id,
       (SELECT coalesce(max(d.position), 0) + 1 FROM dossier_documents d
         WHERE d.dossier_id = loose.dossier_id),
       'Giấy tờ khác', 'copy', 1, json_group_array(loose.sha256)
FROM (SELECT a.dossier_id, a.sha256 FROM dossier_attachments a
       WHERE NOT EXISTS (SELECT 1 FROM dossier_documents d, json_each(d.files) f
                          WHERE d.dossier_id = a.dossier_id AND f.value = a.sha256)
       ORDER BY a.dossier_id, a.file_name, a.sha256) loose
GROUP BY loose.dossier_id;
)sql",
    R"sql(
-- Electronic results (`<code>-KQ<nn>`): the code of each signed result, given by the desk that
-- approved it and confirmed, or renumbered, by the server's copy; and its size. Results signed
-- before have none: the server never numbered them.
ALTER TABLE dossier_results ADD COLUMN result_code TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_results ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
-- The key of the citizen's tracking page, printed only on the receipt's QR; empty
-- for dossiers taken before, whose receipts carry the bare code.
ALTER TABLE dossiers ADD COLUMN tracking_key TEXT NOT NULL DEFAULT '';
)sql",
};

int userVersion(Database& db) {
    Statement st(db, "PRAGMA user_version");
    st.step();
    return static_cast<int>(st.getInt(0));
}

[[noreturn]] void refuseVersion(const Database& db, int version) {
    if (version > latestSchemaVersion())
        throw StoreError(StoreError::Code::NewerSchema,
                         "the database " + db.path() + " has schema version " +
                             std::to_string(version) + ", newer than the " +
                             std::to_string(latestSchemaVersion()) +
                             " this program knows; update MotCua Desk before opening it");
    throw StoreError(
        StoreError::Code::OpenFailed,
        "the database " + db.path() + " has schema version " + std::to_string(version) +
            ", which no MotCua Desk writes: it is not a ward database, or it is damaged; it was "
            "left as it is");
}

}  // namespace

int latestSchemaVersion() {
    return static_cast<int>(kMigrations.size());
}

int checkSchema(Database& db, bool mayCreate) {
    int version = 0;
    std::int64_t objects = 0;
    try {
        version = userVersion(db);
        if (version == 0) {
            Statement st(db, "SELECT count(*) FROM sqlite_master");
            st.step();
            objects = st.getInt(0);
        }
    } catch (const StoreError& e) {
        if (e.code() != StoreError::Code::Sql) throw;
        throw StoreError(StoreError::Code::OpenFailed,
                         db.path() + " is not a usable database: " + e.what(), e.sqliteCode());
    }
    if (version < 0 || version > latestSchemaVersion()) refuseVersion(db, version);
    if (version > 0) return version;
    // Version 0: nothing of ours was ever committed here (the first migration sets 1 in its
    // own transaction). Tables of another program's are left alone whatever the mode.
    if (objects > 0)
        throw StoreError(StoreError::Code::OpenFailed,
                         db.path() +
                             " is not a ward database: it is another program's SQLite database; it "
                             "was left as it is");
    if (!mayCreate)
        throw StoreError(
            StoreError::Code::NotInitialized,
            db.path() + " is not a ward database (it is empty); run `motcua init` to make it one");
    return 0;
}

void migrate(Database& db) {
    const int current = userVersion(db);
    if (current < 0 || current > latestSchemaVersion()) refuseVersion(db, current);
    for (int version = current + 1; version <= latestSchemaVersion(); ++version) {
        Transaction tx(db);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        const int now = userVersion(db);
        if (now < 0 || now > latestSchemaVersion()) refuseVersion(db, now);
        if (now >= version) continue;
        db.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

}  // namespace motcua::store
