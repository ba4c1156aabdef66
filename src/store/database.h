// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Thin RAII over the SQLite C API, private to the store layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace motcua::store {

class Database;

/// A prepared statement. Bind with 1-based indices; step() returns true while rows come.
class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bindNull(int index);
    Statement& bind(int index, const std::optional<std::string>& value);

    bool step();
    void run();  ///< steps to completion, for statements without rows
    void reset();

    std::int64_t getInt(int column) const;
    std::string getText(int column) const;
    std::optional<std::string> getOptionalText(int column) const;
    bool isNull(int column) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

/// What opening a Database does to the file's journal mode.
enum class JournalMode {
    Wal,        ///< switch it to WAL at once (the server, tests, benchmarks)
    Unchanged,  ///< leave it: the store checks the file is its own before useWal()
};

/// One connection. Not thread-safe: one Database per thread (SQLite's WAL lets readers and one
/// writer share the file).
class Database {
public:
    /// Opens (creating the file when `create`) and sets the connection's pragmas: busy_timeout,
    /// synchronous=FULL, foreign_keys and, with JournalMode::Wal, WAL (which changes the file).
    /// With JournalMode::Unchanged nothing is written to the file. Throws StoreError(OpenFailed).
    Database(const std::string& path, bool create, JournalMode journal = JournalMode::Wal);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Switches the file to WAL (persistent: it changes the file's header). Throws
    /// StoreError(OpenFailed) when SQLite refuses.
    void useWal();

    void exec(std::string_view sql);
    std::int64_t lastInsertRowid() const;
    int changes() const;
    sqlite3* handle() { return m_db; }
    const std::string& path() const { return m_path; }

    /// Throws StoreError(Sql) with SQLite's message, or a more specific code where one fits.
    [[noreturn]] void fail(int rc, std::string_view context) const;

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

/// BEGIN IMMEDIATE on construction (a writer takes the lock up front, so it never fails half
/// way with SQLITE_BUSY); rolls back in the destructor unless committed. Never throws from the
/// destructor. Inside another transaction it is a SAVEPOINT instead: committing releases it
/// into the outer one, and destroying it uncommitted undoes only its own work, so a store
/// method that uses one can run as a part of a larger whole.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    std::string m_savepoint;  ///< empty for a top-level transaction
    bool m_done = false;
};

}  // namespace motcua::store
