// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "sql.h"

#include <charconv>

#include "sql_adapters.h"

namespace motcua::server::sql {

const std::optional<std::string>& Rows::cell(int column) const {
    if (m_at < 0 || m_at >= static_cast<std::ptrdiff_t>(m_rows.size()))
        throw SqlError("no current row (call next() first)", false);
    const auto& row = m_rows[static_cast<std::size_t>(m_at)];
    if (column < 0 || static_cast<std::size_t>(column) >= row.size())
        throw SqlError("no column " + std::to_string(column), false);
    return row[static_cast<std::size_t>(column)];
}

bool Rows::isNull(int column) const {
    return !cell(column).has_value();
}

std::string Rows::text(int column) const {
    return cell(column).value_or(std::string());
}

std::int64_t Rows::integer(int column) const {
    const auto& value = cell(column);
    if (!value) return 0;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
    if (ec != std::errc{} || end != value->data() + value->size())
        throw SqlError("column " + std::to_string(column) + " is not an integer: " + *value, false);
    return n;
}

std::int64_t Connection::scalar(std::string_view sql, const std::vector<Value>& params) {
    Rows rows = query(sql, params);
    if (!rows.next()) throw SqlError("no row from: " + std::string(sql), false);
    return rows.integer(0);
}

bool Database::isPostgresUrl(std::string_view target) {
    return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Database> Database::open(const std::string& target, int poolSize) {
    if (isPostgresUrl(target)) return openPostgres(target, poolSize);
    return openSqlite(target);
}

}  // namespace motcua::server::sql
