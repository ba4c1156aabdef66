// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The exit codes of `motcua`, all in one place: a stable interface that scripts, the installer's
// checks and the tests rely on. `motcua --help` prints kExitCodeHelp; README.md points there.
#pragma once

#include <exception>
#include <string>

namespace motcua::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;       ///< wrong use of the command line (UsageError)
inline constexpr int kExitInvalid = 2;     ///< bad input: a value, a file's content, credentials
inline constexpr int kExitNotFound = 3;    ///< no such dossier, procedure or scanner
inline constexpr int kExitNotAllowed = 4;  ///< not allowed in the dossier's status, or done already
/// The database, a file or the token could not be used, including a ward that motcua-desk holds
/// (StoreError Locked) and a damaged database.
inline constexpr int kExitUnavailable = 5;
/// The server or the timestamp authority could not be reached or sync failed on its side:
/// nothing is lost, run it again later.
inline constexpr int kExitSync = 6;
/// 128 + the signal number: `sign` interrupted by SIGINT (130) or SIGTERM (143).
inline constexpr int kExitSignalBase = 128;

inline constexpr const char* kExitCodeHelp =
    "exit codes:\n"
    "  0    ok\n"
    "  1    usage: an unknown command or option, a missing value\n"
    "  2    invalid input (a bad value or file, wrong sync credentials; verify: a signature "
    "fails;\n"
    "       audit verify: the chain is broken; timestamp: the TSA's answer is refused or garbled)\n"
    "  3    not found (no such dossier, procedure or scanner)\n"
    "  4    not allowed in the dossier's current status (or the ward is initialised already)\n"
    "  5    the database, a file or the token could not be used: not a ward database, damaged\n"
    "       (audit verify runs SQLite's integrity check), held by motcua-desk, a wrong or locked "
    "PIN;\n"
    "       scan: the scanner is busy or jammed, its cover open or its feeder empty\n"
    "  6    the server or the TSA could not be reached, or sync failed on its side (nothing lost;\n"
    "       run it again later)\n"
    "  130  interrupted by SIGINT, 143 by SIGTERM (sign: after the current document)\n";

/// What an exception escaping a command means on the command line: the code name its `--json`
/// error carries and the exit code of the table above. Every command's failures end here, so a
/// kind of failure exits the same whichever command met it (Unauthorized: kExitInvalid; any
/// other SyncError: kExitSync).
struct Failure {
    std::string code;  ///< "NotFound", "Network", "Usage", "Internal", ...
    int exitCode = kExitUnavailable;
};
Failure failureOf(const std::exception& error);

}  // namespace motcua::cli
