// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Test images: an RGBA PNG writer (stored deflate, no library) for the signature and seal
// images, and a reader of the PGM/PPM files pdftoppm writes, to look at a rendered region.
#pragma once

#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace motcua::test {

struct Rgba {
    std::uint8_t r, g, b, a;
};

inline std::uint32_t crc32(const std::string& data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= static_cast<std::uint8_t>(c);
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

/// A `w` x `h` RGBA PNG whose pixels `pixel(x, y)` gives.
inline std::string makePng(int w, int h, const std::function<Rgba(int, int)>& pixel) {
    std::string raw;
    for (int y = 0; y < h; ++y) {
        raw += '\0';  // filter: none
        for (int x = 0; x < w; ++x) {
            const Rgba p = pixel(x, y);
            raw += {static_cast<char>(p.r), static_cast<char>(p.g), static_cast<char>(p.b),
                    static_cast<char>(p.a)};
        }
    }
    std::string z = "\x78\x01";
    for (std::size_t at = 0; at < raw.size() || at == 0; at += 65535) {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
        z += static_cast<char>(at + n >= raw.size() ? 1 : 0);
        z += {static_cast<char>(n & 0xFF), static_cast<char>(n >> 8), static_cast<char>(~n & 0xFF),
              static_cast<char>((~n >> 8) & 0xFF)};
        z += raw.substr(at, n);
    }
    std::uint32_t a = 1, b = 0;
    for (const char c : raw) {
        a = (a + static_cast<std::uint8_t>(c)) % 65521;
        b = (b + a) % 65521;
    }
    z += be32((b << 16) | a);
    auto chunk = [](const std::string& type, const std::string& data) {
        return be32(static_cast<std::uint32_t>(data.size())) + type + data +
               be32(crc32(type + data));
    };
    const std::string ihdr = be32(static_cast<std::uint32_t>(w)) +
                             be32(static_cast<std::uint32_t>(h)) +
                             std::string("\x08\x06\x00\x00\x00", 5);  // 8-bit RGBA
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) +
           chunk("IEND", "");
}

/// A binary PGM (P5) or PPM (P6) with 8-bit samples.
struct Raster {
    int width = 0, height = 0, channels = 0;
    std::string pixels;
    Rgba at(int x, int y) const {
        const auto* p = reinterpret_cast<const std::uint8_t*>(pixels.data()) +
                        (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                         static_cast<std::size_t>(x)) *
                            static_cast<std::size_t>(channels);
        return channels == 1 ? Rgba{p[0], p[0], p[0], 255} : Rgba{p[0], p[1], p[2], 255};
    }
    /// Pixels for which `pred` holds.
    int count(const std::function<bool(Rgba)>& pred) const {
        int n = 0;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) n += pred(at(x, y)) ? 1 : 0;
        return n;
    }
};

inline Raster readPnm(const std::string& bytes) {
    std::istringstream in(bytes);
    std::string magic;
    int maxval = 0;
    Raster r;
    in >> magic >> r.width >> r.height >> maxval;
    in.get();  // the single whitespace before the samples
    r.channels = magic == "P5" ? 1 : magic == "P6" ? 3 : 0;
    if (r.channels == 0 || maxval != 255 || r.width <= 0 || r.height <= 0) return {};
    const std::size_t size = static_cast<std::size_t>(r.width) *
                             static_cast<std::size_t>(r.height) *
                             static_cast<std::size_t>(r.channels);
    r.pixels = bytes.substr(static_cast<std::size_t>(in.tellg()));
    if (r.pixels.size() != size) return {};
    return r;
}

}  // namespace motcua::test
