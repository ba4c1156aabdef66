// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/error.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::StoreError;

namespace {
std::string pragma(store::Database& db, const std::string& name) {
    store::Statement st(db, "PRAGMA " + name);
    st.step();
    return st.getText(0);
}
}  // namespace

TEST_CASE("a store opens with WAL, full sync, foreign keys and a busy timeout", "[store]") {
    WardFixture f;
    auto& db = connectionOf(f.store);
    CHECK(pragma(db, "journal_mode") == "wal");
    CHECK(pragma(db, "synchronous") == "2");  // FULL
    CHECK(pragma(db, "foreign_keys") == "1");
    CHECK(pragma(db, "busy_timeout") == "5000");
    CHECK(pragma(db, "user_version") == std::to_string(store::Store::schemaVersion()));
}

TEST_CASE("a database from a newer program is refused, untouched", "[store]") {
    TempDir dir;
    FixedClock clock(std::chrono::system_clock::time_point{});
    { store::Store::open(dir.file("ward.db"), true, clock); }
    {
        store::Database raw(dir.file("ward.db"), false);
        raw.exec("PRAGMA user_version = 99");
    }
    try {
        store::Store::open(dir.file("ward.db"), false, clock);
        FAIL("opened a newer database");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::NewerSchema);
        CHECK_THAT(e.what(), Catch::Contains("99") && Catch::Contains("update MotCua Desk"));
    }
    store::Database raw(dir.file("ward.db"), false);
    CHECK(pragma(raw, "user_version") == "99");
}

TEST_CASE("opening something that is not a database says so", "[store]") {
    TempDir dir;
    FixedClock clock(std::chrono::system_clock::time_point{});
    const auto path = dir.write("ward.db", std::string(4096, 'x'));
    try {
        store::Store::open(path, false, clock);
        FAIL("opened garbage");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::OpenFailed);
    }
    CHECK_THROWS_AS(store::Store::open(dir.file("missing/ward.db"), false, clock), StoreError);
}

TEST_CASE("init loads the shipped catalog and calendar once", "[store][init]") {
    WardFixture f;
    const auto settings = f.store.settings().ward();
    CHECK(settings.unitCode == "000.00.15.H30");
    CHECK(settings.deskNumber == 2);
    CHECK(settings.deviceId.size() == 36);
    CHECK(f.store.catalog().procedures().size() >= 9);
    const auto birth = f.store.catalog().procedure("1.001193");
    REQUIRE(birth);
    CHECK(birth->name == "Đăng ký khai sinh");
    CHECK(birth->effectiveLimit().cutoff == std::chrono::minutes(15 * 60));
    CHECK_FALSE(birth->documents.empty());
    const auto copies = f.store.catalog().procedure("2.000815");
    REQUIRE(copies);
    CHECK(copies->fee.compute({1, 5}).vnd == 7000);

    try {
        f.store.settings().initialize({"H30", "Khác", 1, "", "", ""},
                                      readResource("catalog/procedures.json"),
                                      readResource("calendar/vn-days-off.json"));
        FAIL("initialised twice");
    } catch (const StoreError& e) {
        CHECK(e.code() == StoreError::Code::AlreadyInitialized);
    }
    CHECK(f.store.settings().ward().unitName == "UBND phường Bồ Đề");
}

TEST_CASE("init with bad input changes nothing", "[store][init]") {
    TempDir dir;
    FixedClock clock(std::chrono::system_clock::time_point{});
    auto s = store::Store::open(dir.file("ward.db"), true, clock);
    const auto calendar = readResource("calendar/vn-days-off.json");
    CHECK_THROWS_AS(
        s.settings().initialize({"H30", "Phường", 1, "", "", ""}, "{not json", calendar),
        StoreError);
    CHECK_THROWS_AS(
        s.settings().initialize({"H30", "Phường", 1, "", "", ""}, R"({"procedures":[]})", calendar),
        StoreError);
    CHECK_THROWS_AS(
        s.settings().initialize(
            {"H30", "Phường", 1, "", "", ""},
            R"({"procedures":[{"code":"1.2","name":"x","time_limit":{"unit":"same_day"}}]})",
            calendar),
        StoreError);
    CHECK_THROWS_AS(s.settings().initialize({"H-30", "Phường", 1, "", "", ""},
                                            readResource("catalog/procedures.json"), calendar),
                    Error);
    CHECK_THROWS_AS(s.settings().initialize({"H30", "Phường", 10, "", "", ""},
                                            readResource("catalog/procedures.json"), calendar),
                    Error);
    CHECK_FALSE(s.settings().isInitialized());
    CHECK(s.catalog().procedures().empty());
    CHECK(s.audit().verify().entries == 0);
}

TEST_CASE("the shipped calendar table gives the 2025 and 2026 days off", "[store][calendar]") {
    WardFixture f;
    const auto cal = f.store.catalog().calendar();
    auto day = [](int y, unsigned m, unsigned d) {
        return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    };
    for (unsigned d = 27; d <= 31; ++d) CHECK_FALSE(cal.isWorkingDay(day(2025, 1, d)));
    CHECK(cal.isWorkingDay(day(2025, 2, 8)));   // Saturday worked for the Tết swap
    CHECK(cal.isWorkingDay(day(2025, 4, 26)));  // Saturday worked for Friday 2 May
    CHECK_FALSE(cal.isWorkingDay(day(2025, 5, 2)));
    CHECK_FALSE(cal.isWorkingDay(day(2025, 4, 7)));  // Hùng Kings
    for (unsigned d = 16; d <= 20; ++d) CHECK_FALSE(cal.isWorkingDay(day(2026, 2, d)));
    CHECK(cal.isWorkingDay(day(2026, 2, 23)));
    CHECK_FALSE(cal.isWorkingDay(day(2026, 4, 27)));  // Hùng Kings on Sunday, made up Monday
    CHECK(cal.isWorkingDay(day(2026, 4, 28)));
}

TEST_CASE("catalog import replaces procedures, and a bad file changes nothing",
          "[store][catalog]") {
    WardFixture f;
    const auto audit = f.store.audit().verify().entries;
    CHECK(f.store.catalog().importCatalog(
              R"({"procedures":[{"code":"2.000635","name":"Cấp bản sao trích lục hộ tịch",
        "time_limit":{"unit":"working_days","value":2},"fee":{"kind":"per_copy","amount":10000},
        "documents":[{"name":"Tờ khai","form":"original","count":1}]}]})") == 1);
    auto p = f.store.catalog().procedure("2.000635");
    REQUIRE(p);
    CHECK(p->limit.unit == TimeLimit::Unit::WorkingDays);
    CHECK(p->fee.amount.vnd == 10000);
    CHECK(p->documents.size() == 1);
    CHECK(f.store.audit().verify().entries == audit + 1);

    CHECK_THROWS_AS(f.store.catalog().importCatalog(R"({"procedures":[{"code":"2.000635","name":"X",
        "time_limit":{"unit":"working_days","value":1}},{"code":"bad","name":"Y","time_limit":{"unit":"same_day"}}]})"),
                    StoreError);
    CHECK(f.store.catalog().procedure("2.000635")->name == "Cấp bản sao trích lục hộ tịch");
    CHECK(f.store.catalog().procedures("trich luc").size() == 1);
    CHECK(f.store.catalog().procedures("CHỨNG THỰC").size() == 1);
}

TEST_CASE("local accounts: only a verifier is stored, sign-in checks it and is audited",
          "[store][accounts]") {
    WardFixture f;
    f.store.accounts().add("Lê Văn Tâm", "bí mật 123");
    CHECK(f.store.accounts().localNames() == std::vector<std::string>{"Lê Văn Tâm"});
    store::Statement st(connectionOf(f.store), "SELECT verifier FROM local_accounts");
    REQUIRE(st.step());
    CHECK_THAT(st.getText(0), Catch::StartsWith("pbkdf2-sha256$"));
    CHECK_THAT(st.getText(0), !Catch::Contains("bí mật"));

    CHECK_FALSE(f.store.accounts().signIn("Lê Văn Tâm", "bí mật 12"));
    CHECK(f.store.settings().ward().officerName == "Trần Thị Bình");
    CHECK_FALSE(f.store.accounts().signIn("Người lạ", "bí mật 123"));
    CHECK(f.store.accounts().signIn("Lê Văn Tâm", "bí mật 123"));
    CHECK(f.store.settings().ward().officerName == "Lê Văn Tâm");
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'officer.sign_in_failed'") == 2);
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'officer.sign_in'") == 1);
    CHECK(f.store.audit().verify().ok);

    CHECK_THROWS_AS(f.store.accounts().add("Lê Văn Tâm", "khác 123456"), StoreError);
    CHECK_THROWS_AS(f.store.accounts().add("Ai đó", "12345"), Error);
    CHECK_THROWS_AS(f.store.accounts().add("  ", "1234567"), Error);
    CHECK(f.store.accounts().localNames().size() == 1);
}

TEST_CASE("a local account's password is changed only with the current one, and audited",
          "[store][accounts]") {
    WardFixture f;
    f.store.accounts().add("Lê Văn Tâm", "bí mật 123");
    CHECK_FALSE(f.store.accounts().changePassword("Lê Văn Tâm", "sai", "mới hơn 456"));
    CHECK_FALSE(f.store.accounts().changePassword("Người lạ", "bí mật 123", "mới hơn 456"));
    CHECK_THROWS_AS(f.store.accounts().changePassword("Lê Văn Tâm", "bí mật 123", "12345"), Error);
    CHECK(f.store.accounts().signIn("Lê Văn Tâm", "bí mật 123"));  // nothing changed so far
    CHECK(f.store.accounts().changePassword("Lê Văn Tâm", "bí mật 123", "mới hơn 456"));
    CHECK_FALSE(f.store.accounts().signIn("Lê Văn Tâm", "bí mật 123"));
    CHECK(f.store.accounts().signIn("Lê Văn Tâm", "mới hơn 456"));
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'account.password_changed'") == 1);
    CHECK(f.count("SELECT count(*) FROM audit WHERE action = 'account.password_change_refused'") ==
          2);
    CHECK(f.store.audit().verify().ok);
}
