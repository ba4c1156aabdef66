// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Raw 8-bit pixels to baseline JPEG through libjpeg. Private to the scan layer.
#pragma once

#include <cstddef>
#include <string>

namespace motcua::scan::detail {

struct RawImage {
    const unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    std::size_t stride = 0;  ///< bytes from one row to the next (SANE may pad rows)
    int components = 3;      ///< 3: RGB, 1: gray
    int dpi = 0;             ///< written as the JFIF density
};

/// Throws ScanError(Io) with libjpeg's message when it fails (it only does on no memory).
std::string encodeJpeg(const RawImage& image, int quality);

}  // namespace motcua::scan::detail
