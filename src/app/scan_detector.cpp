// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "scan_detector.h"

#include "motcua/core/vietnamese_text.h"

namespace motcua::app {

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
