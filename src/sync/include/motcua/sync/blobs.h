// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "motcua/sync/transport.h"

namespace motcua::sync {

/// The upload header both ends use: how many bytes of a blob the server holds.
inline constexpr const char* kUploadOffsetHeader = "X-MotCua-Upload-Offset";
inline constexpr std::int64_t kDefaultBlobChunk = 1024 * 1024;

/// Makes sure the server holds the blob `sha256` whose bytes are the file at `path`: asks how
/// much it has (HEAD), then sends the rest in pieces of `chunkBytes` with Content-Range, so an
/// upload cut by the network resumes where the server stands rather than from the start.
/// Returns the bytes sent (0 when the server already had it). Throws SyncError(Network) when
/// the connection fails (call again to resume), (Server) when the server refuses the bytes
/// (e.g. their hash does not match: the local file is damaged), (Malformed) for an unreadable
/// file.
std::int64_t uploadBlob(Transport& transport, const std::string& token, const std::string& sha256,
                        const std::string& path, std::int64_t chunkBytes = kDefaultBlobChunk);

/// The blobs an outbox op needs on the server first: its attachments, a draft result submitted
/// for approval, an approval's signed result, the form of a decision on a submission. Malformed
/// payloads name none.
std::vector<std::string> blobsNamedBy(const std::string& opPayload);

/// Fetches a blob of the ward from the server into `path`, `chunkBytes` at a time with Range
/// requests, appending to what an earlier, interrupted download left there; neither end holds
/// more than a chunk in memory. Returns the blob's size; the caller checks its hash. Throws
/// SyncError(Network), (Unauthorized), or (Server) for a blob the server does not have.
std::int64_t downloadBlob(Transport& transport, const std::string& token, const std::string& sha256,
                          const std::string& path, std::int64_t chunkBytes = kDefaultBlobChunk);

}  // namespace motcua::sync
