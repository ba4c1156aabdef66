// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "motcua/sync/protocol.h"

namespace motcua::server {

/// The one exception type of the server layer.
class ServerError : public std::runtime_error {
public:
    enum class Code {
        InvalidInput,  ///< a bad user, role, ward or option
        Conflict,      ///< e.g. the username is taken
        Storage,       ///< the database cannot be opened or used
        Config,        ///< TLS certificate/key or listen address unusable
        HashMismatch,  ///< an uploaded blob's bytes do not have the announced SHA-256
        TooLarge,      ///< a blob over kMaxBlobBytes
        NotFound,      ///< no such blob for this ward
    };
    ServerError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string fullName;
    std::string role;  ///< "officer", "supervisor", "admin"
    std::string ward;  ///< unit code; an officer sees and writes only this ward's dossiers
};

struct NewUser {
    std::string username;
    std::string fullName;
    std::string role;
    std::string ward;
    std::string password;
};

struct Stats {
    std::int64_t dossiers = 0;
    std::int64_t opsApplied = 0;
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t blobs = 0;
};

/// The server's own SQLite database: accounts, sessions, dossiers, applied ops (the
/// idempotency keys) and the change log pull reads. Safe to share between request threads:
/// one connection behind a mutex, since SQLite has one writer at a time anyway.
/// A blob as the server has it for a ward: complete, or the bytes of an upload so far.
struct BlobState {
    bool complete = false;
    std::int64_t size = 0;
};

class ServerStore {
public:
    static constexpr std::int64_t kMaxBlobBytes = 256 * 1024 * 1024;

    /// PBKDF2-HMAC-SHA256 iterations for new passwords (OWASP 2023 guidance).
    static constexpr int kDefaultIterations = 600'000;

    /// Opens or creates the file and runs pending migrations. Throws ServerError(Storage).
    explicit ServerStore(const std::string& path);
    ~ServerStore();
    ServerStore(const ServerStore&) = delete;
    ServerStore& operator=(const ServerStore&) = delete;

    static int schemaVersion();

    /// Throws ServerError(InvalidInput) for an unknown role or empty fields, (Conflict) for a
    /// username already taken.
    User addUser(const NewUser& user, int iterations = kDefaultIterations);

    /// A new bearer session when the password matches, else nothing.
    std::optional<sync::Session> login(const std::string& username, const std::string& password,
                                       std::chrono::seconds ttl);
    /// The user of a live session, or nothing for an unknown or expired token.
    std::optional<User> userForToken(const std::string& token);

    /// Applies the ops in order in one transaction; one result per op.
    sync::PushResult push(const User& user, const sync::PushRequest& request);
    /// The user's ward's changes after `cursor`, at most `limit` (1..kMaxPullLimit).
    sync::PullResponse pull(const User& user, std::int64_t cursor, int limit);

    /// Attachments by SHA-256 (64 lowercase hex digits), in a folder beside the database,
    /// uploaded in pieces: each piece must start where the upload stands (else
    /// ServerError(Conflict)); the last one is hash-checked (HashMismatch drops the upload, so
    /// a bad blob is never stored). A ward sees only blobs it uploaded itself.
    BlobState blobState(const User& user, const std::string& sha256);
    BlobState putBlob(const User& user, const std::string& sha256, std::int64_t offset, std::int64_t total,
                      const std::string& bytes);
    /// Throws ServerError(NotFound).
    std::string readBlob(const User& user, const std::string& sha256);

    Stats stats();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::server
