// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The PostgreSQL adapter over libpq: a small pool of connections, statements sent with
// PQexecParams (text parameters, `?` numbered to `$n`), transactions at READ COMMITTED made
// exact by advisory locks per ward (see Connection::lockWard).
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>

#include "sql.h"
#include "sql_adapters.h"

namespace motcua::server::sql {

namespace {

// Advisory lock keys. The one-key (bigint) and two-key (int, int) spaces never collide.
constexpr std::int64_t kChangeLogLock = 0x4d6f7443756131;  // every change-log writer, shared
constexpr int kWardLockSpace = 0x4d6f74;                   // (space, hashtext(ward))
constexpr std::int64_t kSchemaLock = 0x4d6f7443756132;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

/// `?` to `$1`, `$2`, ... The server's SQL has no `?` inside literals.
std::string numbered(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    for (const char c : sql) {
        if (c == '?')
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}

class PgConnection final : public Connection {
public:
    explicit PgConnection(const std::string& url) : m_conn(PQconnectdb(url.c_str())) {
        if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
            std::string message = m_conn ? PQerrorMessage(m_conn) : "out of memory";
            while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
                message.pop_back();
            PQfinish(m_conn);
            m_conn = nullptr;
            throw SqlError("cannot connect to PostgreSQL: " + message, false);
        }
        PQsetNoticeProcessor(
            m_conn, [](void*, const char*) {}, nullptr);
        script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    }
    ~PgConnection() override { PQfinish(m_conn); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Dialect dialect() const override { return Dialect::Postgres; }

    void script(std::string_view sql) override {
        const std::string text(sql);
        Result r(PQexec(m_conn, text.c_str()));
        check(r.get(), sql);
    }

    Rows query(std::string_view sql, const std::vector<Value>& params) override {
        const std::string text = numbered(sql);
        std::vector<std::string> storage(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (const auto* n = std::get_if<std::int64_t>(&params[i]))
                storage[i] = std::to_string(*n);
            else if (const auto* s = std::get_if<std::string>(&params[i]))
                storage[i] = *s;
            else
                continue;
            values[i] = storage[i].c_str();
        }
        Result r(PQexecParams(m_conn, text.c_str(), static_cast<int>(params.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
        check(r.get(), sql);
        std::vector<Rows::Row> rows;
        const int count = PQntuples(r.get());
        const int columns = PQnfields(r.get());
        rows.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            Rows::Row row(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c)
                if (!PQgetisnull(r.get(), i, c))
                    row[static_cast<std::size_t>(c)] =
                        std::string(PQgetvalue(r.get(), i, c),
                                    static_cast<std::size_t>(PQgetlength(r.get(), i, c)));
            rows.push_back(std::move(row));
        }
        const char* affected = PQcmdTuples(r.get());
        m_changes = 0;
        if (affected && *affected)
            std::from_chars(affected, affected + std::char_traits<char>::length(affected),
                            m_changes);
        return Rows(std::move(rows));
    }

    std::int64_t changes() const override { return m_changes; }
    void begin() override { script("BEGIN ISOLATION LEVEL READ COMMITTED"); }
    void commit() override { script("COMMIT"); }
    void rollback() noexcept override {
        if (PQtransactionStatus(m_conn) == PQTRANS_IDLE) return;
        PQclear(PQexec(m_conn, "ROLLBACK"));
    }
    void lockWard(const std::string& ward) override {
        if (ward == "*") {
            query("SELECT pg_advisory_xact_lock(?::bigint)", {kChangeLogLock});
            return;
        }
        query("SELECT pg_advisory_xact_lock_shared(?::bigint)", {kChangeLogLock});
        query("SELECT pg_advisory_xact_lock(?::integer, hashtext(?::text))",
              {std::int64_t{kWardLockSpace}, ward});
    }
    void lockSchema() override { query("SELECT pg_advisory_xact_lock(?::bigint)", {kSchemaLock}); }
    int schemaVersion() override {
        Rows r = query("SELECT to_regclass('motcua_schema')::text", {});
        if (!r.next() || r.isNull(0)) return 0;
        return static_cast<int>(scalar("SELECT coalesce(max(version), 0) FROM motcua_schema"));
    }
    void setSchemaVersion(int version) override {
        script(
            "CREATE TABLE IF NOT EXISTS motcua_schema (version INTEGER NOT NULL); DELETE FROM "
            "motcua_schema");
        query("INSERT INTO motcua_schema (version) VALUES (?::integer)", {std::int64_t{version}});
    }
    bool healthy() const override { return PQstatus(m_conn) == CONNECTION_OK; }

private:
    void check(PGresult* r, std::string_view sql) {
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        const std::string code = state ? state : "";
        std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        const bool unique = code == "23505";
        // Serialization failures and deadlocks are the database asking for a retry; a unique key
        // taken by a concurrent transaction is one too, since every insert of ours looks first.
        const bool retry = code == "40001" || code == "40P01" || unique;
        throw SqlError("PostgreSQL: " + message + " [" + code +
                           "] (in: " + std::string(sql.substr(0, 60)) + ")",
                       retry, unique);
    }

    PGconn* m_conn;
    std::int64_t m_changes = 0;
};

class PgDatabase final : public Database {
public:
    PgDatabase(std::string url, int poolSize)
        : m_url(std::move(url)), m_poolSize(std::max(1, poolSize)) {
        // Connect once now, so a wrong URL or a server that is down fails at start.
        m_free.push_back(std::make_unique<PgConnection>(m_url));
        m_open = 1;
    }
    Dialect dialect() const override { return Dialect::Postgres; }
    std::string filePath() const override { return {}; }

protected:
    Connection* acquire() override {
        std::unique_lock lock(m_mutex);
        m_available.wait(lock, [&] { return !m_free.empty() || m_open < m_poolSize; });
        if (!m_free.empty()) {
            auto c = std::move(m_free.back());
            m_free.pop_back();
            return c.release();
        }
        ++m_open;
        lock.unlock();
        try {
            return new PgConnection(m_url);
        } catch (...) {
            lock.lock();
            --m_open;
            m_available.notify_one();
            throw;
        }
    }

    void release(Connection* connection) noexcept override {
        std::unique_ptr<Connection> owned(connection);
        std::lock_guard lock(m_mutex);
        if (owned->healthy())
            m_free.push_back(std::move(owned));
        else
            --m_open;  // a connection the server dropped is replaced by a new one on demand
        m_available.notify_one();
    }

private:
    std::string m_url;
    int m_poolSize;
    std::mutex m_mutex;
    std::condition_variable m_available;
    std::vector<std::unique_ptr<Connection>> m_free;
    int m_open = 0;
};

}  // namespace

std::unique_ptr<Database> openPostgres(const std::string& url, int poolSize) {
    return std::make_unique<PgDatabase>(url, poolSize);
}

}  // namespace motcua::server::sql
