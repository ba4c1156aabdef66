// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>

#include "motcua/files/files.h"
#include "support/temp_dir.h"

using motcua::test::readFileForTest;
using motcua::test::TempDir;
namespace files = motcua::files;
namespace fs = std::filesystem;

namespace {

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
    return n;
}

/// Runs `action`, expecting a FileError that names `path`; returns its errno.
template <class Action>
int fileErrorOf(Action&& action, const std::string& path) {
    try {
        action();
    } catch (const files::FileError& e) {
        CHECK_THAT(e.what(), Catch::Contains(path));
        CHECK(e.path() == path);
        return e.error();
    }
    FAIL("no FileError for " << path);
    return 0;
}

/// Runs `action` as an ordinary user (root ignores folder permissions: in a child that drops
/// to nobody); returns the errno of the FileError it threw, 0 if none, -1 if it died.
template <class Action>
int asUnprivileged(Action&& action) {
    const auto run = [&]() -> int {
        try {
            action();
        } catch (const files::FileError& e) {
            return e.error();
        }
        return 0;
    };
    if (::geteuid() != 0) return run();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(255);
        ::_exit(run());
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// A soft RLIMIT_FSIZE for the scope, with SIGXFSZ ignored so that a write past it fails with
/// EFBIG instead of killing the process: the disk-full case, without filling a disk.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_saved;
        limited.rlim_cur = bytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved{};
    void (*m_handler)(int) = SIG_DFL;
};

}  // namespace

TEST_CASE("an atomic write replaces the whole file and leaves no temporary", "[files]") {
    TempDir dir;
    const auto target = dir.write("out.pdf", "old contents");
    files::writeFileAtomically(target, "new contents");
    CHECK(readFileForTest(target) == "new contents");
    CHECK(entries(dir.path()) == 1);
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("an atomic write that is not committed leaves the old file", "[files]") {
    TempDir dir;
    const auto target = dir.write("out.pdf", "old contents");
    {
        files::AtomicFile file(target);
        file.write("half of the new");
        CHECK(fs::exists(file.tempPath()));
    }
    CHECK(readFileForTest(target) == "old contents");
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("atomic write failures name the path and leave nothing behind", "[files]") {
    TempDir dir;
    SECTION("a missing folder") {
        const auto target = dir.file("missing/out.pdf");
        CHECK(fileErrorOf([&] { files::writeFileAtomically(target, "x"); }, target) == ENOENT);
    }
    SECTION("under a regular file") {
        const auto target = dir.write("plain", "x") + "/out.pdf";
        CHECK(fileErrorOf([&] { files::writeFileAtomically(target, "x"); }, target) == ENOTDIR);
    }
    SECTION("renamed onto a folder") {
        const auto target = dir.file("folder");
        fs::create_directories(fs::path(target) / "inside");
        const int error = fileErrorOf([&] { files::writeFileAtomically(target, "x"); }, target);
        CHECK((error == EISDIR || error == ENOTEMPTY || error == EEXIST));
        CHECK(fs::is_directory(fs::path(target) / "inside"));
    }
    SECTION("a read-only folder") {
        const auto folder = dir.file("readonly");
        fs::create_directories(folder);
        fs::permissions(dir.path(),
                        fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
        fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
        const auto target = folder + "/out.pdf";
        CHECK(asUnprivileged([&] { files::writeFileAtomically(target, "x"); }) == EACCES);
        fs::permissions(folder, fs::perms::owner_all);
        CHECK(entries(folder) == 0);
    }
    SECTION("the disk is full (a file size limit)") {
        const auto target = dir.write("out.pdf", "old contents");
        int error = 0;
        {
            FileSizeLimit limit(4096);
            error = fileErrorOf([&] { files::writeFileAtomically(target, std::string(8192, 'x')); },
                                target);
        }
        CHECK(error == EFBIG);
        CHECK(readFileForTest(target) == "old contents");
    }
    CHECK(entries(dir.path()) <= 2);
    for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("a whole file is read, or the reason is given", "[files]") {
    TempDir dir;
    const std::string bytes = std::string("a\0b", 3) + std::string(200000, 'z');
    CHECK(files::readFile(dir.write("data.bin", bytes)) == bytes);
    CHECK(files::readFile(dir.write("empty", "")).empty());
    const auto missing = dir.file("missing");
    CHECK(fileErrorOf([&] { files::readFile(missing); }, missing) == ENOENT);
    const auto folder = dir.file("folder");
    fs::create_directories(folder);
    CHECK(fileErrorOf([&] { files::readFile(folder); }, folder) == EISDIR);
}

TEST_CASE("appended bytes are synced, and a full disk is reported", "[files]") {
    TempDir dir;
    const auto partial = dir.file("partial");
    files::appendSynced(partial, "abc");
    files::appendSynced(partial, "def");
    CHECK(readFileForTest(partial) == "abcdef");
    CHECK(fileErrorOf([] { files::appendSynced("/dev/full", "x"); }, "/dev/full") == ENOSPC);
    const auto under = dir.write("plain", "x") + "/partial";
    CHECK(fileErrorOf([&] { files::appendSynced(under, "x"); }, under) == ENOTDIR);
}

TEST_CASE("a content-addressed put places the file by its hash once", "[files]") {
    TempDir dir;
    const std::string sha = "ab" + std::string(62, 'c');
    const auto store = dir.file("blobs");
    const auto expected = (fs::path(store) / "ab" / std::string(62, 'c')).string();
    CHECK(files::contentPath(store, sha) == expected);

    CHECK(files::putByHash(store, sha, dir.write("incoming-1", "bytes")) == expected);
    CHECK(readFileForTest(expected) == "bytes");
    CHECK_FALSE(fs::exists(dir.file("incoming-1")));
    // The same hash again: the file there holds the same bytes; the temporary goes.
    CHECK(files::putByHash(store, sha, dir.write("incoming-2", "bytes")) == expected);
    CHECK_FALSE(fs::exists(dir.file("incoming-2")));

    SECTION("a folder in the way is an error, and the temporary is removed") {
        const std::string other = "cd" + std::string(62, 'e');
        fs::create_directories(fs::path(files::contentPath(store, other)) / "inside");
        const auto target = files::contentPath(store, other);
        fileErrorOf([&] { files::putByHash(store, other, dir.write("incoming-3", "x")); }, target);
        CHECK_FALSE(fs::exists(dir.file("incoming-3")));
    }
    SECTION("a missing temporary is an error") {
        const auto missing = dir.file("missing");
        CHECK(fileErrorOf([&] { files::putByHash(store, sha, missing); }, missing) == ENOENT);
    }
}

TEST_CASE("a layer keeps its own error type at its boundary", "[files]") {
    struct LayerError : std::runtime_error {
        LayerError(int c, const std::string& m) : std::runtime_error(m), code(c) {}
        int code;
    };
    TempDir dir;
    const auto missing = dir.file("missing");
    try {
        files::rethrowAs<LayerError>(7, [&] { return files::readFile(missing); });
        FAIL("no LayerError");
    } catch (const LayerError& e) {
        CHECK(e.code == 7);
        CHECK_THAT(e.what(), Catch::Contains("cannot read " + missing));
    }
    CHECK(files::rethrowAs<LayerError>(7, [&] { return files::readFile(dir.write("f", "ok")); }) ==
          "ok");
}
