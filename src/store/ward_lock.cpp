// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/store/ward_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "motcua/store/store_error.h"

namespace motcua::store {

namespace {

std::string contents(int fd) {
    std::string text;
    char buffer[256];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buffer, sizeof buffer, at);
        if (n <= 0 || text.size() > 1024) break;
        text.append(buffer, static_cast<std::size_t>(n));
        at += n;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

WardLock WardLock::acquire(const std::string& dbPath, Mode mode, const std::string& holder) {
    const std::string path = lockPath(dbPath);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw StoreError(StoreError::Code::Io,
                         "cannot open the ward's lock file " + path + ": " + std::strerror(errno));
    int rc;
    do {
        rc = ::flock(fd, (mode == Mode::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        const int error = errno;
        const std::string who = contents(fd);
        ::close(fd);
        if (error != EWOULDBLOCK)
            throw StoreError(StoreError::Code::Io,
                             "cannot lock " + path + ": " + std::strerror(error));
        throw StoreError(
            StoreError::Code::Locked,
            "the ward " + dbPath + " is open in " +
                (who.empty() ? std::string("another motcua program") : who) +
                "; close it first (only one program may write a ward while a desk has it)");
    }
    if (mode == Mode::Exclusive) {
        const std::string line = holder + "\n";
        if (::ftruncate(fd, 0) != 0 ||
            ::pwrite(fd, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
            ::close(fd);
            throw StoreError(StoreError::Code::Io,
                             "cannot write " + path + ": " + std::strerror(errno));
        }
    }
    return WardLock(fd, mode);
}

WardLock::WardLock(WardLock&& other) noexcept : m_fd(other.m_fd), m_mode(other.m_mode) {
    other.m_fd = -1;
}

WardLock& WardLock::operator=(WardLock&& other) noexcept {
    if (this != &other) {
        this->~WardLock();
        m_fd = other.m_fd;
        m_mode = other.m_mode;
        other.m_fd = -1;
    }
    return *this;
}

WardLock::~WardLock() {
    if (m_fd < 0) return;
    if (m_mode == Mode::Exclusive && ::ftruncate(m_fd, 0) != 0) {
        // The name stays behind; harmless, as it is only read by a program turned away.
    }
    ::close(m_fd);  // closing the only descriptor of this open file description releases the flock
}

}  // namespace motcua::store
