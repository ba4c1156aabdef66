// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <vector>

#include "motcua/scan/scanner.h"

namespace motcua::scan {

/// The pages as one PDF 1.4 document: each page sized from its pixels and resolution (an A4
/// sheet at 200 dpi: 595 x 842 pt), its JPEG embedded unchanged (DCTDecode, DeviceRGB or
/// DeviceGray), so the image keeps its scanned resolution. Pure: any thread.
/// Throws ScanError(InvalidArgument) for no pages or a page without a usable JPEG.
std::string scanPdfBytes(const std::vector<ScannedPage>& pages);

/// scanPdfBytes written atomically to `path` (all or nothing, motcua::files). Any thread.
/// Throws ScanError: InvalidArgument as above, Io naming the path when it cannot be written.
void writeScanPdf(const std::vector<ScannedPage>& pages, const std::string& path);

}  // namespace motcua::scan
