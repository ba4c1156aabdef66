// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "motcua/core/sha256.h"
#include "motcua/demo/demo.h"
#include "store_fixture.h"

using namespace motcua;
using namespace motcua::test;
using store::StoreError;

namespace {
std::set<std::string> codesFor(store::Store& s, const std::string& search) {
    std::set<std::string> codes;
    for (const auto& d : s.dossiers().list({.search = search, .limit = 100})) codes.insert(d.code);
    return codes;
}
}  // namespace

TEST_CASE("search ignores tone marks, case and đ, and matches prefixes", "[store][search]") {
    WardFixture f;
    const auto duc = f.intake("2.000815", "Nguyễn Văn Đức").code;
    const auto duc2 = f.intake("1.001193", "NGUYỄN VĂN ĐỨC").code;
    const auto hoa = f.intake("2.000635", "Lê Thị Hoa").code;
    f.intake("1.004873", "Nguyễn Văn Dũng");

    const std::set<std::string> both{duc, duc2};
    CHECK(codesFor(f.store, "nguyen van duc") == both);
    CHECK(codesFor(f.store, "Nguyễn Văn Đức") == both);
    CHECK(codesFor(f.store, "NGUYEN VAN DUC") == both);
    CHECK(codesFor(f.store, "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n \xC4\x90u\xCC\x9B\xCC\x81\x63") ==
          both);                                        // NFD
    CHECK(codesFor(f.store, "nguy v du").size() == 3);  // prefixes: Đức, Đức, Dũng
    CHECK(codesFor(f.store, "hoa") == std::set<std::string>{hoa});
    CHECK(codesFor(f.store, "trich luc") == std::set<std::string>{hoa});
    CHECK(codesFor(f.store, "0010990").size() == 4);  // CCCD prefix
    CHECK(codesFor(f.store, hoa) == std::set<std::string>{hoa});
    CHECK(codesFor(f.store, "nguyen thi").empty());
    CHECK(codesFor(f.store, "\"*) OR (").size() == 0);  // FTS syntax is never passed through
    CHECK(f.store.dossiers().list({.search = "   "}).size() == 4);  // nothing to match: everything
    CHECK(f.store.dossiers().list({.status = DossierStatus::Received, .search = "hoa"}).size() ==
          1);
    CHECK(f.store.dossiers().list({.status = DossierStatus::InProgress, .search = "hoa"}).empty());
}

TEST_CASE("list filters by receipt date and returns newest first", "[store][search]") {
    WardFixture f;
    for (int day : {2, 3, 4}) {
        auto r = intakeRequest("1.004873", WardFixture::applicant());
        r.receivedAt = LocalDateTime::at(
            Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{unsigned(day)}},
            10, 0);
        f.store.dossiers().intake(r);
    }
    const auto all = f.store.dossiers().list({});
    REQUIRE(all.size() == 3);
    CHECK(all.front().code == "000.00.15.H30-260304-2001");
    const Date d3{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{3}};
    CHECK(f.store.dossiers().list({.receivedFrom = d3, .receivedTo = d3}).size() == 1);
    CHECK(f.store.dossiers().list({.receivedFrom = d3}).size() == 2);
    CHECK(f.store.dossiers().list({.limit = 2}).size() == 2);
}

TEST_CASE("the audit chain detects an altered, removed or reordered entry", "[store][audit]") {
    WardFixture f;
    for (int i = 0; i < 5; ++i) f.intake();
    REQUIRE(f.store.audit().verify().ok);
    const auto entries = f.store.audit().verify().entries;
    CHECK(entries == 6);  // init + 5 intakes

    auto& db = connectionOf(f.store);
    SECTION("altered detail") {
        db.exec("UPDATE audit SET detail = replace(detail, 'Đức', 'Dục') WHERE seq = 3");
        const auto check = f.store.audit().verify();
        CHECK_FALSE(check.ok);
        CHECK(check.firstBrokenSeq == 3);
    }
    SECTION("altered actor") {
        db.exec("UPDATE audit SET actor = 'x' WHERE seq = 4");
        CHECK(f.store.audit().verify().firstBrokenSeq == 4);
    }
    SECTION("removed entry") {
        db.exec("DELETE FROM audit WHERE seq = 2");
        CHECK(f.store.audit().verify().firstBrokenSeq == 3);
    }
    SECTION("the last entry removed is only visible from outside the chain") {
        db.exec("DELETE FROM audit WHERE seq = 6");
        CHECK(f.store.audit().verify().ok);
        CHECK(f.store.audit().verify().entries == entries - 1);
    }
}

TEST_CASE("attachments are stored once by content hash, atomically", "[store][blobs]") {
    WardFixture f;
    const std::string content = "%PDF-1.7 bản scan giấy khai sinh\n" + std::string(200000, 'z');
    const auto scan = f.dir.write("giay-khai-sinh.pdf", content);
    auto r = intakeRequest("1.001193", WardFixture::applicant());
    r.attachmentPaths = {scan, scan};
    const auto d = f.store.dossiers().intake(r);
    const auto loaded = f.store.dossiers().findByCode(d.code);
    REQUIRE(loaded->attachments.size() == 1);
    const auto& a = loaded->attachments[0];
    CHECK(a.sha256 == Sha256::hexOf(content));
    CHECK(a.size == std::int64_t(content.size()));
    CHECK(a.fileName == "giay-khai-sinh.pdf");
    const auto blob =
        std::filesystem::path(f.store.blobDir()) / a.sha256.substr(0, 2) / a.sha256.substr(2);
    REQUIRE(std::filesystem::exists(blob));
    CHECK(std::filesystem::file_size(blob) == content.size());
    // A second dossier with the same file shares the blob; no temp files are left behind.
    f.store.dossiers().intake(r);
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(f.store.blobDir()))
        if (entry.is_regular_file()) ++files;
    CHECK(files == 1);
}

TEST_CASE("demo data is realistic, audited and leaves numbering consistent", "[store][demo]") {
    WardFixture f;
    CHECK(demo::generate(f.store, 3000, 3, 7) == 3000);
    CHECK(f.count("SELECT count(*) FROM dossiers") == 3000);
    CHECK(f.count("SELECT count(DISTINCT status) FROM dossiers") >= 8);
    CHECK(f.count("SELECT count(*) FROM dossiers WHERE received_at >= '2026-03-10'") == 0);
    CHECK(f.count("SELECT count(*) FROM outbox") == 0);
    CHECK(f.store.audit().verify().ok);
    CHECK(f.store.audit().verify().entries == 3000 + 2);
    CHECK_FALSE(f.store.dossiers().list({.search = "nguyen", .limit = 10}).empty());
    // Real work after the demo continues each desk's numbering on the demo's days.
    const auto last = f.store.dossiers().list({.limit = 1}).front();
    auto r = intakeRequest("2.000815", WardFixture::applicant());
    r.receivedAt = last.receivedAt;
    CHECK_NOTHROW(f.store.dossiers().intake(r));
    CHECK(f.store.audit().verify().ok);
    CHECK_THROWS_AS(demo::generate(f.store, 0, 1, 1), StoreError);
}
