// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The SQLite adapter: one connection (SQLite has one writer at a time) behind a mutex, opened
// through the store layer's Database for the same pragmas (WAL, synchronous=FULL, ...).
#include <sqlite3.h>

#include <map>
#include <mutex>

#include "database.h"
#include "motcua/store/store_error.h"
#include "sql.h"
#include "sql_adapters.h"

namespace motcua::server::sql {

namespace {

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(const std::string& path) try : m_db(path, true) {
    } catch (const store::StoreError& e) {
        throw SqlError(e.what(), false);
    }
    ~SqliteConnection() override {
        for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
    }

    Dialect dialect() const override { return Dialect::Sqlite; }

    void script(std::string_view sql) override {
        try {
            m_db.exec(sql);
        } catch (const store::StoreError& e) {
            throw SqlError(e.what(), false);
        }
    }

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

    store::Database m_db;
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
