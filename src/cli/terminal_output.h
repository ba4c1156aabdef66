// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the CLI prints never drives the terminal: names and reasons come from citizens, other
// desks and the server, and a control character or a bidirectional override among them could
// rewrite the screen or make text read as something else.
#pragma once

#include <streambuf>
#include <string>

namespace motcua::cli {

/// Passes UTF-8 text on to `out`, each C0 control but line feed and tab, DEL, each C1 control
/// and each bidirectional control (U+061C, U+200E-F, U+202A-E, U+2066-9) replaced by U+FFFD.
/// Bytes that are not UTF-8 pass as they are (files' names may be anything; they cannot form
/// a control). Not thread-safe, like the stream it serves.
class TerminalSafeBuf : public std::streambuf {
public:
    explicit TerminalSafeBuf(std::streambuf* out) : m_out(out) {}

protected:
    int overflow(int ch) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void put(unsigned char c);
    void finishSequence();

    std::streambuf* m_out;
    std::string m_pending;  ///< an incomplete UTF-8 sequence
    std::size_t m_expected = 0;
};

/// Puts std::cout and std::cerr through a TerminalSafeBuf for the rest of the process.
void makeStandardStreamsTerminalSafe();

}  // namespace motcua::cli
