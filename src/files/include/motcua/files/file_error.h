// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace motcua::files {

/// A file could not be read, written, synced or moved. what() names the path and the reason
/// ("cannot write /a/b.pdf: cannot sync: No space left on device"); error() is the errno.
class FileError : public std::runtime_error {
public:
    FileError(std::string path, int error, const std::string& message)
        : std::runtime_error(message), m_path(std::move(path)), m_error(error) {}
    const std::string& path() const noexcept { return m_path; }
    int error() const noexcept { return m_error; }

private:
    std::string m_path;
    int m_error;
};

/// Runs `io` and rethrows a FileError as `Error(code, what())`, so that each layer keeps its
/// own error type at its boundary.
template <class Error, class Code, class Io>
decltype(auto) rethrowAs(Code code, Io&& io) {
    try {
        return std::forward<Io>(io)();
    } catch (const FileError& e) {
        throw Error(code, e.what());
    }
}

}  // namespace motcua::files
