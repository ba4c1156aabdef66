// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/server/server_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "database.h"
#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/store/store_error.h"
#include "password.h"

namespace motcua::server {

using json = nlohmann::json;
using store::Database;
using store::Statement;
using store::Transaction;

namespace {

// Append only: a migration that has shipped is never edited, a new one is added after it.
constexpr std::array<std::string_view, 1> kMigrations{
    R"sql(
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('officer','supervisor','admin')),
    ward          TEXT NOT NULL,
    password_hash TEXT NOT NULL,  -- hex PBKDF2-HMAC-SHA256
    salt          TEXT NOT NULL,  -- hex, 16 random bytes
    iterations    INTEGER NOT NULL CHECK (iterations >= 1),
    created_at    INTEGER NOT NULL
);

-- Bearer sessions by the SHA-256 of their token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE dossiers (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    ward       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    status     TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_op TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX dossiers_by_ward ON dossiers(ward);

-- Every applied op, kept forever: the op id is the idempotency key of push.
CREATE TABLE applied_ops (
    op_id          TEXT PRIMARY KEY,
    device_id      TEXT NOT NULL,
    device_seq     INTEGER NOT NULL,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    kind           TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    result_version INTEGER NOT NULL,
    applied_at     INTEGER NOT NULL
) WITHOUT ROWID;

-- Ops answered duplicate, conflict or rejected: what the desk was told, for support and stats.
CREATE TABLE refused_ops (
    id        INTEGER PRIMARY KEY,
    op_id     TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    outcome   TEXT NOT NULL CHECK (outcome IN ('duplicate','conflict','rejected')),
    reason    TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX refused_by_outcome ON refused_ops(outcome);

-- What pull serves: one row per change, ordered by the server's sequence, never by clocks.
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    ward      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    status    TEXT NOT NULL,
    payload   TEXT NOT NULL,
    op_id     TEXT NOT NULL
);
CREATE INDEX changes_by_ward ON changes(ward, seq);

-- Attachments by content hash (the blob endpoints come later).
-- Attachments: the file is stored once by hash (blobs/ab/cdef...); a row per ward that
-- uploaded it, so one ward cannot learn of another's files.
CREATE TABLE blobs (
    ward      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    size      INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (ward, sha256)
) WITHOUT ROWID;
)sql",
};

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t scalar(Database& db, std::string_view sql) {
    Statement st(db, sql);
    st.step();
    return st.getInt(0);
}

void migrate(Database& db) {
    const auto current = scalar(db, "PRAGMA user_version");
    if (current > static_cast<std::int64_t>(kMigrations.size()))
        throw ServerError(ServerError::Code::Storage,
                          db.path() + " has schema version " + std::to_string(current) +
                              ", newer than this motcua-server knows");
    for (auto v = current; v < static_cast<std::int64_t>(kMigrations.size()); ++v) {
        Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(v)]);
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
    }
}

User readUser(const Statement& st, int first) {
    return {st.getInt(first), st.getText(first + 1), st.getText(first + 2), st.getText(first + 3),
            st.getText(first + 4)};
}

/// A payload string field, or the fallback when absent or not a string.
std::string payloadString(const json& payload, const char* key, const std::string& fallback) {
    const auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

struct ServerStore::Impl {
    std::mutex mutex;
    Database db;
    std::filesystem::path blobDir;
    explicit Impl(const std::string& path)
        : db(path, true), blobDir(std::filesystem::absolute(path).parent_path() / "blobs") {}

    std::filesystem::path blobPath(const std::string& sha) const { return blobDir / sha.substr(0, 2) / sha.substr(2); }
    std::filesystem::path partialPath(const User& user, const std::string& sha) const {
        return blobDir / "partial" / (user.ward + "-" + sha);
    }
    bool hasBlob(const User& user, const std::string& sha, std::int64_t* size = nullptr) {
        Statement st(db, "SELECT size FROM blobs WHERE ward = ? AND sha256 = ?");
        st.bind(1, user.ward).bind(2, sha);
        if (!st.step()) return false;
        if (size) *size = st.getInt(0);
        return true;
    }
};

namespace {

void requireSha(const std::string& sha) {
    const bool ok = sha.size() == 64 && std::all_of(sha.begin(), sha.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                    });
    if (!ok) throw ServerError(ServerError::Code::InvalidInput, "a blob is named by 64 lowercase hex digits of SHA-256");
}

std::int64_t fileSize(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

void syncFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

ServerStore::ServerStore(const std::string& path) {
    try {
        m_impl = std::make_unique<Impl>(path);
        migrate(m_impl->db);
    } catch (const store::StoreError& e) {
        throw ServerError(ServerError::Code::Storage, e.what());
    }
}

ServerStore::~ServerStore() = default;

int ServerStore::schemaVersion() { return static_cast<int>(kMigrations.size()); }

User ServerStore::addUser(const NewUser& user, int iterations) {
    if (user.username.empty() || user.username.size() > sync::kMaxIdBytes)
        throw ServerError(ServerError::Code::InvalidInput, "a username of 1 to 128 bytes is needed");
    if (!sync::isValidRole(user.role))
        throw ServerError(ServerError::Code::InvalidInput,
                          "unknown role '" + user.role + "' (officer, supervisor or admin)");
    if (user.ward.empty()) throw ServerError(ServerError::Code::InvalidInput, "a ward code is needed");
    if (user.password.size() < 8)
        throw ServerError(ServerError::Code::InvalidInput, "the password must have at least 8 characters");
    if (iterations < 1) throw ServerError(ServerError::Code::InvalidInput, "iterations must be positive");
    const std::string saltHex = randomHex(16);
    const std::string derivedHex = passwordHashHex(user.password, saltHex, iterations);

    std::lock_guard lock(m_impl->mutex);
    auto& db = m_impl->db;
    Transaction tx(db);
    {
        Statement exists(db, "SELECT 1 FROM users WHERE username = ?");
        exists.bind(1, user.username);
        if (exists.step())
            throw ServerError(ServerError::Code::Conflict, "user '" + user.username + "' already exists");
    }
    Statement insert(db,
                     "INSERT INTO users (username, full_name, role, ward, password_hash, salt, iterations, "
                     "created_at) VALUES (?,?,?,?,?,?,?,?)");
    insert.bind(1, user.username).bind(2, user.fullName).bind(3, user.role).bind(4, user.ward);
    insert.bind(5, derivedHex).bind(6, saltHex).bind(7, iterations).bind(8, unixNow()).run();
    const User created{db.lastInsertRowid(), user.username, user.fullName, user.role, user.ward};
    tx.commit();
    return created;
}

std::optional<sync::Session> ServerStore::login(const std::string& username, const std::string& password,
                                                 std::chrono::seconds ttl) {
    User user;
    std::string storedHex, saltHex;
    int iterations = 0;
    bool found = false;
    {
        std::lock_guard lock(m_impl->mutex);
        Statement st(m_impl->db,
                     "SELECT id, username, full_name, role, ward, password_hash, salt, iterations "
                     "FROM users WHERE username = ?");
        st.bind(1, username);
        found = st.step();
        if (found) user = readUser(st, 0);
        if (found) {
            storedHex = st.getText(5);
            saltHex = st.getText(6);
            iterations = static_cast<int>(st.getInt(7));
        }
    }
    if (!found) {
        // Spend the same work as for a real user, so timing does not tell which names exist.
        pbkdf2Sha256(password, "motcua-no-such-user", kDefaultIterations);
        return std::nullopt;
    }
    // Hashing runs outside the lock: it is deliberately slow and touches no shared state.
    const std::string derivedHex = passwordHashHex(password, saltHex, iterations);
    if (!equalSecrets(derivedHex, storedHex)) return std::nullopt;

    sync::Session session;
    session.token = randomHex(32);
    session.username = user.username;
    session.fullName = user.fullName;
    session.role = user.role;
    session.ward = user.ward;
    const std::int64_t now = unixNow();
    session.expiresAt = now + ttl.count();
    std::lock_guard lock(m_impl->mutex);
    auto& db = m_impl->db;
    Transaction tx(db);
    // Expired sessions go as new ones come, so the table does not grow without bound.
    Statement purge(db, "DELETE FROM sessions WHERE expires_at <= ?");
    purge.bind(1, now).run();
    Statement insert(db, "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)");
    insert.bind(1, sha256Hex(session.token)).bind(2, user.id).bind(3, now).bind(4, session.expiresAt).run();
    tx.commit();
    return session;
}

std::optional<User> ServerStore::userForToken(const std::string& token) {
    if (token.empty() || token.size() > sync::kMaxIdBytes) return std::nullopt;
    std::lock_guard lock(m_impl->mutex);
    Statement st(m_impl->db,
                 "SELECT u.id, u.username, u.full_name, u.role, u.ward FROM sessions s "
                 "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?");
    st.bind(1, sha256Hex(token)).bind(2, unixNow());
    if (!st.step()) return std::nullopt;
    return readUser(st, 0);
}

sync::PushResult ServerStore::push(const User& user, const sync::PushRequest& request) {
    using sync::OpOutcome;
    std::lock_guard lock(m_impl->mutex);
    auto& db = m_impl->db;
    const std::int64_t now = unixNow();
    sync::PushResult result;
    Transaction tx(db);
    Statement findOp(db, "SELECT device_id, result_version FROM applied_ops WHERE op_id = ?");
    Statement findDossier(db, "SELECT id, ward, version, status, payload FROM dossiers WHERE code = ?");
    Statement insertOp(db,
                       "INSERT INTO applied_ops (op_id, device_id, device_seq, user_id, kind, entity_id, "
                       "result_version, applied_at) VALUES (?,?,?,?,?,?,?,?)");
    Statement insertChange(db,
                           "INSERT INTO changes (ward, kind, entity_id, version, status, payload, op_id) "
                           "VALUES (?,?,?,?,?,?,?)");
    Statement refuse(db,
                     "INSERT INTO refused_ops (op_id, device_id, user_id, outcome, reason, at) "
                     "VALUES (?,?,?,?,?,?)");

    for (const auto& op : request.ops) {
        sync::OpResult r{op.opId, OpOutcome::Applied, std::nullopt, ""};
        auto answer = [&](OpOutcome outcome, std::optional<std::int64_t> version, std::string reason) {
            r.outcome = outcome;
            r.serverVersion = version;
            r.error = std::move(reason);
            refuse.reset();
            refuse.bind(1, op.opId).bind(2, op.deviceId).bind(3, user.id);
            refuse.bind(4, std::string(sync::opOutcomeName(outcome))).bind(5, r.error).bind(6, now).run();
        };
        [&] {
            findOp.reset();
            findOp.bind(1, op.opId);
            if (findOp.step()) {
                // The same op again is a retry; the same id from another device is a replay.
                if (findOp.getText(0) != op.deviceId)
                    answer(OpOutcome::Rejected, std::nullopt, "op " + op.opId + " was already applied for another device");
                else
                    answer(OpOutcome::Duplicate, findOp.getInt(1), "");
                return;
            }
            std::string ward;
            try {
                ward = DossierCode::parse(op.entityId).unitCode();
            } catch (const Error& e) {
                answer(OpOutcome::Rejected, std::nullopt, "entity_id is not a dossier code: " + std::string(e.what()));
                return;
            }
            if (ward != user.ward) {
                answer(OpOutcome::Rejected, std::nullopt,
                       "dossier " + op.entityId + " belongs to ward " + ward + ", not to " + user.ward);
                return;
            }
            const json payload = json::parse(op.payload);
            findDossier.reset();
            findDossier.bind(1, op.entityId);
            const bool exists = findDossier.step();
            std::int64_t version = 1;
            std::string status;
            std::string storedPayload;
            if (op.kind == sync::OpKind::DossierIntake) {
                if (exists) {
                    answer(OpOutcome::Conflict, findDossier.getInt(2),
                           "dossier " + op.entityId + " already exists on the server, created by another op");
                    return;
                }
                status = payloadString(payload, "status", "received");
                storedPayload = op.payload;
                Statement insert(db,
                                 "INSERT INTO dossiers (code, ward, version, status, payload, created_op, updated_at) "
                                 "VALUES (?,?,?,?,?,?,?)");
                insert.bind(1, op.entityId).bind(2, ward).bind(3, version).bind(4, status);
                insert.bind(5, storedPayload).bind(6, op.opId).bind(7, now).run();
            } else {
                if (!exists) {
                    answer(OpOutcome::Rejected, std::nullopt, "dossier " + op.entityId + " is not on the server");
                    return;
                }
                const std::int64_t current = findDossier.getInt(2);
                if (current != op.baseVersion) {
                    answer(OpOutcome::Conflict, current,
                           "dossier " + op.entityId + " is at version " + std::to_string(current) +
                               " on the server, the op was made on version " + std::to_string(op.baseVersion));
                    return;
                }
                const std::int64_t id = findDossier.getInt(0);
                status = findDossier.getText(3);
                json dossier = json::parse(findDossier.getText(4));
                if (op.kind == sync::OpKind::DossierAction) {
                    status = payloadString(payload, "to", status);
                    dossier["status"] = status;
                } else if (payload.contains("applicant") && payload["applicant"].is_object()) {
                    dossier["applicant"] = payload["applicant"];
                }
                version = current + 1;
                dossier["version"] = version;
                storedPayload = dossier.dump();
                Statement update(db, "UPDATE dossiers SET version = ?, status = ?, payload = ?, updated_at = ? WHERE id = ?");
                update.bind(1, version).bind(2, status).bind(3, storedPayload).bind(4, now).bind(5, id).run();
            }
            insertOp.reset();
            insertOp.bind(1, op.opId).bind(2, op.deviceId).bind(3, op.seq).bind(4, user.id);
            insertOp.bind(5, std::string(sync::opKindName(op.kind))).bind(6, op.entityId).bind(7, version);
            insertOp.bind(8, now).run();
            insertChange.reset();
            insertChange.bind(1, ward).bind(2, std::string(sync::opKindName(op.kind))).bind(3, op.entityId);
            insertChange.bind(4, version).bind(5, status).bind(6, storedPayload).bind(7, op.opId).run();
            r.serverVersion = version;
        }();
        result.results.push_back(std::move(r));
    }
    tx.commit();
    return result;
}

sync::PullResponse ServerStore::pull(const User& user, std::int64_t cursor, int limit) {
    if (limit < 1 || limit > sync::kMaxPullLimit)
        throw ServerError(ServerError::Code::InvalidInput,
                          "limit must be 1 to " + std::to_string(sync::kMaxPullLimit));
    std::lock_guard lock(m_impl->mutex);
    Statement st(m_impl->db,
                 "SELECT seq, kind, entity_id, version, status, payload FROM changes "
                 "WHERE ward = ? AND seq > ? ORDER BY seq LIMIT ?");
    st.bind(1, user.ward).bind(2, cursor).bind(3, limit + 1);
    sync::PullResponse response;
    response.cursor = cursor;
    while (st.step()) {
        if (static_cast<int>(response.changes.size()) == limit) {
            response.more = true;
            break;
        }
        response.changes.push_back(
            {st.getInt(0), st.getText(1), st.getText(2), st.getInt(3), st.getText(4), st.getText(5)});
        response.cursor = st.getInt(0);
    }
    return response;
}

BlobState ServerStore::blobState(const User& user, const std::string& sha256) {
    requireSha(sha256);
    std::lock_guard lock(m_impl->mutex);
    std::int64_t size = 0;
    if (m_impl->hasBlob(user, sha256, &size)) return {true, size};
    return {false, fileSize(m_impl->partialPath(user, sha256))};
}

BlobState ServerStore::putBlob(const User& user, const std::string& sha256, std::int64_t offset, std::int64_t total,
                               const std::string& bytes) {
    requireSha(sha256);
    if (total < 1 || total > kMaxBlobBytes)
        throw ServerError(ServerError::Code::TooLarge,
                          "a blob must have 1 to " + std::to_string(kMaxBlobBytes) + " bytes");
    const auto size = static_cast<std::int64_t>(bytes.size());
    if (offset < 0 || offset + size > total)
        throw ServerError(ServerError::Code::InvalidInput, "the piece does not fit the announced total");
    std::lock_guard lock(m_impl->mutex);
    std::int64_t stored = 0;
    if (m_impl->hasBlob(user, sha256, &stored)) return {true, stored};  // a retry after success
    namespace fs = std::filesystem;
    const fs::path partial = m_impl->partialPath(user, sha256);
    fs::create_directories(partial.parent_path());
    const std::int64_t current = fileSize(partial);
    if (offset != current)
        throw ServerError(ServerError::Code::Conflict,
                          "the upload stands at " + std::to_string(current) + " bytes, not " + std::to_string(offset));
    {
        std::ofstream out(partial, std::ios::binary | std::ios::app);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) throw ServerError(ServerError::Code::Storage, "cannot write " + partial.string());
    }
    syncFile(partial);
    if (current + size < total) return {false, current + size};

    if (sha256FileHex(partial.string()) != sha256) {
        fs::remove(partial);
        throw ServerError(ServerError::Code::HashMismatch,
                          "the uploaded bytes do not have SHA-256 " + sha256 + "; upload them again");
    }
    const fs::path target = m_impl->blobPath(sha256);
    fs::create_directories(target.parent_path());
    // Content-addressed: if another ward stored the same bytes already, the file is the same.
    if (fs::exists(target)) fs::remove(partial);
    else fs::rename(partial, target);
    syncFile(target.parent_path());
    Statement insert(m_impl->db, "INSERT INTO blobs (ward, sha256, size, stored_at) VALUES (?,?,?,?)");
    insert.bind(1, user.ward).bind(2, sha256).bind(3, total).bind(4, unixNow()).run();
    return {true, total};
}

std::string ServerStore::readBlob(const User& user, const std::string& sha256) {
    requireSha(sha256);
    std::lock_guard lock(m_impl->mutex);
    if (!m_impl->hasBlob(user, sha256)) throw ServerError(ServerError::Code::NotFound, "no blob " + sha256);
    std::ifstream in(m_impl->blobPath(sha256), std::ios::binary);
    if (!in) throw ServerError(ServerError::Code::Storage, "blob " + sha256 + " is missing from the folder");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Stats ServerStore::stats() {
    std::lock_guard lock(m_impl->mutex);
    auto& db = m_impl->db;
    Stats s;
    s.dossiers = scalar(db, "SELECT count(*) FROM dossiers");
    s.opsApplied = scalar(db, "SELECT count(*) FROM applied_ops");
    s.duplicates = scalar(db, "SELECT count(*) FROM refused_ops WHERE outcome = 'duplicate'");
    s.rejected = scalar(db, "SELECT count(*) FROM refused_ops WHERE outcome = 'rejected'");
    s.blobs = scalar(db, "SELECT count(*) FROM blobs");
    return s;
}

}  // namespace motcua::server
