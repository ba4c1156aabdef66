// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/files/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "fd.h"

namespace motcua::files {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
    throw FileError(path, error, what + " " + path + ": " + std::strerror(error));
}

}  // namespace

std::string readFile(const std::string& path) {
    const detail::Fd in{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) fail(path, "cannot read", errno);
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) fail(path, "cannot read", errno);
    if (S_ISDIR(st.st_mode)) fail(path, "cannot read", EISDIR);
    std::string out;
    if (st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in.fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(path, "cannot read", errno);
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

void appendSynced(const std::string& path, std::string_view bytes) {
    const detail::Fd out{::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)};
    if (out.fd < 0) fail(path, "cannot write", errno);
    if (const int error = detail::writeAll(out.fd, bytes)) fail(path, "cannot write", error);
    if (::fsync(out.fd) != 0) fail(path, "cannot sync", errno);
}

void syncFolder(const std::string& dir) {
    const detail::Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd < 0 || ::fsync(d.fd) != 0) fail(dir, "cannot sync folder", errno);
}

std::string contentPath(const std::string& folder, const std::string& sha256) {
    if (sha256.size() < 3) throw FileError(folder, EINVAL, "not a content hash: " + sha256);
    return (fs::path(folder) / sha256.substr(0, 2) / sha256.substr(2)).string();
}

std::string putByHash(const std::string& folder, const std::string& sha256,
                      const std::string& tempPath) {
    std::error_code ignored;
    try {
        const std::string target = contentPath(folder, sha256);
        const std::string dir = fs::path(target).parent_path().string();
        {
            const detail::Fd temp{::open(tempPath.c_str(), O_RDONLY | O_CLOEXEC)};
            if (temp.fd < 0) fail(tempPath, "cannot read", errno);
            if (::fsync(temp.fd) != 0) fail(tempPath, "cannot sync", errno);
        }
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) fail(dir, "cannot create folder", ec.value());
        // Content-addressed: a file already there holds the same bytes.
        struct stat existing {};
        if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
            fs::remove(tempPath, ignored);
            return target;
        }
        if (::rename(tempPath.c_str(), target.c_str()) != 0) fail(target, "cannot store", errno);
        syncFolder(dir);
        return target;
    } catch (...) {
        fs::remove(tempPath, ignored);
        throw;
    }
}

}  // namespace motcua::files
