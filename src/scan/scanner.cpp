// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/scan/scanner.h"

#include <vector>

#include "jpeg_encoder.h"
#include "sane_device.h"
#include "sane_options.h"

namespace motcua::scan {

namespace {

using detail::check;
using detail::errorFor;
using detail::SaneDevice;

constexpr int kJpegQuality = 80;
constexpr SANE_Int kReadBlock = 256 * 1024;

/// The device's parameters for the page just started, checked to be what the PDF can hold:
/// one frame of 8-bit gray or interleaved RGB.
SANE_Parameters pageParameters(const SaneDevice& device, int page) {
    SANE_Parameters p{};
    check(::sane_get_parameters(device.handle(), &p), device.name(),
          "page " + std::to_string(page) + ": cannot read the scan parameters");
    const bool oneFrame =
        (p.format == SANE_FRAME_GRAY || p.format == SANE_FRAME_RGB) && p.last_frame == SANE_TRUE;
    if (!oneFrame || p.depth != 8)
        throw ScanError(ScanError::Code::Unsupported,
                        device.name() + ": page " + std::to_string(page) + ": the device sends " +
                            (oneFrame ? std::to_string(p.depth) + "-bit samples"
                                      : std::string("separate colour frames")) +
                            "; only 8-bit gray or RGB in one frame is supported");
    const int components = p.format == SANE_FRAME_RGB ? 3 : 1;
    if (p.pixels_per_line <= 0 || p.bytes_per_line < p.pixels_per_line * components)
        throw ScanError(ScanError::Code::Io, device.name() + ": page " + std::to_string(page) +
                                                 ": the device reports no usable line size");
    return p;
}

/// Reads the started page to its end. Returns false when `progress` asked to cancel.
bool readPage(const SaneDevice& device, int page, const SANE_Parameters& p,
              const ScanProgressFn& progress, std::vector<unsigned char>& data) {
    const std::int64_t expected =
        p.lines > 0 ? static_cast<std::int64_t>(p.lines) * p.bytes_per_line : 0;
    data.clear();
    if (expected > 0) data.reserve(static_cast<std::size_t>(expected));
    std::vector<SANE_Byte> block(kReadBlock);
    for (;;) {
        SANE_Int length = 0;
        const SANE_Status status = ::sane_read(device.handle(), block.data(), kReadBlock, &length);
        if (status == SANE_STATUS_EOF) return true;
        if (status != SANE_STATUS_GOOD)
            throw errorFor(status, device.name(),
                           "page " + std::to_string(page) + ": reading failed after " +
                               std::to_string(data.size()) + " bytes");
        data.insert(data.end(), block.begin(), block.begin() + length);
        const ScanProgress at{page, static_cast<std::int64_t>(data.size()), expected};
        if (progress && !progress(at)) return false;
    }
}

ScannedPage compressPage(const SANE_Parameters& p, const std::vector<unsigned char>& data,
                         int dpi) {
    const int components = p.format == SANE_FRAME_RGB ? 3 : 1;
    // A device that does not know the length beforehand (lines == -1) sends whole lines.
    const int lines = static_cast<int>(data.size() / static_cast<std::size_t>(p.bytes_per_line));
    if (lines == 0) throw ScanError(ScanError::Code::Io, "the device sent an empty page");
    ScannedPage page;
    page.widthPx = p.pixels_per_line;
    page.heightPx = lines;
    page.resolutionDpi = dpi;
    // What the device sent decides, not what was asked: the PDF's colour space must match the
    // JPEG's components.
    page.mode = components == 3 ? ColorMode::Color : ColorMode::Gray;
    page.jpeg = detail::encodeJpeg({data.data(), p.pixels_per_line, lines,
                                    static_cast<std::size_t>(p.bytes_per_line), components, dpi},
                                   kJpegQuality);
    return page;
}

std::string firstDevice() {
    const SANE_Device** list = nullptr;
    check(::sane_get_devices(&list, SANE_FALSE), "SANE", "cannot list the scanners");
    if (!list || !list[0]) throw ScanError(ScanError::Code::NoDevice, "no scanner found");
    return list[0]->name;
}

}  // namespace

std::vector<DeviceInfo> listDevices() {
    const detail::SaneSession session;
    const SANE_Device** list = nullptr;
    check(::sane_get_devices(&list, SANE_FALSE), "SANE", "cannot list the scanners");
    std::vector<DeviceInfo> out;
    for (const SANE_Device** d = list; d && *d; ++d) {
        const auto text = [](SANE_String_Const s) { return std::string(s ? s : ""); };
        out.push_back({text((*d)->name), text((*d)->vendor), text((*d)->model), text((*d)->type)});
    }
    return out;
}

std::vector<ScannedPage> scanDocument(const ScanSettings& settings,
                                      const ScanProgressFn& progress) {
    if (settings.maxPages < 0)
        throw ScanError(ScanError::Code::InvalidArgument,
                        "maxPages " + std::to_string(settings.maxPages) + " is negative");
    const detail::SaneSession session;
    const SaneDevice device(session, settings.device.empty() ? firstDevice() : settings.device);
    // The source first: a feeder may offer other resolutions than the flatbed.
    const bool feeder = detail::selectSource(device, settings.source);
    detail::setMode(device, settings.mode);
    detail::setResolution(device, settings.resolutionDpi);

    std::vector<ScannedPage> pages;
    std::vector<unsigned char> data;
    for (int page = 1;; ++page) {
        if (feeder && settings.maxPages > 0 && page > settings.maxPages) break;
        const SANE_Status started = ::sane_start(device.handle());
        if (started == SANE_STATUS_NO_DOCS && page > 1) break;  // the feeder is done
        if (started == SANE_STATUS_NO_DOCS)
            throw ScanError(ScanError::Code::NoDocuments,
                            device.name() + ": the document feeder is empty");
        check(started, device.name(), "page " + std::to_string(page) + ": cannot start");
        const SANE_Parameters p = pageParameters(device, page);
        if (!readPage(device, page, p, progress, data)) {
            device.cancel();
            throw ScanError(ScanError::Code::Cancelled,
                            device.name() + ": scan cancelled on page " + std::to_string(page));
        }
        pages.push_back(compressPage(p, data, settings.resolutionDpi));
        if (!feeder) break;
    }
    return pages;  // the device's destructor ends the scan cycle (sane_cancel) and closes it
}

}  // namespace motcua::scan
