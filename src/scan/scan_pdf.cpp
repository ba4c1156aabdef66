// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The few PDF objects a scanned document needs, written by hand: a catalog, the page tree, and
// per page a page, its content stream and its JPEG as an image XObject. Nothing is re-encoded.
#include "motcua/scan/scan_pdf.h"

#include <array>
#include <charconv>
#include <cstdio>

#include "motcua/files/atomic_file.h"
#include "motcua/files/file_error.h"

namespace motcua::scan {

namespace {

constexpr double kPointsPerInch = 72.0;

/// A PDF real with two decimals, whatever the process's locale (printf's "%f" would write
/// "595,08" under vi_VN).
std::string real(double value) {
    std::array<char, 32> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                   std::chars_format::fixed, 2)
                         .ptr;
    return std::string(buffer.data(), end);
}

void checkPage(const ScannedPage& page, std::size_t index) {
    const auto& j = page.jpeg;
    const bool isJpeg = j.size() > 4 && static_cast<unsigned char>(j[0]) == 0xFF &&
                        static_cast<unsigned char>(j[1]) == 0xD8;
    if (!isJpeg || page.widthPx <= 0 || page.heightPx <= 0 || page.resolutionDpi <= 0)
        throw ScanError(ScanError::Code::InvalidArgument,
                        "page " + std::to_string(index + 1) + " is not a scanned JPEG page");
}

class PdfWriter {
public:
    /// Starts object `number` (objects are written in order, from 1).
    void begin(int number) {
        m_offsets.push_back(m_out.size());
        m_out += std::to_string(number) + " 0 obj\n";
    }
    void end() { m_out += "endobj\n"; }
    void dictionary(const std::string& body) { m_out += "<< " + body + " >>\n"; }
    void stream(const std::string& dict, const std::string& bytes) {
        m_out += "<< " + dict + " /Length " + std::to_string(bytes.size()) + " >>\nstream\n";
        m_out += bytes;
        m_out += "\nendstream\n";
    }
    std::string& out() { return m_out; }

    /// The cross-reference table and trailer; `root` is the catalog's number.
    std::string finish(int root, int info) {
        const std::size_t xref = m_out.size();
        m_out += "xref\n0 " + std::to_string(m_offsets.size() + 1) + "\n0000000000 65535 f \n";
        for (const std::size_t offset : m_offsets) {
            std::array<char, 24> line{};
            std::snprintf(line.data(), line.size(), "%010zu 00000 n \n", offset);
            m_out += line.data();
        }
        m_out += "trailer\n<< /Size " + std::to_string(m_offsets.size() + 1) + " /Root " +
                 std::to_string(root) + " 0 R /Info " + std::to_string(info) +
                 " 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
        return std::move(m_out);
    }

private:
    std::string m_out;
    std::vector<std::size_t> m_offsets;
};

}  // namespace

std::string scanPdfBytes(const std::vector<ScannedPage>& pages) {
    if (pages.empty()) throw ScanError(ScanError::Code::InvalidArgument, "no pages to write");
    for (std::size_t i = 0; i < pages.size(); ++i) checkPage(pages[i], i);

    // 1 catalog, 2 info, 3 page tree, then three objects per page: page, content, image.
    const auto pageObject = [](std::size_t i) { return static_cast<int>(4 + 3 * i); };
    PdfWriter pdf;
    pdf.out() = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";  // the binary comment marks the file binary
    pdf.begin(1);
    pdf.dictionary("/Type /Catalog /Pages 3 0 R");
    pdf.end();
    pdf.begin(2);
    pdf.dictionary("/Producer (MotCua Desk)");
    pdf.end();
    std::string kids;
    for (std::size_t i = 0; i < pages.size(); ++i)
        kids += (kids.empty() ? "" : " ") + std::to_string(pageObject(i)) + " 0 R";
    pdf.begin(3);
    pdf.dictionary("/Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()));
    pdf.end();

    for (std::size_t i = 0; i < pages.size(); ++i) {
        const ScannedPage& page = pages[i];
        const int n = pageObject(i);
        const double width = page.widthPx * kPointsPerInch / page.resolutionDpi;
        const double height = page.heightPx * kPointsPerInch / page.resolutionDpi;
        pdf.begin(n);
        pdf.dictionary("/Type /Page /Parent 3 0 R /MediaBox [0 0 " + real(width) + " " +
                       real(height) + "] /Resources << /XObject << /Im0 " + std::to_string(n + 2) +
                       " 0 R >> >> /Contents " + std::to_string(n + 1) + " 0 R");
        pdf.end();
        pdf.begin(n + 1);
        pdf.stream("", "q " + real(width) + " 0 0 " + real(height) + " 0 0 cm /Im0 Do Q");
        pdf.end();
        pdf.begin(n + 2);
        pdf.stream("/Type /XObject /Subtype /Image /Width " + std::to_string(page.widthPx) +
                       " /Height " + std::to_string(page.heightPx) + " /ColorSpace " +
                       (page.mode == ColorMode::Color ? "/DeviceRGB" : "/DeviceGray") +
                       " /BitsPerComponent 8 /Filter /DCTDecode",
                   page.jpeg);
        pdf.end();
    }
    return pdf.finish(1, 2);
}

void writeScanPdf(const std::vector<ScannedPage>& pages, const std::string& path) {
    const std::string bytes = scanPdfBytes(pages);
    files::rethrowAs<ScanError>(ScanError::Code::Io,
                                [&] { files::writeFileAtomically(path, bytes); });
}

}  // namespace motcua::scan
