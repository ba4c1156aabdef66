// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "motcua/documents/document_error.h"
#include "motcua/documents/register_export.h"
#include "motcua/store/dossier_types.h"
#include "support/run_tool.h"
#include "support/temp_dir.h"
#include "support/xlsx_sheet.h"

namespace {

using namespace motcua;
using documents::DocumentError;
using documents::RegisterInfo;
using store::RegisterEntry;
using test::readSheet;
using test::Sheet;
using test::unzipPart;
namespace fs = std::filesystem;

const std::vector<std::string> kHeaders{
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Hình thức tiếp nhận",
    "Trạng thái",
    "Ghi chú",
};
const std::string kColumns = "ABCDEFGHIJKLMNO";
const std::string kCommaQuoteName = "Trần Thị \"Bé\", Hoa";

Date day(int d, unsigned m = 3) {
    return Date{std::chrono::year{2026}, std::chrono::month{m},
                std::chrono::day{static_cast<unsigned>(d)}};
}
LocalDateTime at(int d, int hour, int minute, unsigned m = 3) {
    return LocalDateTime::at(day(d, m), hour, minute);
}

RegisterInfo info() {
    return RegisterInfo{"UBND phường Bồ Đề", day(1), day(31), at(31, 17, 0)};
}

RegisterEntry entry(std::string code, std::string name, DossierStatus status,
                    LocalDateTime received, LocalDateTime due) {
    RegisterEntry e;
    e.dossier.code = std::move(code);
    e.dossier.procedureCode = "1.001612";
    e.dossier.procedureName = "Đăng ký khai sinh";
    e.dossier.status = status;
    e.dossier.applicant.fullName = std::move(name);
    e.dossier.applicant.idNumber = "001099012345";
    e.dossier.applicant.address = "Số 12 ngõ 34 phố Ngọc Lâm, phường Bồ Đề, Hà Nội";
    e.dossier.applicant.phone = "0912345678";
    e.dossier.receivedAt = received;
    e.dossier.dueAt = due;
    e.handlingUnit = "UBND phường Bồ Đề";
    return e;
}

/// Six dossiers: on time, returned late (it came by post), pending and overdue, pending without
/// a forward time (an accepted online submission), result waiting past its due time (not late:
/// the clock stopped), rejected past due (not late).
std::vector<RegisterEntry> sampleEntries() {
    std::vector<RegisterEntry> v;

    auto onTime = entry("000.00.15.H30-260310-1001", "Nguyễn Văn Đức", DossierStatus::Returned,
                        at(10, 8, 5), at(10, 16, 30));
    onTime.dossier.procedureName = "Chứng thực bản sao từ bản chính giấy tờ, văn bản";
    onTime.forwardedAt = at(10, 8, 30);
    onTime.resultReadyAt = at(10, 14, 0);
    onTime.dossier.returnedAt = at(10, 15, 0);
    v.push_back(onTime);

    auto late = entry("000.00.15.H30-260311-1002", kCommaQuoteName, DossierStatus::Returned,
                      at(11, 9, 0), at(13, 9, 0));
    late.dossier.channel = Channel::Post;
    late.dossier.sets = 2;
    late.dossier.applicant.phone.clear();
    late.forwardedAt = at(11, 9, 30);
    late.resultReadyAt = at(16, 8, 0);
    late.dossier.returnedAt = at(16, 10, 0);
    v.push_back(late);

    auto overdue = entry("000.00.15.H30-260312-1003", "Lê Thị Hồng Nhung",
                         DossierStatus::InProgress, at(12, 14, 20), at(20, 14, 20));
    overdue.forwardedAt = at(12, 15, 0);
    v.push_back(overdue);

    auto fresh = entry("000.00.15.H30-260330-1004", "Phạm Quốc Việt", DossierStatus::Received,
                       at(30, 14, 0), at(3, 14, 0, 4));
    fresh.dossier.applicant.address.clear();
    fresh.handlingUnit = "Phòng Tư pháp";
    fresh.dossier.channel = Channel::Online;  // an online submission, accepted
    v.push_back(fresh);

    auto waiting = entry("000.00.15.H30-260316-1005", "Hoàng Thu Trang", DossierStatus::ResultReady,
                         at(16, 10, 0), at(25, 10, 0));
    waiting.forwardedAt = at(16, 11, 0);
    waiting.resultReadyAt = at(24, 16, 45);
    v.push_back(waiting);

    auto rejected = entry("000.00.15.H30-260317-1006", "Đỗ Minh Khôi", DossierStatus::Rejected,
                          at(17, 8, 0), at(19, 8, 0));
    v.push_back(rejected);
    return v;
}

/// The values each sample row must show, column by column (STT and sets as numbers).
std::vector<std::vector<std::string>> expectedRows() {
    const std::string addr = "Số 12 ngõ 34 phố Ngọc Lâm, phường Bồ Đề, Hà Nội";
    const std::string ward = "UBND phường Bồ Đề";
    return {
        {"1", "000.00.15.H30-260310-1001", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "1",
         "Nguyễn Văn Đức", addr + "; 0912345678", ward, "08:05 10/03/2026", "16:30 10/03/2026",
         "08:30 10/03/2026", "14:00 10/03/2026", "15:00 10/03/2026", "Trực tiếp", "Đã trả kết quả",
         ""},
        {"2", "000.00.15.H30-260311-1002", "Đăng ký khai sinh", "2", kCommaQuoteName, addr, ward,
         "09:00 11/03/2026", "09:00 13/03/2026", "09:30 11/03/2026", "08:00 16/03/2026",
         "10:00 16/03/2026", "Bưu chính", "Đã trả kết quả", "Quá hạn"},
        {"3", "000.00.15.H30-260312-1003", "Đăng ký khai sinh", "1", "Lê Thị Hồng Nhung",
         addr + "; 0912345678", ward, "14:20 12/03/2026", "14:20 20/03/2026", "15:00 12/03/2026",
         "", "", "Trực tiếp", "Đang giải quyết", "Quá hạn"},
        {"4", "000.00.15.H30-260330-1004", "Đăng ký khai sinh", "1", "Phạm Quốc Việt", "0912345678",
         "Phòng Tư pháp", "14:00 30/03/2026", "14:00 03/04/2026", "", "", "", "Trực tuyến",
         "Đã tiếp nhận", ""},
        {"5", "000.00.15.H30-260316-1005", "Đăng ký khai sinh", "1", "Hoàng Thu Trang",
         addr + "; 0912345678", ward, "10:00 16/03/2026", "10:00 25/03/2026", "11:00 16/03/2026",
         "16:45 24/03/2026", "", "Trực tiếp", "Có kết quả", ""},
        {"6", "000.00.15.H30-260317-1006", "Đăng ký khai sinh", "1", "Đỗ Minh Khôi",
         addr + "; 0912345678", ward, "08:00 17/03/2026", "08:00 19/03/2026", "", "", "",
         "Trực tiếp", "Từ chối", ""},
    };
}

// ---- reading the outputs back with other people's tools ----------------------------------

std::string readFile(const std::string& path) {
    return test::readFileForTest(path);
}

std::size_t countOf(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + needle.size()))
        ++n;
    return n;
}

/// RFC 4180 with CRLF record ends; a bare LF outside quotes fails the test.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            if (!field.empty()) throw std::runtime_error("CSV: a quote inside an unquoted field");
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n')
                throw std::runtime_error("CSV: CR without LF");
            ++i;
            record.push_back(field);
            field.clear();
            records.push_back(record);
            record.clear();
        } else {
            if (c == '\n') throw std::runtime_error("CSV: a bare LF ends a record");
            field += c;
        }
    }
    if (quoted) throw std::runtime_error("CSV: unterminated quote");
    // The last record ends with CRLF too.
    if (!field.empty() || !record.empty()) throw std::runtime_error("CSV: no CRLF at the end");
    return records;
}

std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& item : fs::directory_iterator(dir))
        names.push_back(item.path().filename().string());
    return names;
}

void requireIoError(const std::function<void()>& action, const std::string& path) {
    try {
        action();
        FAIL("no DocumentError for " << path);
    } catch (const DocumentError& e) {
        CHECK(e.code() == DocumentError::Code::Io);
        CHECK_THAT(e.what(), Catch::Contains("cannot write " + path));
    }
}

}  // namespace

TEST_CASE("the register as XLSX reads back with unzip: heading, header, rows, late notes",
          "[register]") {
    test::TempDir dir;
    const std::string file = dir.file("so-theo-doi.xlsx");
    const auto entries = sampleEntries();
    documents::exportRegisterXlsx(file, info(), entries);

    CHECK(test::runTool("unzip -t " + test::shellQuote(file)).exitCode == 0);
    CHECK(leftovers(dir.path()) == std::vector<std::string>{"so-theo-doi.xlsx"});
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);

    const Sheet sheet = readSheet(file);
    CHECK(countOf(sheet.xml, "<row ") == 5 + entries.size());

    // Heading rows, merged across the 15 columns.
    CHECK(sheet.at('A', 1) == "UBND phường Bồ Đề");
    CHECK(sheet.at('A', 2) == "SỔ THEO DÕI HỒ SƠ");
    CHECK(sheet.at('A', 3) == "Từ ngày 01/03/2026 đến ngày 31/03/2026");
    for (const char* merge : {"A1:O1", "A2:O2", "A3:O3"})
        CHECK_THAT(sheet.xml, Catch::Contains(std::string("<mergeCell ref=\"") + merge + "\"/>"));

    for (std::size_t col = 0; col < kHeaders.size(); ++col) {
        INFO("header column " << kColumns[col]);
        CHECK(sheet.at(kColumns[col], 5) == kHeaders[col]);
    }

    const auto expected = expectedRows();
    for (std::size_t i = 0; i < expected.size(); ++i) {
        for (std::size_t col = 0; col < kColumns.size(); ++col) {
            INFO("row " << i + 6 << " column " << kColumns[col]);
            CHECK(sheet.at(kColumns[col], i + 6) == expected[i][col]);
        }
    }
    // STT and the number of sets are number cells, not text.
    for (const char* ref : {"A6", "D7"}) {
        INFO("cell " << ref);
        const std::string tag = sheet.tag(ref);
        CHECK_THAT(tag, Catch::StartsWith(std::string("<c r=\"") + ref + "\""));
        CHECK_THAT(tag, !Catch::Contains("t=\""));  // no type: a number
    }

    // The diacritics survive in the shared strings as UTF-8.
    for (const char* text : {"Nguyễn Văn Đức", "Lê Thị Hồng Nhung", "Đã trả kết quả", "Quá hạn"})
        CHECK_THAT(sheet.sharedXml, Catch::Contains(text));

    // Freeze below the header, repeat it on every printed page, A4 landscape one page wide.
    CHECK_THAT(sheet.xml, Catch::Contains("ySplit=\"5\""));
    CHECK_THAT(sheet.xml, Catch::Contains("paperSize=\"9\""));
    CHECK_THAT(sheet.xml, Catch::Contains("orientation=\"landscape\""));
    CHECK_THAT(sheet.xml, Catch::Contains("fitToHeight=\"0\""));
    const std::string workbook = unzipPart(file, "xl/workbook.xml");
    CHECK_THAT(workbook, Catch::Contains("<sheet name=\"So theo doi ho so\""));
    CHECK_THAT(workbook, Catch::Contains("_xlnm.Print_Titles"));
    CHECK_THAT(workbook, Catch::Contains("$5:$5"));
}

TEST_CASE("exporting the register again replaces the old file and leaves no temporary file",
          "[register]") {
    test::TempDir dir;
    const std::string file = dir.write("so.xlsx", "old content");
    auto entries = sampleEntries();
    entries.resize(2);
    documents::exportRegisterXlsx(file, info(), entries);
    CHECK(test::runTool("unzip -t " + test::shellQuote(file)).exitCode == 0);
    CHECK(countOf(readSheet(file).xml, "<row ") == 7);
    CHECK(leftovers(dir.path()) == std::vector<std::string>{"so.xlsx"});
}

TEST_CASE("the register as CSV: BOM, CRLF, RFC 4180 quoting, the same values", "[register]") {
    test::TempDir dir;
    const std::string file = dir.file("so-theo-doi.csv");
    const auto entries = sampleEntries();
    documents::exportRegisterCsv(file, info(), entries);

    const std::string text = readFile(file);
    REQUIRE(text.size() > 3);
    CHECK(text.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(text.substr(3, text.find('\n') - 2) ==
          "STT,Mã hồ sơ,Tên thủ tục hành chính,Số lượng hồ sơ (bộ),\"Tên cá nhân, tổ chức\","
          "\"Địa chỉ, số điện thoại\",Cơ quan chủ trì giải quyết,Nhận hồ sơ,Hẹn trả kết quả,"
          "Chuyển hồ sơ đến cơ quan giải quyết,Nhận kết quả từ cơ quan giải quyết,Trả kết quả,"
          "Hình thức tiếp nhận,Trạng thái,Ghi chú\r\n");
    CHECK_THAT(text, Catch::Contains(",\"Trần Thị \"\"Bé\"\", Hoa\","));
    CHECK_THAT(text, Catch::Contains("\r\n1,000.00.15.H30-260310-1001,"));
    CHECK(countOf(text, "\r\n") == 1 + entries.size());
    CHECK(countOf(text, "\n") == countOf(text, "\r\n"));

    const auto records = parseCsv(text.substr(3));
    REQUIRE(records.size() == 1 + entries.size());
    CHECK(records[0] == kHeaders);
    const auto expected = expectedRows();
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("record " << i + 1);
        CHECK(records[i + 1] == expected[i]);
    }
    CHECK(leftovers(dir.path()) == std::vector<std::string>{"so-theo-doi.csv"});
}

TEST_CASE("CSV quotes line breaks inside a field", "[register]") {
    test::TempDir dir;
    const std::string file = dir.file("so.csv");
    auto e = sampleEntries().front();
    e.dossier.applicant.address = "Tổ 5\r\nphường Bồ Đề\nHà Nội";
    e.dossier.applicant.phone.clear();
    documents::exportRegisterCsv(file, info(), {e});
    const std::string text = readFile(file);
    CHECK_THAT(text, Catch::Contains(",\"Tổ 5\r\nphường Bồ Đề\nHà Nội\","));
}

TEST_CASE("every status prints in Vietnamese, in the XLSX and the CSV alike", "[register]") {
    const std::vector<std::pair<DossierStatus, std::string>> statuses{
        {DossierStatus::Received, "Đã tiếp nhận"},
        {DossierStatus::InProgress, "Đang giải quyết"},
        {DossierStatus::SupplementRequested, "Chờ bổ sung"},
        {DossierStatus::AwaitingApproval, "Chờ phê duyệt"},
        {DossierStatus::Approved, "Đã phê duyệt"},
        {DossierStatus::ResultReady, "Có kết quả"},
        {DossierStatus::Returned, "Đã trả kết quả"},
        {DossierStatus::Rejected, "Từ chối"},
        {DossierStatus::Stopped, "Dừng giải quyết"},
        {DossierStatus::Withdrawn, "Rút hồ sơ"},
    };
    std::vector<RegisterEntry> entries;
    for (const auto& [status, text] : statuses) {
        // Due after the export: nothing is late.
        entries.push_back(entry("000.00.15.H30-260320-" + std::to_string(1000 + entries.size()),
                                "Nguyễn Văn Đức", status, at(20, 8, 0), at(10, 8, 0, 4)));
    }
    test::TempDir dir;
    documents::exportRegisterXlsx(dir.file("so.xlsx"), info(), entries);
    documents::exportRegisterCsv(dir.file("so.csv"), info(), entries);
    const Sheet sheet = readSheet(dir.file("so.xlsx"));
    const auto records = parseCsv(readFile(dir.file("so.csv")).substr(3));
    REQUIRE(records.size() == 1 + statuses.size());
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        INFO("status " << statusName(statuses[i].first));
        CHECK(sheet.at('N', i + 6) == statuses[i].second);
        CHECK(records[i + 1][13] == statuses[i].second);
        CHECK(sheet.at('O', i + 6).empty());
    }
}

TEST_CASE("lateness: returned after the due time, or pending past it at the export", "[register]") {
    auto e = entry("000.00.15.H30-260320-1001", "Nguyễn Văn Đức", DossierStatus::Returned,
                   at(20, 8, 0), at(25, 8, 0));
    std::vector<std::pair<std::string, RegisterEntry>> cases;
    e.dossier.returnedAt = at(25, 8, 0);  // exactly on the due time: not late
    cases.emplace_back("", e);
    e.dossier.returnedAt = at(25, 8, 1);
    cases.emplace_back("Quá hạn", e);
    e.dossier.status = DossierStatus::SupplementRequested;
    e.dossier.returnedAt.reset();
    cases.emplace_back("Quá hạn", e);  // pending, due 25/03, exported 31/03
    e.dossier.dueAt = at(31, 17, 0);   // due exactly at the export time: not yet late
    cases.emplace_back("", e);
    e.dossier.status = DossierStatus::Stopped;  // not pending, never returned
    e.dossier.dueAt = at(21, 8, 0);
    cases.emplace_back("", e);

    std::vector<RegisterEntry> entries;
    for (const auto& c : cases) entries.push_back(c.second);
    test::TempDir dir;
    documents::exportRegisterCsv(dir.file("so.csv"), info(), entries);
    const auto records = parseCsv(readFile(dir.file("so.csv")).substr(3));
    REQUIRE(records.size() == 1 + cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        INFO("case " << i);
        CHECK(records[i + 1][14] == cases[i].first);
    }
}

TEST_CASE("an empty register is still a valid workbook with the heading and the header",
          "[register]") {
    test::TempDir dir;
    const std::string file = dir.file("empty.xlsx");
    documents::exportRegisterXlsx(file, info(), {});
    CHECK(test::runTool("unzip -t " + test::shellQuote(file)).exitCode == 0);
    const Sheet sheet = readSheet(file);
    CHECK(countOf(sheet.xml, "<row ") == 5);
    CHECK(sheet.at('A', 1) == "UBND phường Bồ Đề");
    CHECK(sheet.at('A', 2) == "SỔ THEO DÕI HỒ SƠ");
    for (std::size_t col = 0; col < kHeaders.size(); ++col)
        CHECK(sheet.at(kColumns[col], 5) == kHeaders[col]);
    CHECK(sheet.at('A', 6) == "<absent>");

    documents::exportRegisterCsv(dir.file("empty.csv"), info(), {});
    const auto records = parseCsv(readFile(dir.file("empty.csv")).substr(3));
    REQUIRE(records.size() == 1);
    CHECK(records[0] == kHeaders);
}

TEST_CASE("a register that cannot be written throws Io and leaves nothing behind", "[register]") {
    test::TempDir dir;
    const auto entries = sampleEntries();

    SECTION("a folder that does not exist") {
        for (const std::string name : {"so.xlsx", "so.csv"}) {
            const std::string path = dir.file("missing/" + name);
            requireIoError(
                [&] {
                    if (name.ends_with(".xlsx"))
                        documents::exportRegisterXlsx(path, info(), entries);
                    else
                        documents::exportRegisterCsv(path, info(), entries);
                },
                path);
            CHECK_FALSE(fs::exists(dir.path() / "missing"));
        }
        CHECK(leftovers(dir.path()).empty());
    }

    SECTION("a parent that is a regular file (fails for root too)") {
        const std::string plain = dir.write("plain", "keep me");
        for (const std::string name : {"so.xlsx", "so.csv"}) {
            const std::string path = plain + "/" + name;
            requireIoError(
                [&] {
                    if (name.ends_with(".xlsx"))
                        documents::exportRegisterXlsx(path, info(), entries);
                    else
                        documents::exportRegisterCsv(path, info(), entries);
                },
                path);
        }
        CHECK(readFile(plain) == "keep me");
        CHECK(leftovers(dir.path()) == std::vector<std::string>{"plain"});
    }

    SECTION("a target that cannot be replaced keeps what it held, and no temporary file stays") {
        // A folder in the target's place: the workbook is written, the rename fails.
        fs::create_directory(dir.path() / "so.xlsx");
        const std::string inside = dir.write("so.xlsx/keep.txt", "keep me");
        requireIoError([&] { documents::exportRegisterXlsx(dir.file("so.xlsx"), info(), entries); },
                       dir.file("so.xlsx"));
        CHECK(readFile(inside) == "keep me");
        CHECK(leftovers(dir.path()) == std::vector<std::string>{"so.xlsx"});
    }
}

TEST_CASE("ten thousand dossiers export completely (speed: see bench_documents)", "[register]") {
    const auto sample = sampleEntries();
    std::vector<RegisterEntry> entries;
    entries.reserve(10000);
    for (int i = 0; i < 10000; ++i) {
        RegisterEntry e = sample[static_cast<std::size_t>(i) % sample.size()];
        e.dossier.code = "000.00.15.H30-260310-" + std::to_string(10000 + i);
        entries.push_back(std::move(e));
    }
    test::TempDir dir;
    const std::string file = dir.file("big.xlsx");

    documents::exportRegisterXlsx(file, info(), entries);
    documents::exportRegisterCsv(dir.file("big.csv"), info(), entries);

    const Sheet sheet = readSheet(file);
    CHECK(countOf(sheet.xml, "<row ") == 5 + entries.size());
    CHECK(sheet.at('B', 5 + entries.size()) == "000.00.15.H30-260310-19999");
    CHECK(sheet.at('A', 5 + entries.size()) == "10000");
    CHECK(parseCsv(readFile(dir.file("big.csv")).substr(3)).size() == 1 + entries.size());
}

TEST_CASE("CSV cells that a spreadsheet would run as formulas are neutralised", "[register]") {
    auto entries = sampleEntries();
    entries[0].dossier.applicant.fullName = "=HYPERLINK(\"http://x\",\"y\")";
    entries[1].dossier.applicant.fullName = "@SUM(A1)";
    test::TempDir dir;
    documents::exportRegisterCsv(dir.file("so.csv"), info(), entries);
    const std::string csv = readFile(dir.file("so.csv"));
    CHECK_THAT(csv, Catch::Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
    CHECK_THAT(csv, Catch::Contains(",\"'@SUM(A1)\","));
    CHECK_THAT(csv, !Catch::Contains(",=HYPERLINK"));
}
