// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace motcua::files::detail {

/// Closes a file descriptor on scope exit.
struct Fd {
    explicit Fd(int descriptor) : fd(descriptor) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    int fd;
};

/// Writes all of `bytes`, retrying after EINTR and short writes. Returns 0 or the errno.
inline int writeAll(int fd, std::string_view bytes) {
    for (std::size_t written = 0; written < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        written += std::size_t(n);
    }
    return 0;
}

}  // namespace motcua::files::detail
