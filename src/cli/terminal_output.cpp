// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "terminal_output.h"

#include <iostream>

namespace motcua::cli {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

bool isHidden(char32_t cp) {
    return (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

int TerminalSafeBuf::overflow(int ch) {
    if (ch == traits_type::eof()) return traits_type::not_eof(ch);
    put(static_cast<unsigned char>(ch));
    return ch;
}

std::streamsize TerminalSafeBuf::xsputn(const char* s, std::streamsize n) {
    for (std::streamsize i = 0; i < n; ++i) put(static_cast<unsigned char>(s[i]));
    return n;
}

int TerminalSafeBuf::sync() {
    return m_out->pubsync();
}

void TerminalSafeBuf::put(unsigned char c) {
    if (!m_pending.empty()) {
        if ((c & 0xC0) == 0x80) {
            m_pending += static_cast<char>(c);
            if (m_pending.size() == m_expected) finishSequence();
            return;
        }
        m_out->sputn(m_pending.data(),
                     static_cast<std::streamsize>(m_pending.size()));  // not UTF-8
        m_pending.clear();
    }
    if (c < 0x80) {
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            m_out->sputn(kReplacement, 3);
        else
            m_out->sputc(static_cast<char>(c));
        return;
    }
    m_expected = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    m_pending = static_cast<char>(c);
    if (m_expected == 1) finishSequence();
}

void TerminalSafeBuf::finishSequence() {
    const auto lead = static_cast<unsigned char>(m_pending[0]);
    char32_t cp = m_expected == 2 ? (lead & 0x1F) : m_expected == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (std::size_t i = 1; i < m_pending.size(); ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(m_pending[i]) & 0x3F);
    if (m_expected > 1 && isHidden(cp))
        m_out->sputn(kReplacement, 3);
    else
        m_out->sputn(m_pending.data(), static_cast<std::streamsize>(m_pending.size()));
    m_pending.clear();
}

void makeStandardStreamsTerminalSafe() {
    // Never freed: the standard streams flush at exit, after static objects are gone.
    static auto* out = new TerminalSafeBuf(std::cout.rdbuf());
    static auto* err = new TerminalSafeBuf(std::cerr.rdbuf());
    std::cout.rdbuf(out);
    std::cerr.rdbuf(err);
}

}  // namespace motcua::cli
