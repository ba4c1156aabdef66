// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Attachments: files by SHA-256 in the blob folder, a row per ward that uploaded them.
#include <algorithm>
#include <fstream>

#include "motcua/files/files.h"
#include "password.h"
#include "server_store_impl.h"

namespace motcua::server {

namespace {

std::int64_t fileSize(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

/// Makes room for a new upload of `ward`: unfinished uploads untouched for kPartialUploadTtl
/// (any ward's) are removed; past kMaxPartialUploadsPerWard or kMaxPartialBytesPerWard of its
/// own still in progress, the ward must finish or wait. `serverNow` is the server's clock; the
/// files' times are the filesystem's. Called with the blob mutex held.
void admitUpload(const std::filesystem::path& partials, const std::string& ward,
                 std::chrono::system_clock::time_point serverNow) {
    namespace fs = std::filesystem;
    const auto now = fs::file_time_type::clock::from_sys(serverNow);
    std::int64_t uploads = 0, bytes = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(partials, ec)) {
        const auto modified = entry.last_write_time(ec);
        if (ec) continue;
        if (now - modified > ServerStore::kPartialUploadTtl) {
            fs::remove(entry.path(), ec);
            continue;
        }
        if (entry.path().filename().string().rfind(ward + "-", 0) != 0) continue;
        ++uploads;
        bytes += fileSize(entry.path());
    }
    if (uploads >= ServerStore::kMaxPartialUploadsPerWard ||
        bytes >= ServerStore::kMaxPartialBytesPerWard)
        throw ServerError(ServerError::Code::TooLarge,
                          "ward " + ward + " has " + std::to_string(uploads) +
                              " unfinished uploads (" + std::to_string(bytes >> 20) +
                              " MiB); finish them, or wait until they expire");
}

}  // namespace

std::string ServerStore::Impl::blobHead(const std::string& sha, std::size_t n) const {
    std::ifstream in(blobPath(sha), std::ios::binary);
    std::string head(n, '\0');
    in.read(head.data(), static_cast<std::streamsize>(n));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return head;
}

bool ServerStore::Impl::hasBlob(sql::Connection& c, const std::string& ward, const std::string& sha,
                                std::int64_t* size) {
    auto rows = c.query("SELECT size FROM blobs WHERE ward = ? AND sha256 = ?", {ward, sha});
    if (!rows.next()) return false;
    if (size) *size = rows.integer(0);
    return true;
}

bool ServerStore::Impl::readable(sql::Connection& c, const User& user, const std::string& sha,
                                 std::int64_t* size) {
    if (hasBlob(c, blobOwner(user), sha, size)) return true;
    if (!user.isConnector()) return false;
    // A connector may read the forms of the decisions on its own submissions.
    auto rows = c.query(
        "SELECT b.size FROM notices n JOIN submissions s ON s.code = n.code "
        "JOIN blobs b ON b.ward = n.ward AND b.sha256 = n.form_sha256 "
        "WHERE n.form_sha256 = ? AND s.connector_id = ? LIMIT 1",
        {sha, user.id});
    if (!rows.next()) return false;
    if (size) *size = rows.integer(0);
    return true;
}

BlobState ServerStore::blobState(const User& user, const std::string& sha256) {
    requireSha(sha256);
    std::lock_guard lock(m_impl->blobMutex);
    std::int64_t size = 0;
    const bool complete = storage([&] {
        return m_impl->db->read(
            [&](sql::Connection& c) { return m_impl->readable(c, user, sha256, &size); });
    });
    if (complete) return {true, size};
    return {false, fileSize(m_impl->partialPath(user, sha256))};
}

BlobState ServerStore::putBlob(const User& user, const std::string& sha256, std::int64_t offset,
                               std::int64_t total, const std::string& bytes) {
    requireSha(sha256);
    if (total < 1 || total > kMaxBlobBytes)
        throw ServerError(ServerError::Code::TooLarge,
                          "a blob must have 1 to " + std::to_string(kMaxBlobBytes) + " bytes");
    const auto size = static_cast<std::int64_t>(bytes.size());
    if (offset < 0 || offset + size > total)
        throw ServerError(ServerError::Code::InvalidInput,
                          "the piece does not fit the announced total");
    std::lock_guard lock(m_impl->blobMutex);
    std::int64_t stored = 0;
    if (storage([&] {
            return m_impl->db->read([&](sql::Connection& c) {
                return m_impl->hasBlob(c, blobOwner(user), sha256, &stored);
            });
        }))
        return {true, stored};  // a retry after success
    namespace fs = std::filesystem;
    const fs::path partial = m_impl->partialPath(user, sha256);
    fs::create_directories(partial.parent_path());
    const std::int64_t current = fileSize(partial);
    if (current == 0 && offset == 0)
        admitUpload(partial.parent_path(), blobOwner(user), m_impl->clock->now());
    if (offset != current)
        throw ServerError(ServerError::Code::Conflict, "the upload stands at " +
                                                           std::to_string(current) +
                                                           " bytes, not " + std::to_string(offset));
    files::rethrowAs<ServerError>(ServerError::Code::Storage,
                                  [&] { files::appendSynced(partial.string(), bytes); });
    if (current + size < total) return {false, current + size};

    if (sha256FileHex(partial.string()) != sha256) {
        fs::remove(partial);
        throw ServerError(
            ServerError::Code::HashMismatch,
            "the uploaded bytes do not have SHA-256 " + sha256 + "; upload them again");
    }
    // Content-addressed: if another ward stored the same bytes already, the file is the same.
    files::rethrowAs<ServerError>(ServerError::Code::Storage, [&] {
        files::putByHash(m_impl->folder().string(), sha256, partial.string());
    });
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            c.query(
                "INSERT INTO blobs (ward, sha256, size, stored_at) VALUES (?,?,?,?) ON CONFLICT DO "
                "NOTHING",
                {blobOwner(user), sha256, total, m_impl->unixNow()});
        });
    });
    return {true, total};
}

BlobFile ServerStore::blobFile(const User& user, const std::string& sha256) {
    namespace fs = std::filesystem;
    requireSha(sha256);
    const bool has = storage([&] {
        return m_impl->db->read(
            [&](sql::Connection& c) { return m_impl->readable(c, user, sha256); });
    });
    if (!has) throw ServerError(ServerError::Code::NotFound, "no blob " + sha256);
    const fs::path path = m_impl->blobPath(sha256);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw ServerError(ServerError::Code::Storage,
                          "blob " + sha256 + " is missing from the folder");
    return {path.string(), static_cast<std::int64_t>(size)};
}

}  // namespace motcua::server
