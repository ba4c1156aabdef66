// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/documents/register_export.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "motcua/core/dossier_status.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/files/atomic_file.h"
#include "motcua/files/file_error.h"
#include "labels.h"
#include "motcua/documents/document_error.h"

namespace motcua::documents {

namespace {

// The columns of form 07, in order.
constexpr std::size_t kColumnCount = 15;
constexpr std::array<std::string_view, kColumnCount> kHeaders{
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
// Column widths in Excel character units; a "HH:MM dd/mm/yyyy" value is 16 characters.
constexpr std::array<double, kColumnCount> kWidths{
    5, 27, 40, 9, 24, 34, 28, 17, 17, 17, 17, 17, 12, 16, 10,
};
constexpr std::size_t kColStt = 0;
constexpr std::size_t kColSets = 3;
constexpr std::size_t kColFirstTime = 7;
constexpr std::size_t kColLastTime = 11;
constexpr std::size_t kColChannel = 12;
constexpr std::size_t kColStatus = 13;
constexpr std::size_t kColNote = 14;

constexpr lxw_row_t kHeaderRow = 4;  // 0-based: rows 1-3 heading, row 4 empty, row 5 header
constexpr lxw_row_t kFirstDataRow = kHeaderRow + 1;
constexpr lxw_col_t kLastCol = static_cast<lxw_col_t>(kColumnCount - 1);
constexpr std::size_t kMaxCellBytes = 32767;  // Excel's (and libxlsxwriter's) limit per cell
constexpr double kLineHeight = 15.0;          // points, for 11 pt text
constexpr std::string_view kLate = "Quá hạn";

using Row = std::array<std::string, kColumnCount>;

void appendPadded(std::string& out, long long value, int width) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    if (value < 0) out += '-';
    for (int i = static_cast<int>(digits.size()); i < width; ++i) out += '0';
    out += digits;
}

/// "dd/mm/yyyy".
std::string formatDate(Date date) {
    std::string out;
    appendPadded(out, static_cast<unsigned>(date.day()), 2);
    out += '/';
    appendPadded(out, static_cast<unsigned>(date.month()), 2);
    out += '/';
    appendPadded(out, static_cast<int>(date.year()), 4);
    return out;
}

/// "HH:MM dd/mm/yyyy"; empty when absent.
std::string formatTime(const std::optional<LocalDateTime>& value) {
    if (!value) return {};
    std::string out;
    appendPadded(out, value->hour(), 2);
    out += ':';
    appendPadded(out, value->minute(), 2);
    out += ' ';
    out += formatDate(value->date());
    return out;
}

/// Returned after the due time, or still pending past it when the register is exported.
bool isLate(const Dossier& dossier, LocalDateTime exportedAt) {
    if (dossier.returnedAt && *dossier.returnedAt > dossier.dueAt) return true;
    return isPending(dossier.status) && exportedAt > dossier.dueAt;
}

/// The printed values of one register line; STT and sets are numbers in the XLSX.
Row rowValues(const RegisterEntry& entry, std::size_t stt, LocalDateTime exportedAt) {
    const Dossier& d = entry.dossier;
    Row row;
    row[kColStt] = std::to_string(stt);
    row[1] = d.code;
    row[2] = d.procedureName;
    row[kColSets] = std::to_string(d.sets);
    row[4] = d.applicant.fullName;
    row[5] = d.applicant.address;
    if (!d.applicant.phone.empty()) {
        if (!row[5].empty()) row[5] += "; ";
        row[5] += d.applicant.phone;
    }
    row[6] = entry.handlingUnit;
    row[7] = formatTime(d.receivedAt);
    row[8] = formatTime(d.dueAt);
    row[9] = formatTime(entry.forwardedAt);
    row[10] = formatTime(entry.resultReadyAt);
    row[11] = formatTime(d.returnedAt);
    row[kColChannel] = std::string(channelText(d.channel));
    row[kColStatus] = std::string(statusText(d.status));
    if (isLate(d, exportedAt)) row[kColNote] = std::string(kLate);
    return row;
}

[[noreturn]] void throwIo(const std::string& path, const std::string& reason) {
    throw DocumentError(DocumentError::Code::Io, "cannot write " + path + ": " + reason);
}

// ---- CSV -------------------------------------------------------------------------------

void appendCsvField(std::string& out, std::string_view field) {
    // A spreadsheet runs a cell that starts with = + - @ as a formula; an applicant's name or
    // address must never do that on an officer's PC (CSV injection). A leading apostrophe
    // makes Excel and LibreOffice show the text as typed.
    const bool formulaLike = !field.empty() && std::string_view("=+-@\t\r").find(field.front()) !=
                                                   std::string_view::npos;
    if (!formulaLike && field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    if (formulaLike) out += '\'';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

template <typename Fields>
void appendCsvRecord(std::string& out, const Fields& fields) {
    bool first = true;
    for (const auto& field : fields) {
        if (!first) out += ',';
        first = false;
        appendCsvField(out, field);
    }
    out += "\r\n";
}

// ---- XLSX ------------------------------------------------------------------------------

/// Cuts `text` to Excel's cell limit without splitting a UTF-8 sequence.
std::string_view fitCell(std::string_view text) {
    if (text.size() <= kMaxCellBytes) return text;
    std::size_t end = kMaxCellBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
    return text.substr(0, end);
}

/// Lines a wrapped cell needs at `width` characters: Excel does not grow rows by itself when
/// it opens a generated file, so the row heights are estimated here.
int estimatedLines(std::string_view text, double width) {
    const double perLine = width > 2 ? width - 1 : 1;
    int lines = 0;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find('\n', start);
        std::string_view line =
            text.substr(start, end == std::string_view::npos ? end : end - start);
        std::size_t codePoints = 0;
        for (char c : line) {
            if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++codePoints;
        }
        const double needed = static_cast<double>(codePoints) / perLine;
        int n = static_cast<int>(needed);
        if (static_cast<double>(n) < needed || n == 0) ++n;
        lines += n;
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

/// Frees a workbook that was not closed (an exception while filling it).
class WorkbookGuard {
public:
    explicit WorkbookGuard(lxw_workbook* workbook) : m_workbook(workbook) {}
    ~WorkbookGuard() {
        if (m_workbook) lxw_workbook_free(m_workbook);
    }
    WorkbookGuard(const WorkbookGuard&) = delete;
    WorkbookGuard& operator=(const WorkbookGuard&) = delete;
    lxw_workbook* get() const { return m_workbook; }
    /// workbook_close writes and frees the workbook, successful or not.
    lxw_error close() {
        lxw_workbook* workbook = std::exchange(m_workbook, nullptr);
        return workbook_close(workbook);
    }

private:
    lxw_workbook* m_workbook;
};

void check(lxw_error error, const std::string& path) {
    if (error != LXW_NO_ERROR) throwIo(path, lxw_strerror(error));
}

lxw_format* newFormat(lxw_workbook* workbook, double size) {
    lxw_format* format = workbook_add_format(workbook);
    format_set_font_name(format, "Times New Roman");
    format_set_font_size(format, size);
    return format;
}

void fillWorkbook(lxw_workbook* workbook, const std::string& path, const RegisterInfo& info,
                  const std::vector<RegisterEntry>& entries) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "So theo doi ho so");
    if (!sheet) throwIo(path, "cannot add the worksheet");

    lxw_format* unitFormat = newFormat(workbook, 12);
    format_set_bold(unitFormat);
    format_set_align(unitFormat, LXW_ALIGN_LEFT);
    format_set_align(unitFormat, LXW_ALIGN_VERTICAL_CENTER);

    lxw_format* titleFormat = newFormat(workbook, 14);
    format_set_bold(titleFormat);
    format_set_align(titleFormat, LXW_ALIGN_CENTER);
    format_set_align(titleFormat, LXW_ALIGN_VERTICAL_CENTER);

    lxw_format* periodFormat = newFormat(workbook, 12);
    format_set_italic(periodFormat);
    format_set_align(periodFormat, LXW_ALIGN_CENTER);
    format_set_align(periodFormat, LXW_ALIGN_VERTICAL_CENTER);

    lxw_format* headerFormat = newFormat(workbook, 11);
    format_set_bold(headerFormat);
    format_set_text_wrap(headerFormat);
    format_set_border(headerFormat, LXW_BORDER_THIN);
    format_set_align(headerFormat, LXW_ALIGN_CENTER);
    format_set_align(headerFormat, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(headerFormat, 0xF2F2F2);

    lxw_format* cellFormat = newFormat(workbook, 11);
    format_set_text_wrap(cellFormat);
    format_set_border(cellFormat, LXW_BORDER_THIN);
    format_set_align(cellFormat, LXW_ALIGN_VERTICAL_TOP);

    lxw_format* centeredCellFormat = newFormat(workbook, 11);
    format_set_text_wrap(centeredCellFormat);
    format_set_border(centeredCellFormat, LXW_BORDER_THIN);
    format_set_align(centeredCellFormat, LXW_ALIGN_CENTER);
    format_set_align(centeredCellFormat, LXW_ALIGN_VERTICAL_TOP);

    lxw_format* lateFormat = newFormat(workbook, 11);
    format_set_text_wrap(lateFormat);
    format_set_border(lateFormat, LXW_BORDER_THIN);
    format_set_align(lateFormat, LXW_ALIGN_CENTER);
    format_set_align(lateFormat, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(lateFormat);
    format_set_font_color(lateFormat, LXW_COLOR_RED);

    // Heading.
    const std::string period =
        "Từ ngày " + formatDate(info.from) + " đến ngày " + formatDate(info.to);
    check(worksheet_merge_range(sheet, 0, 0, 0, kLastCol,
                                std::string(fitCell(info.unitName)).c_str(), unitFormat),
          path);
    check(worksheet_merge_range(sheet, 1, 0, 1, kLastCol, "SỔ THEO DÕI HỒ SƠ", titleFormat), path);
    check(worksheet_merge_range(sheet, 2, 0, 2, kLastCol, period.c_str(), periodFormat), path);
    check(worksheet_set_row(sheet, 0, 18, nullptr), path);
    check(worksheet_set_row(sheet, 1, 21, nullptr), path);
    check(worksheet_set_row(sheet, 2, 18, nullptr), path);
    check(worksheet_set_row(sheet, 3, 9, nullptr), path);  // the empty spacer row

    // Header.
    for (std::size_t col = 0; col < kColumnCount; ++col) {
        const auto c = static_cast<lxw_col_t>(col);
        check(worksheet_set_column(sheet, c, c, kWidths[col], nullptr), path);
        check(worksheet_write_string(sheet, kHeaderRow, c, std::string(kHeaders[col]).c_str(),
                                     headerFormat),
              path);
    }
    int headerLines = 1;
    for (std::size_t col = 0; col < kColumnCount; ++col) {
        const int lines = estimatedLines(kHeaders[col], kWidths[col]);
        if (lines > headerLines) headerLines = lines;
    }
    check(worksheet_set_row(sheet, kHeaderRow, kLineHeight * headerLines + 3, nullptr), path);

    // One row per dossier.
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Row values = rowValues(entries[i], i + 1, info.exportedAt);
        const auto row = static_cast<lxw_row_t>(kFirstDataRow + i);
        int lines = 1;
        for (std::size_t col = 0; col < kColumnCount; ++col) {
            const auto c = static_cast<lxw_col_t>(col);
            if (col == kColStt) {
                check(worksheet_write_number(sheet, row, c, static_cast<double>(i + 1),
                                             centeredCellFormat),
                      path);
                continue;
            }
            if (col == kColSets) {
                check(worksheet_write_number(sheet, row, c,
                                             static_cast<double>(entries[i].dossier.sets),
                                             centeredCellFormat),
                      path);
                continue;
            }
            lxw_format* format = cellFormat;
            if (col >= kColFirstTime && col <= kColLastTime) format = centeredCellFormat;
            if (col == kColNote && !values[col].empty()) format = lateFormat;
            // An empty string writes a blank cell that keeps the border.
            const std::string_view text = fitCell(values[col]);
            check(worksheet_write_string(sheet, row, c, std::string(text).c_str(), format), path);
            const int needed = estimatedLines(text, kWidths[col]);
            if (needed > lines) lines = needed;
        }
        if (lines > 1) {
            check(worksheet_set_row(sheet, row, kLineHeight * std::min(lines, 20), nullptr), path);
        }
    }

    // View and print.
    worksheet_freeze_panes(sheet, kFirstDataRow, 0);
    worksheet_set_landscape(sheet);
    worksheet_set_paper(sheet, 9);  // A4
    worksheet_set_margins(sheet, 0.4, 0.4, 0.6, 0.6);
    worksheet_center_horizontally(sheet);
    worksheet_fit_to_pages(sheet, 1, 0);
    check(worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow), path);
    check(worksheet_set_footer(sheet, "&CTrang &P/&N"), path);
}

}  // namespace

void exportRegisterXlsx(const std::string& path, const RegisterInfo& info,
                        const std::vector<RegisterEntry>& entries) {
    auto file = files::rethrowAs<DocumentError>(
        DocumentError::Code::Io, [&] { return std::make_unique<files::AtomicFile>(path); });
    {
        WorkbookGuard workbook(workbook_new(file->tempPath().c_str()));
        if (!workbook.get()) throwIo(path, "cannot create the workbook");

        // Deterministic metadata: the export time, not the wall clock.
        std::string title = "Sổ theo dõi hồ sơ";
        std::string company = info.unitName;
        lxw_doc_properties properties{};
        properties.title = title.data();
        properties.company = company.data();
        properties.created = std::chrono::system_clock::to_time_t(toUtc(info.exportedAt));
        check(workbook_set_properties(workbook.get(), &properties), path);

        fillWorkbook(workbook.get(), path, info, entries);
        const lxw_error error = workbook.close();
        if (error != LXW_NO_ERROR)
            throwIo(path, std::string("workbook not written: ") + lxw_strerror(error));
    }

    files::rethrowAs<DocumentError>(DocumentError::Code::Io, [&] { file->commit(); });
}

void exportRegisterCsv(const std::string& path, const RegisterInfo& info,
                       const std::vector<RegisterEntry>& entries) {
    std::string out;
    out.reserve(256 + entries.size() * 320);
    out += "\xEF\xBB\xBF";
    appendCsvRecord(out, kHeaders);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        appendCsvRecord(out, rowValues(entries[i], i + 1, info.exportedAt));
    }
    writeFileAtomically(path, out);
}

}  // namespace motcua::documents
