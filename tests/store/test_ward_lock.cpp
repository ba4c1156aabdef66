// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The ward's lock holds for as long as its owner keeps it, whatever else the process opens and
// closes: the case that split a database when a file chooser sniffed the ward's folder.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "motcua/store/store_error.h"
#include "motcua/store/ward_lock.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::WardLock;

namespace {

/// The message of the StoreError(Locked) that acquiring throws; fails the test otherwise.
std::string refusal(const std::string& db, WardLock::Mode mode) {
    try {
        WardLock::acquire(db, mode, "motcua, pid 1");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::Locked);
        return e.what();
    }
    FAIL("the lock was granted");
    return {};
}

}  // namespace

TEST_CASE("a desk's lock on its ward survives any descriptor of the ward being closed",
          "[store][lock]") {
    WardFixture ward;  // the database and its WAL exist
    const std::string db = ward.dir.file("ward.db");
    {
        const WardLock desk =
            WardLock::acquire(db, WardLock::Mode::Exclusive, "motcua-desk, pid 4242");
        CHECK_THAT(refusal(db, WardLock::Mode::Shared), Catch::Contains("motcua-desk, pid 4242"));
        CHECK_THAT(refusal(db, WardLock::Mode::Exclusive), Catch::Contains("close it first"));
        // What GIO does when a file chooser shows the folder: open and close every file in it.
        for (const std::string& name : {db, db + "-wal", db + "-shm", WardLock::lockPath(db)}) {
            const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd >= 0) ::close(fd);
        }
        CHECK_THAT(refusal(db, WardLock::Mode::Shared), Catch::Contains("motcua-desk, pid 4242"));
    }
    // Released with the desk: commands may share the ward, and a desk cannot start beside them.
    {
        const WardLock first = WardLock::acquire(db, WardLock::Mode::Shared, "motcua, pid 1");
        const WardLock second = WardLock::acquire(db, WardLock::Mode::Shared, "motcua, pid 2");
        CHECK_THAT(refusal(db, WardLock::Mode::Exclusive),
                   Catch::Contains("another motcua program"));
    }
    CHECK_NOTHROW(WardLock::acquire(db, WardLock::Mode::Exclusive, "motcua-desk, pid 4243"));
}
