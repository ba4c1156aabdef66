// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The server schema's numbered migrations, one text per dialect; private to the server layer.
#pragma once

#include "sql.h"

namespace motcua::server {

/// How many migrations this server knows: the schema version it brings a database to.
int migrationCount();

/// Applies the pending migrations, each in its own transaction (PostgreSQL: under a lock, so
/// two servers starting at once do not both migrate). Throws SqlError, or std::runtime_error
/// for a database newer than this server.
void migrate(sql::Database& db);

}  // namespace motcua::server
