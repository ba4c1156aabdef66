// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/store/accounts.h"
#include "motcua/store/audit.h"
#include "motcua/store/blobs.h"
#include "motcua/store/catalog.h"
#include "motcua/store/dossier_types.h"
#include "motcua/store/dossiers.h"
#include "motcua/store/outbox.h"
#include "motcua/store/pull.h"
#include "motcua/store/settings.h"
#include "motcua/store/store_error.h"
#include "motcua/store/sync_types.h"

namespace motcua::store {

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
    const Clock& clock() const;   ///< the clock every part stamps its changes with

    /// The parts, one per concept; each is a view of this Store, valid while it lives.
    Dossiers dossiers() { return Dossiers(*this); }
    Outbox outbox() { return Outbox(*this); }
    Pull pull() { return Pull(*this); }
    Accounts accounts() { return Accounts(*this); }
    DeskSettings settings() { return DeskSettings(*this); }
    Catalog catalog() { return Catalog(*this); }
    Blobs blobs() { return Blobs(*this); }
    Audit audit() { return Audit(*this); }

    /// SQLite's `PRAGMA integrity_check` over the whole file (it reads every page: seconds on
    /// a large ward). Returns what it reports, at most 100 lines; empty when the file is sound.
    /// Throws StoreError(Sql) when the damage stops the check itself.
    std::vector<std::string> integrityProblems();

private:
    struct Impl;  ///< the connection and the clock (store_impl.h)
    friend Impl& implOf(Store& store);
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::store
