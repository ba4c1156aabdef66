// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/files/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "fd.h"
#include "motcua/files/file_error.h"

namespace motcua::files {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    const fs::path target(m_path);
    if (target.filename().empty()) fail("no file name", EINVAL);
    m_dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
    std::string name = target.filename().string();
    name.insert(0, 1, '.');
    name.append(".tmp-XXXXXX");
    m_temp = (fs::path(m_dir) / name).string();
    m_fd = ::mkstemp(m_temp.data());
    if (m_fd < 0) fail("cannot create a file in its folder", errno);
    // mkstemp makes the file 0600; forms, registers and signed files are ordinary documents.
    if (::fchmod(m_fd, 0644) != 0) fail("cannot set the file mode", errno);
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && m_fd >= 0) ::unlink(m_temp.c_str());
}

void AtomicFile::fail(const std::string& what, int error) const {
    throw FileError(m_path, error,
                    "cannot write " + m_path + ": " + what + ": " + std::strerror(error));
}

void AtomicFile::write(std::string_view bytes) {
    if (const int error = detail::writeAll(m_fd, bytes)) fail("write failed", error);
}

void AtomicFile::commit() {
    // fsync through our descriptor covers bytes a by-name writer put in the same file.
    if (::fsync(m_fd) != 0) fail("cannot sync", errno);
    if (::rename(m_temp.c_str(), m_path.c_str()) != 0) fail("cannot replace the file", errno);
    m_committed = true;
    // The new file is in place; a folder that cannot be synced (some file systems refuse
    // fsync on a directory with EINVAL) is no reason to report the write as failed.
    const detail::Fd dir{::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (dir.fd >= 0 && ::fsync(dir.fd) != 0 && errno != EINVAL)
        fail("cannot sync its folder", errno);
}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

}  // namespace motcua::files
