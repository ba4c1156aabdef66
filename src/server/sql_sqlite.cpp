// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The SQLite adapter: one connection (SQLite has one writer at a time) behind a mutex, opened
// with the desk store's pragmas (WAL, synchronous=FULL, foreign keys, a busy timeout) by a
// small opener of the server's own.
#include <sqlite3.h>

#include <map>
#include <mutex>

#include "sql.h"
#include "sql_adapters.h"

namespace motcua::server::sql {

namespace {

/// One open sqlite3 handle; closed by the destructor. Throws SqlError when the file cannot be
/// opened or is not a database SQLite can use in WAL mode.
class SqliteHandle {
public:
    explicit SqliteHandle(const std::string& path) : m_path(path) {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
        if (rc != SQLITE_OK) {
            const std::string message = "cannot open database " + path + ": " +
                                        (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
            sqlite3_close(m_db);
            throw SqlError(message, false);
        }
        sqlite3_extended_result_codes(m_db, 1);
        std::string mode;
        try {
            // busy_timeout first: a later statement may need a lock another process holds.
            exec("PRAGMA busy_timeout = 5000");
            exec("PRAGMA synchronous = FULL");
            exec("PRAGMA foreign_keys = ON");
            mode = journalMode();
        } catch (const SqlError& e) {
            sqlite3_close(m_db);
            throw SqlError(path + " is not a usable database: " + e.what(), false);
        }
        if (mode != "wal") {
            sqlite3_close(m_db);
            throw SqlError("cannot switch " + path + " to WAL mode", false);
        }
    }
    ~SqliteHandle() { sqlite3_close_v2(m_db); }
    SqliteHandle(const SqliteHandle&) = delete;
    SqliteHandle& operator=(const SqliteHandle&) = delete;

    void exec(std::string_view sql) {
        char* error = nullptr;
        const std::string text(sql);
        const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
        if (rc != SQLITE_OK) {
            const std::string message = error ? error : sqlite3_errstr(rc);
            sqlite3_free(error);
            throw SqlError(message, false);
        }
    }
    sqlite3* handle() { return m_db; }
    const std::string& path() const { return m_path; }

private:
    std::string journalMode() {
        std::string mode;
        char* error = nullptr;
        const auto keep = [](void* out, int columns, char** values, char**) {
            if (columns > 0 && values[0]) *static_cast<std::string*>(out) = values[0];
            return 0;
        };
        const int rc = sqlite3_exec(m_db, "PRAGMA journal_mode = WAL", keep, &mode, &error);
        if (rc != SQLITE_OK) {
            const std::string message = error ? error : sqlite3_errstr(rc);
            sqlite3_free(error);
            throw SqlError(message, false);
        }
        return mode;
    }

    std::string m_path;
    sqlite3* m_db = nullptr;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(const std::string& path) : m_db(path) {}
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
    }

    Dialect dialect() const override { return Dialect::Sqlite; }

    void script(std::string_view sql) override { m_db.exec(sql); }

    Rows query(std::string_view sql, const std::vector<Value>& params) override {
        sqlite3_stmt* stmt = prepare(sql);
        // Whatever happens, the cached statement is left reset and without bindings.
        struct Reset {
            sqlite3_stmt* s;
            ~Reset() {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
        } reset{stmt};
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            int rc = SQLITE_OK;
            if (const auto* n = std::get_if<std::int64_t>(&params[i]))
                rc = sqlite3_bind_int64(stmt, index, *n);
            else if (const auto* s = std::get_if<std::string>(&params[i]))
                rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()),
                                       SQLITE_TRANSIENT);
            else
                rc = sqlite3_bind_null(stmt, index);
            if (rc != SQLITE_OK) fail(rc, sql);
        }
        std::vector<Rows::Row> rows;
        const int columns = sqlite3_column_count(stmt);
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(rc, sql);
            Rows::Row row(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
                const auto* text = sqlite3_column_text(stmt, c);
                row[static_cast<std::size_t>(c)] =
                    std::string(reinterpret_cast<const char*>(text),
                                static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
            }
            rows.push_back(std::move(row));
        }
        m_changes = sqlite3_changes(m_db.handle());
        return Rows(std::move(rows));
    }

    std::int64_t changes() const override { return m_changes; }
    void begin() override { script("BEGIN IMMEDIATE"); }
    void commit() override { script("COMMIT"); }
    void rollback() noexcept override {
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void lockWard(const std::string&) override {}
    void lockSchema() override {}
    int schemaVersion() override { return static_cast<int>(scalar("PRAGMA user_version")); }
    void setSchemaVersion(int version) override {
        script("PRAGMA user_version = " + std::to_string(version));
    }
    bool healthy() const override { return true; }
    const std::string& path() const { return m_db.path(); }

private:
    sqlite3_stmt* prepare(std::string_view sql) {
        const std::string key(sql);
        if (const auto it = m_cache.find(key); it != m_cache.end()) return it->second;
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v2(m_db.handle(), key.c_str(), static_cast<int>(key.size()),
                                          &stmt, nullptr);
        if (rc != SQLITE_OK) fail(rc, sql);
        m_cache.emplace(key, stmt);
        return stmt;
    }

    [[noreturn]] void fail(int rc, std::string_view sql) {
        const bool unique = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
        throw SqlError(std::string(sqlite3_errmsg(m_db.handle())) +
                           " (in: " + std::string(sql.substr(0, 60)) + ")",
                       false, unique);
    }

    SqliteHandle m_db;
    std::map<std::string, sqlite3_stmt*, std::less<>> m_cache;
    std::int64_t m_changes = 0;
};

class SqliteDatabase final : public Database {
public:
    explicit SqliteDatabase(const std::string& path) : m_connection(path) {}
    Dialect dialect() const override { return Dialect::Sqlite; }
    std::string filePath() const override { return m_connection.path(); }

protected:
    Connection* acquire() override {
        m_mutex.lock();
        return &m_connection;
    }
    void release(Connection*) noexcept override { m_mutex.unlock(); }

private:
    std::mutex m_mutex;
    SqliteConnection m_connection;
};

}  // namespace

std::unique_ptr<Database> openSqlite(const std::string& path) {
    return std::make_unique<SqliteDatabase>(path);
}

}  // namespace motcua::server::sql
