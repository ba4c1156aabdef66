// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the store's outbox, pull and account parts take and give: plain values, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "motcua/core/date_time.h"
#include "motcua/core/op_state.h"

namespace motcua::store {

/// An outbox op as queued for the server.
struct OutboxOp {
    std::int64_t seq = 0;
    std::string opId;
    std::string deviceId;
    std::string kind;      ///< "dossier.intake", "dossier.action"
    std::string entityId;  ///< the dossier code
    int baseVersion = 0;
    std::string payload;  ///< JSON
    std::string author;   ///< the server account signed in when it was made; empty: none
    OpState state = OpState::Pending;
    LocalDateTime createdAt;
    std::string result;  ///< the server's answer (JSON), once there is one
};

/// The server's answer to one pushed outbox op.
struct OpResultRecord {
    std::string opId;
    OpState state = OpState::Applied;  ///< anything but Pending
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

}  // namespace motcua::store
