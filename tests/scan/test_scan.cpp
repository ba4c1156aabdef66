// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "motcua/scan/scan_pdf.h"
#include "motcua/scan/scanner.h"
#include "sane_device.h"
#include "sane_test_backend.h"

using namespace motcua::test;
namespace scan = motcua::scan;
using Code = scan::ScanError::Code;

namespace {

/// An A4 sheet of the test backend at 200 dpi: 210 mm and 297 mm in whole pixels.
constexpr int kA4Width200 = 1653;
constexpr int kA4Height200 = 2338;

scan::ScanSettings feeder(int dpi, scan::ColorMode mode, int pages) {
    return {"test:0", dpi, mode, scan::PaperSource::Feeder, pages};
}

/// The ScanError that `action` throws; fails the test when it throws none.
template <class Action>
scan::ScanError scanErrorOf(Action&& action) {
    try {
        action();
    } catch (const scan::ScanError& e) {
        return e;
    }
    FAIL("no ScanError");
    return scan::ScanError(Code::Io, "");
}

std::string pdfInfo(const std::string& pdf) {
    return runTool("pdfinfo " + shellQuote(pdf)).out;
}

}  // namespace

TEST_CASE("listDevices finds SANE's test device", "[scan]") {
    useSaneTestBackend();
    const auto devices = scan::listDevices();
    REQUIRE(devices.size() == 2);
    CHECK(devices[0].name == "test:0");
    CHECK(devices[0].vendor == "Noname");
    CHECK(devices[0].model == "frontend-tester");
    CHECK(devices[0].type == "virtual device");
}

TEST_CASE(
    "A three-page colour document at 200 dpi from the feeder becomes one PDF of three "
    "colour JPEG images at 200 ppi",
    "[scan][pdf]") {
    useSaneTestBackend();
    std::vector<scan::ScanProgress> seen;
    const auto pages = scan::scanDocument(feeder(200, scan::ColorMode::Color, 3),
                                          [&](const scan::ScanProgress& p) {
                                              seen.push_back(p);
                                              return true;
                                          });
    REQUIRE(pages.size() == 3);
    for (const auto& page : pages) {
        CHECK(page.widthPx == kA4Width200);
        CHECK(page.heightPx == kA4Height200);
        CHECK(page.resolutionDpi == 200);
        CHECK(page.mode == scan::ColorMode::Color);
    }
    // Progress runs through every page to its whole expected size.
    const std::int64_t pageBytes = std::int64_t{kA4Width200} * 3 * kA4Height200;
    REQUIRE(!seen.empty());
    CHECK(seen.front().page == 1);
    CHECK(seen.back().page == 3);
    CHECK(seen.back().bytesRead == pageBytes);
    CHECK(seen.back().bytesExpected == pageBytes);

    TempDir dir;
    const auto pdf = dir.file("document.pdf");
    scan::writeScanPdf(pages, pdf);
    const auto images = pdfImages(pdf);
    REQUIRE(images.size() == 3);
    for (std::size_t i = 0; i < images.size(); ++i) {
        CHECK(images[i].page == static_cast<int>(i) + 1);
        CHECK(images[i].width == kA4Width200);
        CHECK(images[i].height == kA4Height200);
        CHECK(images[i].color == "rgb");
        CHECK(images[i].encoding == "jpeg");
        CHECK(images[i].xPpi == 200);
        CHECK(images[i].yPpi == 200);
    }
    CHECK(runTool("qpdf --check " + shellQuote(pdf)).exitCode == 0);
    const auto info = pdfInfo(pdf);
    CHECK_THAT(info, Catch::Contains("Pages:           3"));
    CHECK_THAT(info, Catch::Contains("PDF version:     1.4"));
    // A4: 1653 x 2338 pixels at 200 dpi are 595.08 x 841.68 pt.
    CHECK_THAT(info, Catch::Contains("Page size:       595.08 x 841.68 pts (A4)"));
    CHECK(std::filesystem::file_size(pdf) == scan::scanPdfBytes(pages).size());
}

TEST_CASE("A colour A4 sheet of lines on white at 200 dpi takes well under 1 MB", "[scan][pdf]") {
    // The grid is the test backend's nearest to a typed page; its colour pattern, stripes of
    // saturated colour one pixel apart that no paper has, takes 1.7 MB a page at quality 80.
    useSaneTestBackend("Grid");
    const auto pages = scan::scanDocument(feeder(200, scan::ColorMode::Color, 1));
    REQUIRE(pages.size() == 1);
    const auto pdf = scan::scanPdfBytes(pages);
    INFO("PDF bytes: " << pdf.size());
    CHECK(pdf.size() < 400 * 1024);
    CHECK(pages[0].mode == scan::ColorMode::Color);
}

TEST_CASE("The feeder's pages are taken until it is empty", "[scan]") {
    useSaneTestBackend();
    // SANE's test feeder holds 10 sheets; a low resolution keeps the test quick.
    const auto pages = scan::scanDocument(feeder(25, scan::ColorMode::Color, 0));
    CHECK(pages.size() == 10);
}

TEST_CASE("The flatbed gives one page, and Auto takes the feeder the device has", "[scan]") {
    useSaneTestBackend();
    scan::ScanSettings settings{"test:0", 50, scan::ColorMode::Color, scan::PaperSource::Flatbed};
    CHECK(scan::scanDocument(settings).size() == 1);
    // Auto takes the feeder the test device has.
    settings.source = scan::PaperSource::Auto;
    settings.maxPages = 2;
    CHECK(scan::scanDocument(settings).size() == 2);
}

TEST_CASE("Gray mode gives gray JPEG pages", "[scan][pdf]") {
    useSaneTestBackend();
    const auto pages = scan::scanDocument(feeder(200, scan::ColorMode::Gray, 2));
    REQUIRE(pages.size() == 2);
    CHECK(pages[0].mode == scan::ColorMode::Gray);
    TempDir dir;
    const auto pdf = dir.file("gray.pdf");
    scan::writeScanPdf(pages, pdf);
    const auto images = pdfImages(pdf);
    REQUIRE(images.size() == 2);
    CHECK(images[0].color == "gray");
    CHECK(images[0].encoding == "jpeg");
    CHECK(images[0].xPpi == 200);
    CHECK(runTool("qpdf --check " + shellQuote(pdf)).exitCode == 0);
}

TEST_CASE("Cancelling from the progress callback mid-page stops the scan and keeps nothing",
          "[scan]") {
    useSaneTestBackend();
    TempDir dir;
    const auto pdf = dir.file("cancelled.pdf");
    int calls = 0;
    const auto error = scanErrorOf([&] {
        const auto pages = scan::scanDocument(
            feeder(200, scan::ColorMode::Color, 3), [&](const scan::ScanProgress& p) {
                ++calls;
                return p.page < 2 || p.bytesRead < p.bytesExpected / 2;
            });
        scan::writeScanPdf(pages, pdf);
    });
    CHECK(error.code() == Code::Cancelled);
    CHECK_THAT(error.what(), Catch::Contains("test:0") && Catch::Contains("page 2"));
    CHECK(calls > 1);
    CHECK_FALSE(std::filesystem::exists(pdf));
    CHECK(std::filesystem::is_empty(dir.path()));
    // The device was left ready: the next scan works.
    CHECK(scan::scanDocument(feeder(50, scan::ColorMode::Color, 1)).size() == 1);
}

TEST_CASE("A device that does not exist is NoDevice naming it", "[scan]") {
    useSaneTestBackend();
    for (const std::string name : {"test:7", "nosuchbackend:scanner"}) {
        const auto error = scanErrorOf([&] {
            scan::scanDocument({name, 200, scan::ColorMode::Color});
        });
        CHECK(error.code() == Code::NoDevice);
        CHECK_THAT(error.what(), Catch::Contains("'" + name + "'"));
    }
}

TEST_CASE("A resolution the device does not offer is a clear error, not another resolution",
          "[scan]") {
    useSaneTestBackend();
    // The test device offers 1 to 1200 dpi; SANE itself would quietly clamp 5000 to 1200.
    const auto error =
        scanErrorOf([] { scan::scanDocument(feeder(5000, scan::ColorMode::Color, 1)); });
    CHECK(error.code() == Code::Unsupported);
    CHECK_THAT(error.what(), Catch::Contains("test:0") && Catch::Contains("option resolution") &&
                                 Catch::Contains("5000 dpi is not offered (1 to 1200 dpi)"));
    CHECK(scanErrorOf([] { scan::scanDocument(feeder(0, scan::ColorMode::Color, 1)); }).code() ==
          Code::InvalidArgument);
}

TEST_CASE("Two workers scanning the same device at once are served one after the other", "[scan]") {
    useSaneTestBackend();
    // Without the layer's serialisation the second sane_open would meet a busy device.
    std::size_t first = 0, second = 0;
    std::thread a(
        [&] { first = scan::scanDocument(feeder(25, scan::ColorMode::Color, 2)).size(); });
    std::thread b(
        [&] { second = scan::scanDocument(feeder(25, scan::ColorMode::Gray, 3)).size(); });
    a.join();
    b.join();
    CHECK(first == 2);
    CHECK(second == 3);
}

TEST_CASE("writeScanPdf refuses what is not a scanned page and leaves nothing behind", "[pdf]") {
    TempDir dir;
    CHECK(scanErrorOf([&] { scan::writeScanPdf({}, dir.file("a.pdf")); }).code() ==
          Code::InvalidArgument);
    const scan::ScannedPage notJpeg{10, 10, 200, scan::ColorMode::Color, "not a jpeg"};
    CHECK(scanErrorOf([&] { scan::writeScanPdf({notJpeg}, dir.file("b.pdf")); }).code() ==
          Code::InvalidArgument);
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("writeScanPdf into a folder it cannot write is Io naming the path", "[scan][pdf]") {
    useSaneTestBackend();
    const auto pages = scan::scanDocument(feeder(25, scan::ColorMode::Color, 1));
    TempDir dir;
    const auto target = dir.file("missing/folder/x.pdf");
    const auto error = scanErrorOf([&] { scan::writeScanPdf(pages, target); });
    CHECK(error.code() == Code::Io);
    CHECK_THAT(error.what(), Catch::Contains(target));
}

// Not through the test backend's `read-status-code`: with it, sane_read fails at once after
// sane_start, while the backend's reader thread is still in its first malloc, and the
// backend's sane_cancel cancels that thread asynchronously; a cancel landing inside malloc
// leaves the thread's arena locked and its exit waits for ever (SANE's sanei_thread; seen in 3
// of 6 runs under `ctest -j2`). The reading loop itself is the one the other cases run.
TEST_CASE(
    "A jammed feeder, an open cover or an I/O failure is its own error, naming device and "
    "page",
    "[scan]") {
    const std::pair<SANE_Status, Code> failures[] = {
        {SANE_STATUS_JAMMED, Code::Jammed},
        {SANE_STATUS_COVER_OPEN, Code::CoverOpen},
        {SANE_STATUS_IO_ERROR, Code::Io},
        {SANE_STATUS_NO_DOCS, Code::NoDocuments},
        {SANE_STATUS_DEVICE_BUSY, Code::DeviceBusy},
        {SANE_STATUS_ACCESS_DENIED, Code::AccessDenied}};
    for (const auto& [status, code] : failures) {
        const auto error =
            scan::detail::errorFor(status, "test:0", "page 1: reading failed after 0 bytes");
        CHECK(error.code() == code);
        CHECK_THAT(error.what(), Catch::Contains("test:0: page 1: reading failed") &&
                                     Catch::Contains(::sane_strstatus(status)));
    }
}

TEST_CASE("A page whose length the device does not know beforehand is read to its end",
          "[scan][pdf]") {
    // The test backend as a hand scanner: 11 cm wide, lines -1 until the scan ends.
    useSaneTestBackend("Grid", "hand-scanner true\n");
    std::int64_t expected = -1, read = 0;
    const auto pages =
        scan::scanDocument({"test:0", 100, scan::ColorMode::Gray, scan::PaperSource::Flatbed},
                           [&](const scan::ScanProgress& p) {
                               expected = p.bytesExpected;
                               read = p.bytesRead;
                               return true;
                           });
    REQUIRE(pages.size() == 1);
    CHECK(expected == 0);
    CHECK(pages[0].widthPx == 433);  // 110 mm at 100 dpi
    CHECK(pages[0].heightPx > 0);
    CHECK(read == std::int64_t{pages[0].widthPx} * pages[0].heightPx);
    TempDir dir;
    scan::writeScanPdf(pages, dir.file("hand.pdf"));
    const auto images = pdfImages(dir.file("hand.pdf"));
    REQUIRE(images.size() == 1);
    CHECK(images[0].height == pages[0].heightPx);
}

TEST_CASE("A device set to 16 bits per sample is asked for 8, which the PDF's JPEG holds",
          "[scan]") {
    useSaneTestBackend("Grid", "depth 16\n");
    const auto pages = scan::scanDocument(feeder(50, scan::ColorMode::Color, 1));
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].mode == scan::ColorMode::Color);
    CHECK(pages[0].jpeg.size() > 100);
}
