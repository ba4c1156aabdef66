// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// SANE's own `test` backend, enabled for this test process only: never /etc/sane.d.
#pragma once

#include <dlfcn.h>

#include <cstdlib>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_tool.h"
#include "support/temp_dir.h"

namespace motcua::test {

/// Points SANE_CONFIG_DIR (no trailing ':', so SANE looks nowhere else) at a folder whose
/// dll.conf names only `test`, and whose test.conf makes two devices, test:0 and test:1, that
/// scan an A4 sheet (210 x 297 mm) of `picture`: "Color pattern" (saturated stripes one pixel
/// apart, the worst a JPEG meets), "Grid" (black lines on white every 10 mm), "Solid white".
/// Its feeder gives 10 sheets, then SANE_STATUS_NO_DOCS.
/// SANE reads the variable once per process and keeps the path, so the folder is made once and
/// lives until the process ends; test.conf is read at each sane_init, which the scan layer
/// calls for each scan. `motcua` children inherit the variable.
/// `extra` adds test.conf lines, such as `read-status-code "SANE_STATUS_JAMMED"` (every
/// sane_read then fails so).
inline void useSaneTestBackend(const std::string& picture = "Color pattern",
                               const std::string& extra = "") {
    static const TempDir dir;
    // Kept mapped for the whole process: SANE's dll backend unloads the test backend at each
    // sane_exit, and LeakSanitizer could then not name it in the one leak it has (its reader
    // thread's buffer when a scan is cancelled mid-page), which lsan_suppressions.cpp names.
    static void* const backend = ::dlopen(MOTCUA_SANE_TEST_BACKEND, RTLD_LAZY | RTLD_LOCAL);
    if (!backend)
        throw std::runtime_error("SANE's test backend is missing: " MOTCUA_SANE_TEST_BACKEND);
    dir.write("dll.conf", "test\n");
    dir.write("test.conf",
              "number_of_devices 2\n"
              "test-picture \"" +
                  picture +
                  "\"\n"
                  "geometry_max 300.0\n"
                  "br_x 210.0\n"
                  "br_y 297.0\n" +
                  extra);
    ::setenv("SANE_CONFIG_DIR", dir.path().c_str(), 1);
}

/// One row of `pdfimages -list`.
struct PdfImage {
    int page = 0;
    int width = 0;
    int height = 0;
    std::string color;     ///< "rgb", "gray"
    std::string encoding;  ///< "jpeg", "image", ...
    int xPpi = 0;
    int yPpi = 0;
};

inline std::vector<PdfImage> pdfImages(const std::string& pdf) {
    const auto listed = runTool("pdfimages -list " + shellQuote(pdf));
    std::vector<PdfImage> images;
    std::istringstream lines(listed.out);
    std::string line;
    for (int header = 0; header < 2 && std::getline(lines, line); ++header) {
    }
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        PdfImage image;
        std::string num, type, comp, bpc, interp, object, generation;
        fields >> image.page >> num >> type >> image.width >> image.height >> image.color >> comp >>
            bpc >> image.encoding >> interp >> object >> generation >> image.xPpi >> image.yPpi;
        if (fields) images.push_back(image);
    }
    return images;
}

}  // namespace motcua::test
