// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "motcua/scan/scan_error.h"

namespace motcua::scan {

/// A scanner as SANE lists it ("test:0", "Noname", "frontend-tester", "virtual device").
struct DeviceInfo {
    std::string name;  ///< what ScanSettings::device takes
    std::string vendor;
    std::string model;
    std::string type;
};

enum class ColorMode { Color, Gray };

/// Where the pages come from. Auto takes the document feeder when the device has one.
enum class PaperSource { Auto, Feeder, Flatbed };

struct ScanSettings {
    std::string device;       ///< a DeviceInfo::name; empty: the first device listed
    int resolutionDpi = 200;  ///< the floor for digitised documents (Decree 30/2020)
    ColorMode mode = ColorMode::Color;
    PaperSource source = PaperSource::Auto;
    /// From the feeder: stop after this many pages although more are loaded; 0: every page
    /// the feeder gives. The flatbed always gives one page.
    int maxPages = 0;
};

/// Where a scan is; `bytesExpected` is 0 when the device does not know the page's length.
struct ScanProgress {
    int page = 1;  ///< 1-based, the page being read
    std::int64_t bytesRead = 0;
    std::int64_t bytesExpected = 0;
};

/// Called on the scanning thread after each block the device sends; returns false to cancel.
using ScanProgressFn = std::function<bool(const ScanProgress&)>;

/// One scanned page, already compressed: the JPEG bytes at the scanned resolution (baseline,
/// quality 80, 3 components for colour, 1 for gray).
struct ScannedPage {
    int widthPx = 0;
    int heightPx = 0;
    int resolutionDpi = 0;
    ColorMode mode = ColorMode::Color;
    std::string jpeg;
};

/// The scanners SANE finds (its configured backends, local and network).
/// Threading: any thread; calls into SANE from several threads are serialised, as SANE
/// backends need not be thread-safe. May take seconds (network backends probe): call it on a
/// worker, never on the GUI thread. Throws ScanError (Io, AccessDenied).
std::vector<DeviceInfo> listDevices();

/// Scans one document: every page the feeder gives (until it is empty, or `maxPages`), or one
/// page from the flatbed, with the resolution, mode and source of `settings` set by name and
/// checked against what the device offers (a resolution it does not offer is an Unsupported
/// error, never silently another one). `progress` (may be empty) is called as data comes in;
/// when it returns false the scan is cancelled on the device and ScanError(Cancelled) is thrown.
/// Threading: runs on the calling thread, which should be a worker (a page takes seconds);
/// serialised with every other call into SANE. SANE is initialised for the call's length only.
/// Throws ScanError: NoDevice, DeviceBusy, Cancelled, Jammed, CoverOpen, NoDocuments,
/// Unsupported, InvalidArgument, AccessDenied, Io.
std::vector<ScannedPage> scanDocument(const ScanSettings& settings,
                                      const ScanProgressFn& progress = {});

}  // namespace motcua::scan
