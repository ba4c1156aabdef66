// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The two adapters behind sql::Database::open; private to the server layer.
#pragma once

#include <memory>
#include <string>

#include "sql.h"

namespace motcua::server::sql {

std::unique_ptr<Database> openSqlite(const std::string& path);
std::unique_ptr<Database> openPostgres(const std::string& url, int poolSize);

}  // namespace motcua::server::sql
