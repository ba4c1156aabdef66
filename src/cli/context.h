// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/store/store.h"
#include "motcua/store/ward_lock.h"

namespace motcua::cli {

/// What every command gets: the global options and where to write.
struct Context {
    std::string dbPath;
    bool json = false;
    std::string resourceDir;
    const Clock* clock = nullptr;
    std::ostream* out = nullptr;
    std::ostream* err = nullptr;

    /// Opens the ward, first taking its lock shared for the rest of the command: a desk that
    /// has the ward turns the command away (StoreError(Locked), exit 5), whatever the desk's
    /// libraries do to the database's own locks. Commands that only read open it with
    /// OpenMode::Read, which refuses a file that is not a ward database and changes nothing.
    store::Store openStore(store::OpenMode mode = store::OpenMode::Write) const;
    mutable std::shared_ptr<store::WardLock> wardLock;
};

using Command = int (*)(const Context&, const std::vector<std::string>& args);

int cmdInit(const Context&, const std::vector<std::string>&);
int cmdCatalog(const Context&, const std::vector<std::string>&);
int cmdIntake(const Context&, const std::vector<std::string>&);
int cmdList(const Context&, const std::vector<std::string>&);
int cmdInbox(const Context&, const std::vector<std::string>&);
int cmdShow(const Context&, const std::vector<std::string>&);
int cmdAct(const Context&, const std::vector<std::string>&);
int cmdEdit(const Context&, const std::vector<std::string>&);
int cmdDueDate(const Context&, const std::vector<std::string>&);
int cmdOutbox(const Context&, const std::vector<std::string>&);
int cmdAudit(const Context&, const std::vector<std::string>&);
int cmdDemo(const Context&, const std::vector<std::string>&);
int cmdAccount(const Context&, const std::vector<std::string>&);
int cmdPrint(const Context&, const std::vector<std::string>&);
int cmdRegister(const Context&, const std::vector<std::string>&);
int cmdToken(const Context&, const std::vector<std::string>&);
int cmdSign(const Context&, const std::vector<std::string>&);
int cmdSignCms(const Context&, const std::vector<std::string>&);
int cmdVerify(const Context&, const std::vector<std::string>&);
int cmdSync(const Context&, const std::vector<std::string>&);
int cmdSettings(const Context&, const std::vector<std::string>&);
int cmdTimestamp(const Context&, const std::vector<std::string>&);

/// The default database: $MOTCUA_DB, else $XDG_DATA_HOME/motcua/ward.db, else
/// ~/.local/share/motcua/ward.db.
std::string defaultDbPath();

}  // namespace motcua::cli
