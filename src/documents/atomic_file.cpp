// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/documents/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "motcua/documents/document_error.h"

namespace motcua::documents {

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
    // mkstemp makes the file 0600; forms and registers are ordinary documents.
    if (::fchmod(m_fd, 0644) != 0) fail("cannot set the file mode", errno);
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && m_fd >= 0) ::unlink(m_temp.c_str());
}

void AtomicFile::fail(const std::string& what, int error) const {
    throw DocumentError(DocumentError::Code::Io,
                        "cannot write " + m_path + ": " + what + ": " + std::strerror(error));
}

void AtomicFile::write(std::string_view bytes) {
    for (std::size_t written = 0; written < bytes.size();) {
        const ssize_t n = ::write(m_fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write failed", errno);
        }
        written += std::size_t(n);
    }
}

void AtomicFile::commit() {
    // fsync through our descriptor covers bytes a by-name writer put in the same file.
    if (::fsync(m_fd) != 0) fail("cannot sync", errno);
    if (::rename(m_temp.c_str(), m_path.c_str()) != 0) fail("cannot replace the file", errno);
    m_committed = true;
    // Best effort: the new file is in place; some file systems cannot sync a folder.
    const int dirFd = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
}

void writeFileAtomically(const std::string& path, std::string_view bytes) {
    AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

}  // namespace motcua::documents
