// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Opening the store, accounts, sessions, shared imports and stats.
#include "motcua/server/server_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "migrations.h"
#include "motcua/core/catalog_file.h"
#include "motcua/core/error.h"
#include "motcua/core/role.h"
#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "password.h"
#include "server_store_impl.h"

namespace motcua::server {

using json = nlohmann::json;

bool isPostgresTarget(std::string_view db) {
    return sql::Database::isPostgresUrl(db);
}

void requireSha(const std::string& sha) {
    if (!isSha256Hex(sha))
        throw ServerError(ServerError::Code::InvalidInput,
                          "a blob is named by 64 lowercase hex digits of SHA-256");
}

namespace {

User readUser(const sql::Rows& rows) {
    return {rows.integer(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4)};
}

}  // namespace

ServerStore::ServerStore(const std::string& db) : ServerStore(StoreOptions{db, {}, {}, {}, 8}) {}

ServerStore::ServerStore(const StoreOptions& options) : m_impl(std::make_unique<Impl>()) {
    if (options.db.empty())
        throw ServerError(ServerError::Code::Config, "a database is needed (--db)");
    const bool postgres = sql::Database::isPostgresUrl(options.db);
    try {
        m_impl->db = sql::Database::open(options.db, options.poolSize);
        migrate(*m_impl->db);
    } catch (const ServerError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw ServerError(ServerError::Code::Storage, e.what());
    }
    // PostgreSQL has no file to put the blobs beside: without a folder, blobs are refused.
    if (!options.blobDir.empty())
        m_impl->blobDir = std::filesystem::absolute(options.blobDir);
    else if (!postgres)
        m_impl->blobDir = std::filesystem::absolute(options.db).parent_path() / "blobs";
    m_impl->trustFiles = options.trustFiles;
    m_impl->crlFiles = options.crlFiles;
    m_impl->clock = options.clock ? options.clock : std::make_shared<SystemClock>();
}

ServerStore::~ServerStore() = default;

int ServerStore::schemaVersion() {
    return migrationCount();
}

const Clock& ServerStore::clock() const {
    return *m_impl->clock;
}

bool ServerStore::usesPostgres() const {
    return m_impl->db->dialect() == sql::Dialect::Postgres;
}

void ServerStore::setTrust(std::vector<std::string> trustFiles, std::vector<std::string> crlFiles) {
    std::lock_guard lock(m_impl->trustMutex);
    m_impl->trustFiles = std::move(trustFiles);
    m_impl->crlFiles = std::move(crlFiles);
}

User ServerStore::addUser(const NewUser& user, int iterations) {
    if (user.username.empty() || user.username.size() > sync::kMaxIdBytes)
        throw ServerError(ServerError::Code::InvalidInput,
                          "a username of 1 to 128 bytes is needed");
    const auto role = parseRole(user.role);
    if (!role)
        throw ServerError(
            ServerError::Code::InvalidInput,
            "unknown role '" + user.role + "' (officer, supervisor, admin or portal)");
    // A connector submits for every ward and belongs to none.
    const bool connector = role == Role::Portal;
    if (connector && !user.ward.empty())
        throw ServerError(ServerError::Code::InvalidInput,
                          "a portal connector has no ward; leave --ward out");
    if (!connector && (user.ward.empty() || user.ward == "*"))
        throw ServerError(ServerError::Code::InvalidInput, "a ward code is needed");
    if (user.password.size() < 8)
        throw ServerError(ServerError::Code::InvalidInput,
                          "the password must have at least 8 characters");
    if (iterations < 1)
        throw ServerError(ServerError::Code::InvalidInput, "iterations must be positive");
    if (!user.certificatesDer.empty() && role != Role::Supervisor)
        throw ServerError(ServerError::Code::InvalidInput,
                          "only a supervisor has a signing certificate registered (approvals are "
                          "checked against it)");
    struct Cert {
        std::string sha, hex, subject;
    };
    std::vector<Cert> certs;
    for (const auto& der : user.certificatesDer) {
        try {
            const auto info = signing::describeCertificate(der);
            if (info.isCa)
                throw ServerError(ServerError::Code::InvalidInput,
                                  "the certificate " + info.subject + " is a CA's, not a signer's");
            certs.push_back({sha256Hex(der), signing::toHex(der), info.subject});
        } catch (const signing::SigningError& e) {
            throw ServerError(ServerError::Code::InvalidInput,
                              std::string("not an X.509 certificate: ") + e.what());
        }
    }
    const std::string saltHex = randomHex(16);
    const std::string derivedHex = passwordHashHex(user.password, saltHex, iterations);
    const std::int64_t now = m_impl->unixNow();
    const std::string account = json{
        {"username", user.username},
        {"full_name", user.fullName},
        {"role", user.role},
        {"ward", user.ward}}.dump();
    return storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            if (!connector) c.lockWard(user.ward);
            if (c.query("SELECT 1 FROM users WHERE username = ?", {user.username}).next())
                throw ServerError(ServerError::Code::Conflict,
                                  "user '" + user.username + "' already exists");
            const std::int64_t id = c.scalar(
                "INSERT INTO users (username, full_name, role, ward, password_hash, salt, "
                "iterations, created_at) "
                "VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                {user.username, user.fullName, user.role, user.ward, derivedHex, saltHex,
                 std::int64_t{iterations}, now});
            for (const auto& cert : certs)
                c.query(
                    "INSERT INTO user_certificates (user_id, sha256, der_hex, subject, added_at) "
                    "VALUES (?,?,?,?,?) "
                    "ON CONFLICT DO NOTHING",
                    {id, cert.sha, cert.hex, cert.subject, now});
            // Desks learn of their ward's accounts; a connector is nobody's to pull.
            if (!connector)
                c.query(
                    "INSERT INTO changes (ward, kind, entity_id, version, status, payload, op_id) "
                    "VALUES (?, 'account.user', ?, 1, 'active', ?, 'server:user.add')",
                    {user.ward, user.username, account});
            return User{id, user.username, user.fullName, user.role, user.ward};
        });
    });
}

std::optional<sync::Session> ServerStore::login(const std::string& username,
                                                const std::string& password,
                                                std::chrono::seconds ttl) {
    struct Stored {
        User user;
        std::string hashHex, saltHex;
        int iterations = 0;
        bool disabled = false;
    };
    const auto stored = storage([&] {
        return m_impl->db->read([&](sql::Connection& c) -> std::optional<Stored> {
            auto rows = c.query(
                "SELECT id, username, full_name, role, ward, password_hash, salt, iterations, "
                "CASE WHEN disabled_at IS NULL THEN 0 ELSE 1 END FROM users WHERE username = ?",
                {username});
            if (!rows.next()) return std::nullopt;
            return Stored{readUser(rows), rows.text(5), rows.text(6),
                          static_cast<int>(rows.integer(7)), rows.integer(8) != 0};
        });
    });
    if (!stored) {
        // Spend the same work as for a real user, so timing does not tell which names exist.
        pbkdf2Sha256(password, "motcua-no-such-user", kDefaultIterations);
        return std::nullopt;
    }
    // Hashing runs outside any connection: it is deliberately slow and touches no shared state.
    // A disabled account costs the same hash and gets the same answer as a wrong password.
    const std::string derivedHex = passwordHashHex(password, stored->saltHex, stored->iterations);
    if (!equalSecrets(derivedHex, stored->hashHex) || stored->disabled) return std::nullopt;

    sync::Session session;
    session.token = randomHex(32);
    session.username = stored->user.username;
    session.fullName = stored->user.fullName;
    session.role = stored->user.role;
    session.ward = stored->user.ward;
    const std::int64_t now = m_impl->unixNow();
    session.expiresAt = now + ttl.count();
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            // Expired sessions go as new ones come, so the table does not grow without bound.
            c.query("DELETE FROM sessions WHERE expires_at <= ?", {now});
            c.query(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES "
                "(?,?,?,?)",
                {sha256Hex(session.token), stored->user.id, now, session.expiresAt});
        });
    });
    return session;
}

std::optional<User> ServerStore::userForToken(const std::string& token) {
    if (token.empty() || token.size() > sync::kMaxIdBytes) return std::nullopt;
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) -> std::optional<User> {
            auto rows = c.query(
                "SELECT u.id, u.username, u.full_name, u.role, u.ward FROM sessions s "
                "JOIN users u ON u.id = s.user_id "
                "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
                {sha256Hex(token), m_impl->unixNow()});
            if (!rows.next()) return std::nullopt;
            return readUser(rows);
        });
    });
}

bool ServerStore::logout(const std::string& token) {
    if (token.empty() || token.size() > sync::kMaxIdBytes) return false;
    return storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            auto rows = c.query("DELETE FROM sessions WHERE token_hash = ? RETURNING user_id",
                                {sha256Hex(token)});
            return rows.next();
        });
    });
}

void ServerStore::setUserDisabled(const std::string& username, bool disabled) {
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            std::int64_t id = 0;
            {
                auto rows = c.query(
                    disabled
                        ? "UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE username "
                          "= ? RETURNING id"
                        : "UPDATE users SET disabled_at = NULL WHERE username = ? RETURNING id",
                    disabled ? std::vector<sql::Value>{m_impl->unixNow(), username}
                             : std::vector<sql::Value>{username});
                if (!rows.next())
                    throw ServerError(ServerError::Code::NotFound, "no user '" + username + "'");
                id = rows.integer(0);
            }
            if (disabled) c.query("DELETE FROM sessions WHERE user_id = ?", {id});
        });
    });
}

std::int64_t ServerStore::importShared(const std::string& kind, const std::string& text) {
    if (kind != "catalog.import" && kind != "calendar.import")
        throw ServerError(ServerError::Code::InvalidInput, "unknown shared change '" + kind + "'");
    json value;
    try {
        value = json::parse(text);
    } catch (const json::exception& e) {
        throw ServerError(ServerError::Code::InvalidInput,
                          std::string("the file is not valid JSON: ") + e.what());
    }
    if (!value.is_object())
        throw ServerError(ServerError::Code::InvalidInput, "the file must hold a JSON object");
    // Read as every desk will read it, and as submissions' checks and deadlines do: a file they
    // cannot use is refused here, not found unusable later.
    try {
        if (kind == "catalog.import")
            parseCatalogJson(text);
        else
            parseCalendarJson(text);
    } catch (const Error& e) {
        throw ServerError(ServerError::Code::InvalidInput,
                          std::string("the file cannot be used: ") + e.what());
    }
    const std::string payload = value.dump();
    if (payload.size() > sync::kMaxPayloadBytes)
        throw ServerError(
            ServerError::Code::InvalidInput,
            "the file is larger than " + std::to_string(sync::kMaxPayloadBytes) + " bytes of JSON");
    const std::string entity = kind.substr(0, kind.find('.'));
    return storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            // Every ward's pull sees this change: no ward's writer may hold an earlier number open.
            c.lockWard("*");
            const std::int64_t version =
                c.scalar("SELECT count(*) FROM changes WHERE ward = '*' AND kind = ?", {kind}) + 1;
            return c.scalar(
                "INSERT INTO changes (ward, kind, entity_id, version, status, payload, op_id) "
                "VALUES ('*', ?, ?, ?, '', ?, ?) RETURNING seq",
                {kind, entity, version, payload, "server:" + kind});
        });
    });
}

Stats ServerStore::stats() {
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            Stats s;
            s.dossiers = c.scalar("SELECT count(*) FROM dossiers");
            s.opsApplied = c.scalar("SELECT count(*) FROM applied_ops");
            s.duplicates = c.scalar("SELECT count(*) FROM refused_ops WHERE outcome = 'duplicate'");
            s.rejected = c.scalar("SELECT count(*) FROM refused_ops WHERE outcome = 'rejected'");
            s.blobs = c.scalar("SELECT count(*) FROM blobs");
            return s;
        });
    });
}

}  // namespace motcua::server
