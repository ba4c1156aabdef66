// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/blobs.h"

#include <algorithm>
#include <cstdio>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/limits.h"
#include "motcua/protocol/protocol.h"

namespace motcua::sync {

namespace {

std::int64_t offsetOf(const HttpReply& reply) {
    const std::string value = reply.header("x-motcua-upload-offset");
    std::int64_t offset = -1;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), offset);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || offset < 0)
        throw SyncError(SyncError::Code::Server,
                        "the server's blob answer has no valid upload offset");
    return offset;
}

std::string errorText(const HttpReply& reply) {
    try {
        const auto error = decodeErrorBody(reply.body);
        return error.code + ": " + error.message;
    } catch (const SyncError&) {
        return "status " + std::to_string(reply.status);
    }
}

}  // namespace

std::int64_t uploadBlob(Transport& transport, const std::string& token, const std::string& sha256,
                        const std::string& path, std::int64_t chunkBytes) {
    if (chunkBytes < 1)
        throw SyncError(SyncError::Code::Malformed, "the upload chunk must be at least one byte");
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        throw SyncError(SyncError::Code::Malformed,
                        "cannot read blob " + path + ": " + ec.message());
    const auto total = static_cast<std::int64_t>(size);
    const std::string url = "/api/v1/blobs/" + sha256;

    const auto head = transport.exchange({"HEAD", url, "", token, "application/json", {}});
    if (head.status == 200) return 0;
    if (head.status == 401)
        throw SyncError(SyncError::Code::Unauthorized, "blob upload: the session expired");
    if (head.status != 404)
        throw SyncError(SyncError::Code::Server,
                        "blob " + sha256 + ": the server answered " + std::to_string(head.status));
    std::int64_t offset = offsetOf(head);

    std::ifstream in(path, std::ios::binary);
    if (!in) throw SyncError(SyncError::Code::Malformed, "cannot read blob " + path);
    std::int64_t sent = 0;
    std::string piece;
    // An empty file is one PUT without a range.
    for (int rounds = 0;; ++rounds) {
        if (offset > total)
            throw SyncError(SyncError::Code::Server,
                            "the server holds more of blob " + sha256 + " than it has");
        const std::int64_t length = std::min(chunkBytes, total - offset);
        piece.resize(static_cast<std::size_t>(length));
        in.clear();
        in.seekg(offset);
        if (length > 0 && !in.read(piece.data(), static_cast<std::streamsize>(length)))
            throw SyncError(SyncError::Code::Malformed, "cannot read blob " + path);
        HttpRequest put{"PUT", url, piece, token, "application/octet-stream", {}};
        if (total > 0)
            put.headers.push_back({"Content-Range", "bytes " + std::to_string(offset) + "-" +
                                                        std::to_string(offset + length - 1) + "/" +
                                                        std::to_string(total)});
        const auto reply = transport.exchange(put);
        if (reply.status == 201) return sent + length;
        if (reply.status == 202) {
            sent += length;
            offset = offsetOf(reply);
        } else if (reply.status == 409) {
            offset = offsetOf(reply);  // the server stands elsewhere (an earlier piece was lost)
        } else if (reply.status == 401) {
            throw SyncError(SyncError::Code::Unauthorized, "blob upload: the session expired");
        } else {
            throw SyncError(SyncError::Code::Server,
                            "blob " + sha256 + " (" + path + ") refused: " + errorText(reply));
        }
        // Each round moves the offset forward or to where the server says; a server that
        // keeps answering without progress must not loop forever.
        if (rounds > 4 * (total / chunkBytes + 2))
            throw SyncError(SyncError::Code::Server,
                            "blob " + sha256 + ": the upload makes no progress");
    }
}

std::int64_t downloadBlob(Transport& transport, const std::string& token, const std::string& sha256,
                          const std::string& path, std::int64_t chunkBytes) {
    if (chunkBytes < 1)
        throw SyncError(SyncError::Code::Malformed, "the download chunk must be at least one byte");
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::int64_t have = 0;
    if (const auto size = std::filesystem::file_size(path, ec); !ec)
        have = static_cast<std::int64_t>(size);
    std::ofstream out(path, std::ios::binary | std::ios::app);
    if (!out) throw SyncError(SyncError::Code::Malformed, "cannot write " + path);
    const std::string url = "/api/v1/blobs/" + sha256;
    for (int rounds = 0;; ++rounds) {
        const std::string range =
            "bytes=" + std::to_string(have) + "-" + std::to_string(have + chunkBytes - 1);
        const auto reply =
            transport.exchange({"GET", url, "", token, "application/json", {{"Range", range}}});
        // Past the end: an earlier download got it all and stopped before keeping it. The
        // caller's hash check decides whether it is right.
        if (reply.status == 416 && have > 0) return have;
        if (reply.status == 401)
            throw SyncError(SyncError::Code::Unauthorized, "blob download: the session expired");
        if (reply.status != 206)
            throw SyncError(SyncError::Code::Server,
                            "blob " + sha256 + " cannot be fetched: " + errorText(reply));
        std::int64_t start = -1, end = -1, total = -1;
        const std::string contentRange = reply.header("content-range");
        if (std::sscanf(contentRange.c_str(), "bytes %ld-%ld/%ld", &start, &end, &total) != 3 ||
            start != have || end - start + 1 != static_cast<std::int64_t>(reply.body.size()) ||
            total <= end || total > limits::kBlobBytes)
            throw SyncError(SyncError::Code::Server,
                            "blob " + sha256 + ": the server's Content-Range '" + contentRange +
                                "' does not fit the request");
        if (!out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size())) ||
            !out.flush())
            throw SyncError(SyncError::Code::Malformed, "cannot write " + path);
        have = end + 1;
        if (have == total) return total;
        if (rounds > total / chunkBytes + 2)
            throw SyncError(SyncError::Code::Server,
                            "blob " + sha256 + ": the download makes no progress");
    }
}

std::vector<std::string> blobsNamedBy(const std::string& opPayload) {
    std::vector<std::string> blobs;
    const auto payload = nlohmann::json::parse(opPayload, nullptr, false);
    if (!payload.is_object()) return blobs;
    // An intake's attachments, and the files a dossier.files op adds to a document.
    for (const auto list : {std::string_view("attachments"), payload::kFiles})
        if (const auto it = payload.find(list); it != payload.end() && it->is_array())
            for (const auto& a : *it)
                if (a.is_object() && a.contains("sha256") && a["sha256"].is_string())
                    blobs.push_back(a["sha256"]);
    for (const auto key : {payload::kDraftSha256, payload::kResultSha256, payload::kFormSha256})
        if (const auto it = payload.find(key); it != payload.end() && it->is_string())
            blobs.push_back(*it);
    return blobs;
}

}  // namespace motcua::sync
