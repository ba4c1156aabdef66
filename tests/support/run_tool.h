// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace motcua::test {

struct ToolResult {
    int exitCode = -1;
    std::string out;
};

/// Runs a shell command line (an outside tool such as pdftotext) and captures its stdout.
/// A tool that is not installed exits 127: tests then fail, as a missing tool must.
inline ToolResult runTool(const std::string& command) {
    ToolResult result;
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        result.out.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// How many times `needle` stands in `haystack` (a tool's output), overlaps counted.
inline int countOf(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

/// Single-quotes a path for the shell.
inline std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace motcua::test
