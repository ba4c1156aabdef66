// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

namespace motcua::files {

/// A file written under a hidden temporary name beside its target (same file system, so the
/// rename is atomic) and renamed over the target by commit(): either the whole new file is
/// there or the old state is untouched. Without commit() the destructor removes the temporary.
/// Not thread-safe; one writer per object. Throws FileError naming the target and the reason.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// For writers that open files by name (libxlsxwriter): write there, then commit().
    const std::string& tempPath() const { return m_temp; }
    void write(std::string_view bytes);
    /// fsync, rename over the target, fsync of the folder; each failure throws.
    void commit();

private:
    [[noreturn]] void fail(const std::string& what, int error) const;
    std::string m_path;
    std::string m_temp;
    std::string m_dir;
    int m_fd = -1;
    bool m_committed = false;
};

/// Writes `bytes` to `path` through an AtomicFile. Throws FileError.
void writeFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace motcua::files
