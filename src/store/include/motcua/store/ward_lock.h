// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// One program writes a ward at a time while a desk holds it. SQLite's own locks are POSIX
// record locks, which the process loses whenever any descriptor of the file is closed (a GTK
// file chooser sniffing the folder does that); another program then believes it is alone,
// checkpoints and deletes the WAL, and the desk goes on writing to deleted files. A flock on
// "<db>.lock" belongs to its own open file description, which nothing else in the process
// opens or closes, so it holds for as long as its owner keeps it.
#pragma once

#include <string>

namespace motcua::store {

class WardLock {
public:
    enum class Mode {
        Exclusive,  ///< the desk application, for its whole life
        Shared,     ///< a `motcua` command: several may run, never beside a desk
    };

    /// Takes the lock without waiting. An exclusive holder writes `holder` (e.g. "motcua-desk,
    /// pid 1234") into the lock file, so a program turned away can say who has the ward.
    /// Throws StoreError(Locked) naming the holder, (Io) when the lock file cannot be made.
    static WardLock acquire(const std::string& dbPath, Mode mode, const std::string& holder);

    WardLock(WardLock&& other) noexcept;
    WardLock& operator=(WardLock&& other) noexcept;
    WardLock(const WardLock&) = delete;
    WardLock& operator=(const WardLock&) = delete;
    ~WardLock();  ///< releases the lock (an exclusive holder first clears its name)

    static std::string lockPath(const std::string& dbPath) { return dbPath + ".lock"; }

private:
    WardLock(int fd, Mode mode) : m_fd(fd), m_mode(mode) {}
    int m_fd = -1;
    Mode m_mode = Mode::Shared;
};

}  // namespace motcua::store
