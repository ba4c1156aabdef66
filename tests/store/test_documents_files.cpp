// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Documents hold their files: an intake gives each submitted document its own files, a file no
// document names is kept under "Giấy tờ khác", and migration 6 moves the loose attachments of a
// database written before into that row without losing or changing a file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "motcua/demo/demo.h"
#include "motcua/files/files.h"
#include "motcua/store/store_error.h"
#include "store_fixture.h"
#include "support/sha256_hex.h"
#include "support/store_connection.h"

using namespace motcua;
using namespace motcua::test;

namespace {

using Row = std::vector<std::string>;

/// Every row of `sql`, each column as text, in the query's order.
std::vector<Row> rows(store::Store& store, const std::string& sql, int columns) {
    store::Statement st(connectionOf(store), sql);
    std::vector<Row> out;
    while (st.step()) {
        Row row;
        for (int c = 0; c < columns; ++c) row.push_back(st.getOptionalText(c).value_or("NULL"));
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

TEST_CASE("an intake gives each document its files, and a file no document names is 'Giấy tờ khác'",
          "[store][documents]") {
    WardFixture ward;
    auto request = intakeRequest("2.000815", WardFixture::applicant());
    const auto checklist = ward.store.catalog().procedure("2.000815")->documents;
    REQUIRE(checklist.size() >= 1);
    const std::string scan = ward.dir.write("to-khai.pdf", "%PDF-1.4 the form, scanned");
    const std::string extra = ward.dir.write("anh.jpg", "a photo the citizen brought");
    request.documentFiles = {{0, scan}, {0, scan}};  // the same file twice is one
    request.attachmentPaths = {extra, scan};         // and the form's file is not loose
    const Dossier d = ward.store.dossiers().intake(request);

    REQUIRE(d.documents.size() == checklist.size() + 1);
    CHECK(d.documents[0].files ==
          std::vector<std::string>{sha256Hex("%PDF-1.4 the form, scanned")});
    CHECK(d.documents.back().name == kOtherDocumentsName);
    CHECK(d.documents.back().files ==
          std::vector<std::string>{sha256Hex("a photo the citizen brought")});
    CHECK(d.attachments.size() == 2);
    CHECK(d.isDigitised() == (checklist.size() == 1));

    // What the store keeps is what it answered, and the op carries it to the server.
    const auto stored = ward.store.dossiers().findByCode(d.code);
    REQUIRE(stored);
    CHECK(stored->documents == d.documents);
    const auto op = ward.store.outbox().pending().at(0);
    CHECK(op.payload.find(sha256Hex("%PDF-1.4 the form, scanned")) != std::string::npos);

    // Every document with its file: digitised.
    auto whole = intakeRequest("2.000815", WardFixture::applicant("Lê Thị Hoa"));
    for (std::size_t i = 0; i < checklist.size(); ++i)
        whole.documentFiles.push_back(
            {i, ward.dir.write("doc" + std::to_string(i) + ".pdf", "doc " + std::to_string(i))});
    const Dossier all = ward.store.dossiers().intake(whole);
    CHECK(all.isDigitised());
    CHECK(all.documents.size() == checklist.size());
}

TEST_CASE("a file for a document the checklist does not have is refused and nothing is written",
          "[store][documents]") {
    WardFixture ward;
    auto request = intakeRequest("2.000815", WardFixture::applicant());
    const auto size = ward.store.catalog().procedure("2.000815")->documents.size();
    request.documentFiles = {{size, ward.dir.write("x.pdf", "x")}};
    try {
        ward.store.dossiers().intake(request);
        FAIL("the intake was accepted");
    } catch (const store::StoreError& e) {
        CHECK(e.code() == store::StoreError::Code::InvalidInput);
        CHECK_THAT(e.what(), Catch::Contains("document " + std::to_string(size + 1)));
    }
    CHECK(ward.count("SELECT count(*) FROM dossiers") == 0);
    CHECK(ward.count("SELECT count(*) FROM outbox") == 0);
}

TEST_CASE(
    "migration 6 files a 2,000-dossier ward's loose attachments under 'Giấy tờ khác' and "
    "loses nothing",
    "[store][documents][migration]") {
    WardFixture ward;
    REQUIRE(demo::generate(ward.store, 2000, 3, 17) == 2000);
    auto& db = connectionOf(ward.store);
    // As a desk of schema 5 left them: files beside the checklist, no document naming them
    // (every third dossier, one to three files), and an online submission's file that its
    // first document names already (every seventh), which must stay where it is.
    store::Statement ids(db, "SELECT id FROM dossiers ORDER BY id");
    std::vector<std::int64_t> dossierIds;
    while (ids.step()) dossierIds.push_back(ids.getInt(0));
    REQUIRE(dossierIds.size() == 2000);
    store::Statement attach(
        db,
        "INSERT INTO dossier_attachments (dossier_id, sha256, file_name, size) VALUES (?,?,?,?)");
    store::Statement name(db,
                          "UPDATE dossier_documents SET files = json_array(?) WHERE dossier_id = ? "
                          "AND position = 1");
    int written = 0;
    for (const std::int64_t id : dossierIds) {
        const int files = id % 3 == 0 ? 1 + static_cast<int>(id % 5 % 3) : id % 7 == 0 ? 1 : 0;
        // (The same count is expected below.)
        for (int k = 0; k < files; ++k) {
            const std::string bytes =
                "dossier " + std::to_string(id) + " file " + std::to_string(k);
            const std::string sha = sha256Hex(bytes);
            const std::string path = ward.store.blobs().path(sha);
            std::filesystem::create_directories(std::filesystem::path(path).parent_path());
            std::ofstream(path, std::ios::binary) << bytes;
            // Names out of hash order: the row lists them by name.
            attach.reset();
            attach.bind(1, id).bind(2, sha).bind(3, "scan-" + std::to_string(9 - k) + ".pdf");
            attach.bind(4, static_cast<std::int64_t>(bytes.size())).run();
            if (id % 7 == 0 && id % 3 != 0) {
                name.reset();
                name.bind(1, sha).bind(2, id).run();
            }
            ++written;
        }
    }
    // Undo what the migrations after 6 added, so that opening runs them again on a schema 5.
    db.exec("ALTER TABLE dossier_results DROP COLUMN result_code");
    db.exec("ALTER TABLE dossier_results DROP COLUMN size");
    db.exec("ALTER TABLE dossiers DROP COLUMN tracking_key");
    db.exec("PRAGMA user_version = 5");
    const char* kAttachments =
        "SELECT dossier_id, sha256, file_name, size FROM dossier_attachments "
        "ORDER BY dossier_id, sha256";
    const char* kDocuments =
        "SELECT dossier_id, position, name, form, count, files FROM dossier_documents "
        "ORDER BY dossier_id, position";
    const auto attachmentsBefore = rows(ward.store, kAttachments, 4);
    const auto documentsBefore = rows(ward.store, kDocuments, 6);
    REQUIRE(attachmentsBefore.size() == static_cast<std::size_t>(written));

    ward.store = ward.open();  // opening migrates to the current schema

    CHECK(ward.count("PRAGMA user_version") == store::Store::schemaVersion());
    CHECK(ward.count("SELECT count(*) FROM dossiers") == 2000);
    // The files: the same rows, and every blob still hashes to its name.
    const auto attachmentsAfter = rows(ward.store, kAttachments, 4);
    CHECK(attachmentsAfter == attachmentsBefore);
    for (const auto& a : attachmentsAfter)
        CHECK(sha256Hex(files::readFile(ward.store.blobs().path(a[1]))) == a[1]);
    // The documents: every row of before unchanged, one new row for each dossier with loose
    // files, at the end of its checklist.
    const auto documentsAfter = rows(ward.store, kDocuments, 6);
    std::map<std::pair<std::string, std::string>, Row> after;
    for (const auto& r : documentsAfter) after[{r[0], r[1]}] = r;
    for (const auto& r : documentsBefore) CHECK(after.at({r[0], r[1]}) == r);
    std::size_t moved = 0, dossiersMoved = 0;
    for (const std::int64_t id : dossierIds) {
        const auto d = ward.store.dossiers().findByCode(
            rows(ward.store, "SELECT code FROM dossiers WHERE id = " + std::to_string(id), 1)
                .at(0)
                .at(0));
        REQUIRE(d);
        // Every file belongs to exactly one document.
        for (const auto& a : d->attachments) {
            int holders = 0;
            for (const auto& doc : d->documents)
                holders +=
                    static_cast<int>(std::count(doc.files.begin(), doc.files.end(), a.sha256));
            CHECK(holders == 1);
        }
        if (id % 3 != 0) {
            CHECK(d->documents.back().name != kOtherDocumentsName);
            continue;
        }
        ++dossiersMoved;
        const auto& other = d->documents.back();
        CHECK(other.name == kOtherDocumentsName);
        CHECK(other.form == RequiredDocument::Form::Copy);
        CHECK(other.count == 1);
        // By file name: scan-9.pdf is file 0, scan-8.pdf file 1, ...: the last file first.
        const int given = 1 + static_cast<int>(id % 5 % 3);
        std::vector<std::string> byName;
        for (int k = given - 1; k >= 0; --k)
            byName.push_back(
                sha256Hex("dossier " + std::to_string(id) + " file " + std::to_string(k)));
        CHECK(other.files == byName);
        moved += other.files.size();
    }
    CHECK(documentsAfter.size() == documentsBefore.size() + dossiersMoved);
    CHECK(moved == static_cast<std::size_t>(written) -
                       static_cast<std::size_t>(std::count_if(
                           dossierIds.begin(), dossierIds.end(),
                           [](std::int64_t id) { return id % 7 == 0 && id % 3 != 0; })));
}

TEST_CASE(
    "a document's files added after intake: one op, the same file kept once, and not once "
    "the dossier is closed",
    "[store][documents]") {
    WardFixture ward;
    const Dossier d = ward.intake();
    REQUIRE_FALSE(d.isDigitised());
    const std::string scan = ward.dir.write("scan.pdf", "%PDF-1.4 scanned later");
    const Dossier after = ward.store.dossiers().addDocumentFiles(d.code, 1, {scan, scan});
    CHECK(after.version == d.version + 1);
    CHECK(after.documents[1].files ==
          std::vector<std::string>{sha256Hex("%PDF-1.4 scanned later")});
    CHECK(after.documents[0].files.empty());
    CHECK(ward.store.dossiers().findByCode(d.code)->documents == after.documents);
    const auto ops = ward.store.outbox().pending();
    REQUIRE(ops.size() == 2);
    CHECK(ops[1].kind == "dossier.files");
    CHECK(ops[1].baseVersion == d.version);
    CHECK(ops[1].payload.find("\"document\":2") != std::string::npos);

    const auto refused = [&](std::size_t document, const std::vector<std::string>& paths) {
        try {
            ward.store.dossiers().addDocumentFiles(d.code, document, paths);
        } catch (const store::StoreError& e) {
            return e.code();
        }
        FAIL("the files were added");
        return store::StoreError::Code::Sql;
    };
    CHECK(refused(7, {scan}) == store::StoreError::Code::InvalidInput);
    CHECK(refused(0, {}) == store::StoreError::Code::InvalidInput);
    CHECK(refused(0, {ward.dir.file("missing.pdf")}) == store::StoreError::Code::Io);
    ward.store.dossiers().act(d.code,
                              {DossierAction::Withdraw, "Công dân rút hồ sơ", std::nullopt});
    CHECK(refused(0, {scan}) == store::StoreError::Code::NotAllowed);
    CHECK(ward.store.outbox().pending().size() == 3);
    CHECK(ward.store.dossiers().findByCode(d.code)->documents[0].files.empty());
}
