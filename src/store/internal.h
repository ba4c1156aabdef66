// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Pieces of the store shared between its source files; not part of the public API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "database.h"
#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/sha256.h"
#include "motcua/store/store.h"

namespace motcua::store {

/// Reads what the file holds before anything is written to it and returns its schema version
/// (0: an empty file, which only `mayCreate` accepts). Throws StoreError(OpenFailed) for a
/// file that is not a database, another program's database or a version no MotCua Desk
/// writes (negative), (NewerSchema) for a newer program's, (NotInitialized) for an empty file
/// when not `mayCreate`. Changes nothing either way.
int checkSchema(Database& db, bool mayCreate);
/// Brings the schema to the newest version, one transaction per migration.
/// Throws StoreError(NewerSchema) when the file was written by a newer program.
void migrate(Database& db);
int latestSchemaVersion();

/// One audit entry; appendAudit fills in seq, prev_hash and hash.
struct AuditRecord {
    std::string at;  ///< real commit time, ISO 8601 +07:00
    std::string actor;
    std::string action;  ///< "intake", "init", "catalog.import", or an action name
    std::optional<std::int64_t> dossierId;
    std::string entity;  ///< dossier code or other subject
    std::optional<std::string> fromStatus;
    std::optional<std::string> toStatus;
    std::string detail;  ///< JSON
};
/// Appends entries to the audit chain. Lives inside one transaction: it reads the chain's
/// head once and keeps its prepared statement for bulk appends.
class AuditLog {
public:
    explicit AuditLog(Database& db);
    void append(const AuditRecord& record);

private:
    Statement m_insert;
    std::int64_t m_lastSeq = 0;
    std::string m_lastHash;
};
/// One entry; must run inside the caller's transaction.
inline void appendAudit(Database& db, const AuditRecord& record) {
    AuditLog(db).append(record);
}
AuditCheck verifyAuditChain(Database& db);
/// The hash of an entry given its predecessor's; the format is fixed forever (it is what
/// `audit verify` recomputes).
std::string auditHash(std::string_view prevHash, std::int64_t seq, const AuditRecord& record);

/// Must run inside the caller's transaction. Returns the new op id.
std::string enqueueOutbox(Database& db, const std::string& deviceId, const std::string& kind,
                          const std::string& entityId, int baseVersion, const std::string& payload,
                          const std::string& createdAt);

/// Text indexed for search: the folded name, CCCD, code and procedure name.
std::string searchText(const Dossier& dossier);
/// An FTS5 MATCH expression of prefix terms for what a person typed, or "" if nothing to match.
std::string ftsQuery(std::string_view typed);

/// Reads a whole file; throws StoreError(Io).
std::string readFile(const std::string& path);

/// Removes the temporary files (".incoming-*") that copies into the blob folder abandoned when
/// their process was killed. A copy still running holds a lock on its file and is left alone.
/// Returns how many were removed; never throws.
int removeAbandonedIncoming(const std::string& blobDir);
/// Copies a file into the content-addressed folder (blobs/ab/cdef...) atomically: temp file,
/// fsync, rename, fsync of the folder. Returns the attachment with its hash and size.
Attachment storeBlob(const std::string& blobDir, const std::string& sourcePath);
/// Renames `from` to `to` (same folder tree) once its bytes hash to `sha256`, with fsyncs, or
/// removes it and throws StoreError(InvalidInput).
void moveVerifiedBlob(const std::string& from, const std::string& to, const std::string& sha256);

/// The server account of the person signed in at the desk ("" for a local account or none):
/// each op is recorded as theirs.
inline constexpr std::string_view kOfficerUsernameKey = "officer_username";
std::string settingValue(Database& db, std::string_view key);  ///< "" when absent
void setSetting(Database& db, std::string_view key, std::string_view value);

/// What the store reads back from its own rows and settings: a value that no longer parses
/// (the file was altered or damaged) throws StoreError(Damaged) naming `what`, never a
/// std:: or JSON library exception.
std::int64_t storedInteger(std::string_view text, std::string_view what);
nlohmann::json storedJson(const std::string& text, std::string_view what);
LocalDateTime storedTime(std::string_view text, std::string_view what);
/// Parses and validates catalog JSON; throws StoreError(InvalidInput) naming the entry.
std::vector<Procedure> parseCatalog(const std::string& json);
void writeProcedures(Database& db, const std::vector<Procedure>& procedures);
/// Parses the days-off table; throws StoreError(InvalidInput).
std::vector<std::pair<int, std::vector<CalendarOverride>>> parseCalendar(const std::string& json);
void writeCalendar(Database& db,
                   const std::vector<std::pair<int, std::vector<CalendarOverride>>>& years);

}  // namespace motcua::store
