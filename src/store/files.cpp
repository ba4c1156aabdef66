// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "internal.h"
#include "motcua/files/files.h"
#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/sha256.h"
#include "motcua/core/uuid.h"

namespace motcua::store {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void ioError(const std::string& what, const std::string& path) {
    throw StoreError(StoreError::Code::Io, what + " " + path + ": " + std::strerror(errno));
}

/// Reads up to `size` bytes, again when a signal interrupts the read; 0 at the end of the file.
/// Throws StoreError (Io) with `what` and `path` on a read error.
std::size_t readSome(int fd, char* buffer, std::size_t size, const std::string& what,
                     const std::string& path) {
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) ioError(what, path);
    }
}

/// Closes a file descriptor on scope exit.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

/// The files library's write and sync steps, with their errors as the store's own.
template <class Io>
decltype(auto) storeIo(Io&& io) {
    return files::rethrowAs<StoreError>(StoreError::Code::Io, std::forward<Io>(io));
}

constexpr std::string_view kIncomingPrefix = ".incoming-";

/// Creates a temporary file in `blobDir` and holds an exclusive flock on it while it is
/// written, so that removeAbandonedIncoming() can tell a copy in progress (locked) from one a
/// killed process left (the kernel dropped its lock). A cleaner may take a new file between
/// its creation and our lock; then the name no longer leads to our file and we take another.
/// Returns the open descriptor, for the caller's Fd.
int createIncoming(const std::string& blobDir, fs::path& temp) {
    for (;;) {
        temp = fs::path(blobDir) / (std::string(kIncomingPrefix) + newUuid());
        Fd out{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
        if (out.fd < 0) ioError("cannot write", temp.string());
        while (::flock(out.fd, LOCK_EX) != 0)
            if (errno != EINTR) ioError("cannot lock", temp.string());
        struct stat opened {
        }, named{};
        if (::fstat(out.fd, &opened) == 0 && ::stat(temp.c_str(), &named) == 0 &&
            opened.st_dev == named.st_dev && opened.st_ino == named.st_ino)
            return std::exchange(out.fd, -1);
    }
}

}  // namespace

int removeAbandonedIncoming(const std::string& blobDir) {
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(blobDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(kIncomingPrefix, 0) != 0) continue;
        Fd file{::open(it->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)};
        if (file.fd < 0 || ::flock(file.fd, LOCK_EX | LOCK_NB) != 0)
            continue;  // still being written
        if (::unlink(it->path().c_str()) == 0) ++removed;
    }
    return removed;
}

std::string readFile(const std::string& path) {
    return storeIo([&] { return files::readFile(path); });
}

Attachment storeBlob(const std::string& blobDir, const std::string& sourcePath) {
    std::error_code ec;
    if (!fs::is_regular_file(sourcePath, ec))
        throw StoreError(StoreError::Code::Io,
                         "attachment " + sourcePath + " is not a readable file");
    const std::string fileName = fs::path(sourcePath).filename().string();
    limits::checkText("the file name " + fileName, fileName, limits::kFileNameBytes);
    if (const auto size = fs::file_size(sourcePath, ec);
        !ec && size > static_cast<std::uintmax_t>(limits::kBlobBytes))
        throw Error(Errc::FieldTooLong, "the file " + fileName + " is " +
                                            std::to_string(size >> 20) + " MiB; at most " +
                                            std::to_string(limits::kBlobBytes >> 20) +
                                            " MiB can be attached");
    Fd in{::open(sourcePath.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) ioError("cannot read attachment", sourcePath);

    fs::create_directories(blobDir, ec);
    if (ec)
        throw StoreError(StoreError::Code::Io, "cannot create " + blobDir + ": " + ec.message());
    fs::path temp;
    Fd out{createIncoming(blobDir, temp)};

    Sha256 hash;
    std::int64_t size = 0;
    char buffer[1 << 16];
    try {
        while (const std::size_t n =
                   readSome(in.fd, buffer, sizeof buffer, "cannot read attachment", sourcePath)) {
            hash.update(buffer, n);
            size += static_cast<std::int64_t>(n);
            if (size > limits::kBlobBytes)
                throw Error(Errc::FieldTooLong, "the file " + fileName + " grew past " +
                                                    std::to_string(limits::kBlobBytes >> 20) +
                                                    " MiB while it was copied");
            for (std::size_t written = 0; written < n;) {
                const ssize_t w = ::write(out.fd, buffer + written, n - written);
                if (w < 0) {
                    if (errno == EINTR) continue;
                    ioError("cannot write", temp.string());
                }
                written += static_cast<std::size_t>(w);
            }
        }
        if (::fsync(out.fd) != 0) ioError("cannot sync", temp.string());
    } catch (...) {
        fs::remove(temp, ec);
        throw;
    }
    const std::string hex = toHex(hash.finish());
    // Content-addressed: a blob already there holds the same bytes, and the copy goes.
    storeIo([&] { return files::putByHash(blobDir, hex, temp.string()); });
    return Attachment{hex, fileName, size};
}

void moveVerifiedBlob(const std::string& from, const std::string& to, const std::string& sha256) {
    Fd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) ioError("cannot read", from);
    Sha256 hash;
    char buffer[1 << 16];
    while (const std::size_t n = readSome(in.fd, buffer, sizeof buffer, "cannot read", from))
        hash.update(buffer, n);
    std::error_code ec;
    if (toHex(hash.finish()) != sha256) {
        fs::remove(from, ec);
        throw StoreError(StoreError::Code::InvalidInput,
                         "the bytes received for blob " + sha256 + " do not match its hash");
    }
    if (::fsync(in.fd) != 0) ioError("cannot sync", from);
    fs::rename(from, to, ec);
    if (ec)
        throw StoreError(StoreError::Code::Io, "cannot store blob " + sha256 + ": " + ec.message());
    storeIo([&] { files::syncFolder(fs::path(to).parent_path().string()); });
}

}  // namespace motcua::store
