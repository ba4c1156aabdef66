// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "scan_detector.h"

namespace motcua::app {

namespace {
void appendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}
}  // namespace

std::optional<std::string> ScanDetector::feed(char32_t ch, Clock::time_point at) {
    const bool burst = m_chars > 0 && at - m_last <= m_maxGap;
    m_last = at;
    if (ch == U'\r' || ch == U'\n') {
        std::optional<std::string> scanned;
        if (burst && m_chars >= m_minLength) scanned = m_buffer;
        m_buffer.clear();
        m_chars = 0;
        return scanned;
    }
    if (!burst) {
        m_buffer.clear();
        m_chars = 0;
    }
    appendUtf8(m_buffer, ch);
    ++m_chars;
    return std::nullopt;
}

}  // namespace motcua::app
