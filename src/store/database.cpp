// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "database.h"

#include <sqlite3.h>

#include <cstdint>

#include "motcua/core/name_table.h"
#include "motcua/store/store_error.h"

namespace motcua::store {

namespace {

constexpr auto kErrorNames = makeNameTable<StoreError::Code>(
    {
        {StoreError::Code::OpenFailed, "OpenFailed"},
        {StoreError::Code::NewerSchema, "NewerSchema"},
        {StoreError::Code::NotInitialized, "NotInitialized"},
        {StoreError::Code::AlreadyInitialized, "AlreadyInitialized"},
        {StoreError::Code::NotFound, "NotFound"},
        {StoreError::Code::InvalidInput, "InvalidInput"},
        {StoreError::Code::NotAllowed, "NotAllowed"},
        {StoreError::Code::Io, "Io"},
        {StoreError::Code::Sql, "Sql"},
        {StoreError::Code::Locked, "Locked"},
        {StoreError::Code::Damaged, "Damaged"},
    },
    "Sql");

}  // namespace

std::string_view storeErrorName(StoreError::Code code) {
    return kErrorNames.name(code);
}

Database::Database(const std::string& path, bool create, JournalMode journal) : m_path(path) {
    const int flags =
        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " +
                              (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(StoreError::Code::OpenFailed, message, rc);
    }
    sqlite3_extended_result_codes(m_db, 1);
    try {
        // busy_timeout first: a later statement may need the lock a second desk process holds.
        exec("PRAGMA busy_timeout = 5000");
        exec("PRAGMA synchronous = FULL");
        exec("PRAGMA foreign_keys = ON");
        if (journal == JournalMode::Wal) useWal();
    } catch (const StoreError& e) {
        sqlite3_close(m_db);
        m_db = nullptr;
        if (e.code() != StoreError::Code::Sql) throw;
        throw StoreError(StoreError::Code::OpenFailed,
                         path + " is not a usable database: " + e.what(), e.sqliteCode());
    }
}

void Database::useWal() {
    try {
        Statement mode(*this, "PRAGMA journal_mode = WAL");
        if (!mode.step() || mode.getText(0) != "wal")
            throw StoreError(StoreError::Code::OpenFailed,
                             "cannot switch " + m_path + " to WAL mode");
    } catch (const StoreError& e) {
        if (e.code() != StoreError::Code::Sql) throw;
        throw StoreError(StoreError::Code::OpenFailed,
                         m_path + " is not a usable database: " + e.what(), e.sqliteCode());
    }
}

Database::~Database() {
    sqlite3_close_v2(m_db);
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError(StoreError::Code::Sql, message, rc);
    }
}

std::int64_t Database::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(m_db);
}
int Database::changes() const {
    return sqlite3_changes(m_db);
}

void Database::fail(int rc, std::string_view context) const {
    throw StoreError(StoreError::Code::Sql, std::string(context) + ": " + sqlite3_errmsg(m_db), rc);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(&db) {
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, "prepare");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) m_db->fail(rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    const int rc = sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8);
    if (rc != SQLITE_OK) m_db->fail(rc, "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) m_db->fail(rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    m_db->fail(rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::getInt(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::getText(int column) const {
    const auto* text = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::string> Statement::getOptionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return getText(column);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : m_db(db) {
    if (sqlite3_get_autocommit(m_db.handle())) {
        m_db.exec("BEGIN IMMEDIATE");
        return;
    }
    // Nested: a savepoint named for this object, unique among those open on the connection.
    m_savepoint = "motcua_" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
    m_db.exec("SAVEPOINT " + m_savepoint);
}

Transaction::~Transaction() {
    if (m_done) return;
    // A failed ROLLBACK leaves SQLite to roll back on close; nothing useful to report here.
    if (m_savepoint.empty()) {
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        return;
    }
    // ROLLBACK TO keeps the savepoint open; RELEASE then closes it, leaving the outer
    // transaction as it was before this one began.
    const std::string undo = "ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint;
    sqlite3_exec(m_db.handle(), undo.c_str(), nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    m_db.exec(m_savepoint.empty() ? std::string("COMMIT") : "RELEASE " + m_savepoint);
    m_done = true;
}

}  // namespace motcua::store
