// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace motcua::app {

/// Tells a barcode scanner's keystrokes from a person's. A USB scanner in keyboard-wedge mode
/// "types" a whole code in one burst, a few milliseconds a key, and ends it with Enter; a person
/// types far slower. No wx here, so the rule is tested on its own.
class ScanDetector {
public:
    using Clock = std::chrono::steady_clock;
    explicit ScanDetector(std::chrono::milliseconds maxGap = std::chrono::milliseconds(50),
                          std::size_t minLength = 8)
        : m_maxGap(maxGap), m_minLength(minLength) {}

    /// Feeds one typed character (U+000D or U+000A for Enter). Returns the scanned text when an
    /// Enter ends a fast enough burst of at least minLength characters.
    std::optional<std::string> feed(char32_t ch, Clock::time_point at);
    void reset() { m_buffer.clear(); }

private:
    std::chrono::milliseconds m_maxGap;
    std::size_t m_minLength;
    std::string m_buffer;
    std::size_t m_chars = 0;
    Clock::time_point m_last{};
};

}  // namespace motcua::app
