// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A desk loses power at any moment: a child process taking intakes in a loop is killed with
// SIGKILL at random points, 200 times. Every intake it reported committed must be there with its
// outbox op, and the file, the audit chain and the all-or-none rule must hold.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;

namespace {

[[noreturn]] void intakeLoop(const std::string& path, int iteration, int out) {
    try {
        SystemClock clock;
        auto s = store::Store::open(path, false, clock);
        const Date day =
            Date{Days{Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{1}}} +
                 std::chrono::days{iteration}};
        for (int i = 0;; ++i) {
            auto r =
                intakeRequest(i % 2 ? "2.000815" : "1.004873",
                              WardFixture::applicant(i % 3 ? "Nguyễn Văn Đức" : "Phạm Thị Hương"));
            r.receivedAt = LocalDateTime::at(day, 8 + i % 8, i % 60);
            const auto d = s.dossiers().intake(r);
            const std::string line = d.code + "\n";
            if (::write(out, line.data(), line.size()) != ssize_t(line.size())) ::_exit(3);
        }
    } catch (...) {
        ::_exit(2);
    }
}

}  // namespace

TEST_CASE("intakes survive SIGKILL at random points: all or nothing, nothing lost",
          "[store][crash]") {
    WardFixture f;
    const std::string path = f.dir.file("ward.db");
    std::mt19937 rng(20260226);
    std::set<std::string> reported;
    int killedMidRun = 0;
    for (int iteration = 0; iteration < 200; ++iteration) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            intakeLoop(path, iteration, fds[1]);
        }
        ::close(fds[1]);
        // Wait for the child's first commit (start-up speed varies: a sanitizer build, a loaded
        // machine), then kill it at a random point of its intake loop.
        std::string data;
        char buffer[4096];
        pollfd ready{fds[0], POLLIN, 0};
        if (::poll(&ready, 1, 10000) > 0) {
            const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
            if (n > 0) data.append(buffer, std::size_t(n));
        }
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 40000)(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killedMidRun;
        INFO("child exit status " << status);
        CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));

        for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
            data.append(buffer, std::size_t(n));
        ::close(fds[0]);
        std::istringstream lines(data);
        for (std::string line; std::getline(lines, line);)
            if (lines.good() || data.back() == '\n') reported.insert(line);  // complete lines only
    }
    CHECK(killedMidRun == 200);
    INFO(reported.size() << " intakes reported committed");
    CHECK(reported.size() >= 200);  // every child committed before it was killed

    auto s = store::Store::open(path, false, f.clock);
    {
        store::Statement check(connectionOf(s), "PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.getText(0) == "ok");
    }
    CHECK(s.audit().verify().ok);
    for (const auto& code : reported) {
        INFO(code);
        REQUIRE(s.dossiers().findByCode(code));
        store::Statement op(
            connectionOf(s),
            "SELECT count(*) FROM outbox WHERE entity_id = ? AND kind = 'dossier.intake'");
        op.bind(1, code).step();
        CHECK(op.getInt(0) == 1);
    }
    // All or nothing: every dossier in the file has exactly its intake op and audit entry,
    // committed or not reported.
    auto count = [&](const char* sql) {
        store::Statement st(connectionOf(s), sql);
        st.step();
        return st.getInt(0);
    };
    const auto dossiers = count("SELECT count(*) FROM dossiers");
    CHECK(dossiers >= std::int64_t(reported.size()));
    CHECK(dossiers <= std::int64_t(reported.size()) + 200);  // at most one unreported per kill
    CHECK(count("SELECT count(*) FROM outbox WHERE kind = 'dossier.intake'") == dossiers);
    CHECK(count("SELECT count(*) FROM audit WHERE action = 'intake'") == dossiers);
    CHECK(count("SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM outbox o "
                "WHERE o.entity_id = d.code)") == 0);
    CHECK(count("SELECT count(*) FROM dossier_documents") >= dossiers * 2);
    // The store still takes work after all that.
    CHECK_NOTHROW(
        s.dossiers().intake({.procedureCode = "2.000815", .applicant = WardFixture::applicant()}));
}
