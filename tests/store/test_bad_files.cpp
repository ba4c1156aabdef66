// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Files that are not a sound ward database: a schema version no MotCua Desk writes, another
// program's database, an empty file, a rollback-journal file, a damaged index, and the
// temporary files a process killed in the middle of an intake leaves in the blob folder.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <climits>
#include <filesystem>
#include <fstream>
#include <functional>

#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::OpenMode;
using store::StoreError;

namespace {

constexpr OpenMode kModes[] = {OpenMode::Read, OpenMode::Write, OpenMode::Create};

std::string pragma(store::Database& db, const std::string& name) {
    store::Statement st(db, "PRAGMA " + name);
    st.step();
    return st.getText(0);
}

/// The files next to `path` whose names start with its own (the database, -wal, -shm, -journal).
std::vector<std::string> databaseFiles(const std::string& path) {
    std::vector<std::string> names;
    const auto base = std::filesystem::path(path).filename().string();
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        if (const auto name = entry.path().filename().string();
            name.rfind(base, 0) == 0 && name != base + ".lock")
            names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

/// Opening `path` in every mode throws `expected`, and leaves it byte for byte as it was.
void checkRefusedUnchanged(const std::string& path, StoreError::Code expected,
                           const FixedClock& clock) {
    const std::string before = readFileForTest(path);
    const auto filesBefore = databaseFiles(path);
    for (const auto mode : kModes) {
        INFO("mode " << static_cast<int>(mode));
        try {
            store::Store::open(path, mode, clock);
            FAIL("opened it");
        } catch (const StoreError& e) {
            CHECK(e.code() == expected);
            CHECK_THAT(e.what(), Catch::Contains(path));
        }
        CHECK(readFileForTest(path) == before);
        CHECK(databaseFiles(path) == filesBefore);
    }
}

/// A ward database with `version` written over its schema version, in `journalMode`.
std::string wardWithVersion(const TempDir& dir, const FixedClock& clock, int version,
                            const std::string& journalMode = "wal") {
    const auto path = dir.file("ward.db");
    { store::Store::open(path, true, clock); }
    store::Database raw(path, false);
    raw.exec("PRAGMA journal_mode = " + journalMode);
    raw.exec("PRAGMA user_version = " + std::to_string(version));
    return path;
}

}  // namespace

TEST_CASE("a schema version no MotCua Desk writes is refused, the file left byte for byte",
          "[store][open]") {
    FixedClock clock(std::chrono::system_clock::time_point{});
    for (const int version : {-1, -2, INT_MIN}) {
        INFO("version " << version);
        TempDir dir;
        const auto path = wardWithVersion(dir, clock, version);
        checkRefusedUnchanged(path, StoreError::Code::OpenFailed, clock);
        try {
            store::Store::open(path, false, clock);
        } catch (const StoreError& e) {
            CHECK_THAT(e.what(), Catch::Contains(std::to_string(version)) &&
                                     Catch::Contains("not a ward database"));
        }
    }
    for (const int version : {store::Store::schemaVersion() + 1, INT_MAX}) {
        INFO("version " << version);
        TempDir dir;
        checkRefusedUnchanged(wardWithVersion(dir, clock, version), StoreError::Code::NewerSchema,
                              clock);
    }
}

TEST_CASE("a file in rollback-journal mode is checked before it is switched to WAL",
          "[store][open]") {
    FixedClock clock(std::chrono::system_clock::time_point{});
    SECTION("a bad version in rollback-journal mode stays as it is") {
        TempDir dir;
        const auto path = wardWithVersion(dir, clock, -1, "delete");
        checkRefusedUnchanged(path, StoreError::Code::OpenFailed, clock);
        store::Database raw(path, false, store::JournalMode::Unchanged);
        CHECK(pragma(raw, "journal_mode") == "delete");
    }
    SECTION("another program's database is left alone, journal mode and all") {
        TempDir dir;
        const auto path = dir.file("ward.db");
        {
            store::Database raw(path, true);
            raw.exec("PRAGMA journal_mode = delete");
            raw.exec(
                "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos "
                "(name) VALUES ('a')");
        }
        checkRefusedUnchanged(path, StoreError::Code::OpenFailed, clock);
        try {
            store::Store::open(path, true, clock);
        } catch (const StoreError& e) {
            CHECK_THAT(e.what(), Catch::Contains("not a ward database"));
        }
    }
    SECTION(
        "a ward database in rollback-journal mode is read as it is, and switched when written") {
        TempDir dir;
        const auto path = wardWithVersion(dir, clock, store::Store::schemaVersion(), "delete");
        {
            auto s = store::Store::open(path, OpenMode::Read, clock);
            CHECK(pragma(connectionOf(s), "journal_mode") == "delete");
            CHECK_FALSE(s.settings().isInitialized());
        }
        auto s = store::Store::open(path, OpenMode::Write, clock);
        CHECK(pragma(connectionOf(s), "journal_mode") == "wal");
    }
}

TEST_CASE("an empty file becomes a ward database only when one is created", "[store][open]") {
    TempDir dir;
    FixedClock clock(std::chrono::system_clock::time_point{});
    const auto path = dir.write("ward.db", "");
    for (const auto mode : {OpenMode::Read, OpenMode::Write}) {
        try {
            store::Store::open(path, mode, clock);
            FAIL("opened an empty file");
        } catch (const StoreError& e) {
            CHECK(e.code() == StoreError::Code::NotInitialized);
            CHECK_THAT(e.what(), Catch::Contains("not a ward database"));
        }
        CHECK(std::filesystem::file_size(path) == 0);
        CHECK(databaseFiles(path) == std::vector<std::string>{"ward.db"});
    }
    auto s = store::Store::open(path, OpenMode::Create, clock);
    CHECK(pragma(connectionOf(s), "user_version") == std::to_string(store::Store::schemaVersion()));
    CHECK(pragma(connectionOf(s), "journal_mode") == "wal");
}

TEST_CASE("the integrity check reports a damaged index the store's own reads never touch",
          "[store][integrity]") {
    WardFixture f;
    for (int i = 0; i < 3; ++i) f.intake();
    CHECK(f.store.integrityProblems().empty());
    { const auto closed = std::move(f.store); }  // the last connection checkpoints: no -wal left
    const auto path = f.dir.file("ward.db");
    std::int64_t root = 0, pageSize = 0;
    {
        store::Database raw(path, false);
        store::Statement st(
            raw, "SELECT rootpage FROM sqlite_master WHERE name = 'dossiers_by_received'");
        REQUIRE(st.step());
        root = st.getInt(0);
        pageSize = std::stoll(pragma(raw, "page_size"));
    }
    REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
    // An empty index leaf over the index's root: a well-formed page that has lost every entry.
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp((root - 1) * pageSize);
        std::string page(static_cast<std::size_t>(pageSize), '\0');
        page[0] = 0x0a;  // leaf index b-tree page, no cells
        page[5] = static_cast<char>((pageSize >> 8) & 0xff);
        page[6] = static_cast<char>(pageSize & 0xff);
        file.write(page.data(), static_cast<std::streamsize>(page.size()));
    }
    auto s = store::Store::open(path, OpenMode::Read, f.clock);
    CHECK(s.audit().verify().ok);  // the chain alone does not see it
    const auto problems = s.integrityProblems();
    REQUIRE_FALSE(problems.empty());
    CHECK_THAT(problems.front(), Catch::Contains("dossiers_by_received"));
}

TEST_CASE("a value the store wrote that no longer reads back is a StoreError naming it",
          "[store][integrity]") {
    WardFixture f;
    f.intake();
    const auto damaged = [&](const std::function<void()>& read) {
        try {
            read();
            FAIL("read a damaged value");
        } catch (const StoreError& e) {
            return std::pair{e.code(), std::string(e.what())};
        }
        return std::pair{StoreError::Code::Sql, std::string()};
    };
    connectionOf(f.store).exec("UPDATE settings SET value = 'two' WHERE key = 'desk_number'");
    const auto desk = damaged([&] { f.store.settings().ward(); });
    CHECK(desk.first == StoreError::Code::Damaged);
    CHECK_THAT(desk.second, Catch::Contains("desk number") && Catch::Contains("two"));
    connectionOf(f.store).exec("UPDATE settings SET value = '1' WHERE key = 'desk_number'");

    connectionOf(f.store).exec(
        "INSERT OR REPLACE INTO settings (key, value) VALUES ('sync.pull_cursor', '7x')");
    const auto cursor = damaged([&] { f.store.pull().cursor(); });
    CHECK(cursor.first == StoreError::Code::Damaged);
    CHECK_THAT(cursor.second, Catch::Contains("pull cursor"));
}

namespace {

std::vector<std::string> incomingFiles(const std::string& blobDir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(blobDir, ec))
        if (const auto name = entry.path().filename().string(); name.rfind(".incoming-", 0) == 0)
            names.push_back(name);
    return names;
}

/// Runs an intake of `attachment` in a child process that the kernel kills (SIGXFSZ) once it
/// has written 64 KiB of the attachment's copy: a desk losing power in the middle of an intake.
void intakeKilledMidCopy(const std::string& dbPath, const std::string& attachment) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        try {
            SystemClock clock;
            auto s = store::Store::open(dbPath, false, clock);
            const rlimit noCore{0, 0}, small{64 * 1024, 64 * 1024};
            ::setrlimit(RLIMIT_CORE, &noCore);
            ::setrlimit(RLIMIT_FSIZE, &small);
            auto r = intakeRequest("2.000815", WardFixture::applicant());
            r.attachmentPaths = {attachment};
            s.dossiers().intake(r);
        } catch (...) {
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGXFSZ);
}

}  // namespace

TEST_CASE("an intake killed while it copies an attachment leaves nothing behind a writer's open",
          "[store][blobs]") {
    WardFixture f;
    const auto scan = f.dir.write("scan.pdf", std::string(1 << 20, 'p'));
    const auto blobDir = f.store.blobDir();
    intakeKilledMidCopy(f.dir.file("ward.db"), scan);
    REQUIRE(incomingFiles(blobDir).size() == 1);
    CHECK(f.count("SELECT count(*) FROM dossiers") == 0);

    // A reader leaves the folder alone; the next open for writing clears it.
    { store::Store::open(f.dir.file("ward.db"), OpenMode::Read, f.clock); }
    CHECK(incomingFiles(blobDir).size() == 1);
    { store::Store::open(f.dir.file("ward.db"), OpenMode::Write, f.clock); }
    CHECK(incomingFiles(blobDir).empty());

    // A copy still running holds its file locked and keeps it.
    const auto running = std::filesystem::path(blobDir) / ".incoming-still-copying";
    const int fd = ::open(running.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    { store::Store::open(f.dir.file("ward.db"), OpenMode::Write, f.clock); }
    CHECK(std::filesystem::exists(running));
    ::close(fd);
    { store::Store::open(f.dir.file("ward.db"), OpenMode::Write, f.clock); }
    CHECK_FALSE(std::filesystem::exists(running));
    // Downloads in progress resume later; they are not abandoned copies.
    const auto download = f.store.blobs().partialPath(std::string(64, 'a'));
    f.dir.write(std::filesystem::relative(download, f.dir.path()).string(), "half");
    { store::Store::open(f.dir.file("ward.db"), OpenMode::Write, f.clock); }
    CHECK(std::filesystem::exists(download));

    // The intake itself works as before.
    auto r = intakeRequest("2.000815", WardFixture::applicant());
    r.attachmentPaths = {scan};
    CHECK(f.store.dossiers().intake(r).attachments.size() == 1);
    CHECK(incomingFiles(blobDir).empty());
}
