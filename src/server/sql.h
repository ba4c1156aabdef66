// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The server's small SQL interface, private to the server layer: one Connection type with an
// SQLite and a PostgreSQL adapter, so the store's SQL is written once. Statements use `?`
// placeholders (the PostgreSQL adapter numbers them); results come back as text.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace motcua::server::sql {

enum class Dialect { Sqlite, Postgres };

/// What the database said; `retry` when the same transaction may succeed if run again
/// (PostgreSQL serialization failure, deadlock, a unique key a concurrent transaction took).
class SqlError : public std::runtime_error {
public:
    SqlError(const std::string& message, bool retry, bool uniqueViolation = false)
        : std::runtime_error(message), m_retry(retry), m_unique(uniqueViolation) {}
    bool retry() const noexcept { return m_retry; }
    bool uniqueViolation() const noexcept { return m_unique; }

private:
    bool m_retry;
    bool m_unique;
};

/// One value bound to a `?`.
using Value = std::variant<std::nullptr_t, std::int64_t, std::string>;

/// A whole result, read into memory (the server's queries are bounded by their LIMITs).
class Rows {
public:
    using Row = std::vector<std::optional<std::string>>;
    explicit Rows(std::vector<Row> rows = {}) : m_rows(std::move(rows)) {}

    /// Moves to the next row; false past the last one. Call before reading the first row.
    bool next() { return ++m_at < static_cast<std::ptrdiff_t>(m_rows.size()); }
    std::size_t size() const { return m_rows.size(); }
    bool empty() const { return m_rows.empty(); }

    bool isNull(int column) const;
    std::string text(int column) const;      ///< "" for NULL
    std::int64_t integer(int column) const;  ///< 0 for NULL; throws SqlError if not an integer

private:
    const std::optional<std::string>& cell(int column) const;
    std::vector<Row> m_rows;
    std::ptrdiff_t m_at = -1;
};

/// One connection; used by one thread at a time (the Database hands them out).
class Connection {
public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    /// Runs statements without parameters or results (migrations).
    virtual void script(std::string_view sql) = 0;
    virtual Rows query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    /// Rows changed by the last statement query() ran.
    virtual std::int64_t changes() const = 0;
    /// SQLite: BEGIN IMMEDIATE (the one writer lock up front). PostgreSQL: BEGIN (read committed).
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    /// Makes this transaction the only writer of `ward`'s change log until it ends, so the
    /// change log of a ward commits in sequence order (a pull never passes a sequence number
    /// that a transaction still open holds). `ward` "*" (changes every ward sees) excludes all
    /// writers. SQLite: nothing to do, it has one writer at a time anyway.
    virtual void lockWard(const std::string& ward) = 0;
    /// Makes this transaction the only one migrating the schema (two servers starting at once).
    virtual void lockSchema() = 0;
    virtual int schemaVersion() = 0;
    virtual void setSchemaVersion(int version) = 0;
    /// False once the server is gone; the Database replaces such a connection.
    virtual bool healthy() const = 0;

    /// One row with one integer, e.g. count(*).
    std::int64_t scalar(std::string_view sql, const std::vector<Value>& params = {});
};

/// The connections to one database: SQLite has one (its single writer), PostgreSQL a small
/// pool. Thread-safe.
class Database {
public:
    /// `target`: "postgresql://..." or "postgres://..." (a libpq URI), else an SQLite file path.
    /// Throws SqlError when it cannot connect.
    static std::unique_ptr<Database> open(const std::string& target, int poolSize = 8);
    static bool isPostgresUrl(std::string_view target);

    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    /// Where the SQLite file is; empty for PostgreSQL.
    virtual std::string filePath() const = 0;

    /// Runs `work` with a connection inside a transaction and commits; rolls back when it
    /// throws. A PostgreSQL transaction that failed with SqlError::retry() runs again (a few
    /// times), so `work` must start from scratch each time.
    template <typename Work>
    auto transaction(Work&& work) -> decltype(work(std::declval<Connection&>()));
    /// Runs `work` with a connection outside any transaction (single reads).
    template <typename Work>
    auto read(Work&& work) -> decltype(work(std::declval<Connection&>()));

protected:
    class Lease {
    public:
        Lease(Database& owner, Connection* connection) : m_owner(owner), m_connection(connection) {}
        ~Lease() { m_owner.release(m_connection); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& operator*() const { return *m_connection; }

    private:
        Database& m_owner;
        Connection* m_connection;
    };
    /// Blocks until a connection is free.
    virtual Connection* acquire() = 0;
    virtual void release(Connection* connection) noexcept = 0;
    static constexpr int kAttempts = 8;
};

template <typename Work>
auto Database::transaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    for (int attempt = 1;; ++attempt) {
        Lease lease(*this, acquire());
        Connection& c = *lease;
        c.begin();
        try {
            if constexpr (std::is_void_v<decltype(work(c))>) {
                work(c);
                c.commit();
                return;
            } else {
                auto result = work(c);
                c.commit();
                return result;
            }
        } catch (const SqlError& e) {
            c.rollback();
            if (!e.retry() || attempt == kAttempts) throw;
        } catch (...) {
            c.rollback();
            throw;
        }
    }
}

template <typename Work>
auto Database::read(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    Lease lease(*this, acquire());
    return work(*lease);
}

}  // namespace motcua::server::sql
