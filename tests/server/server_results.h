// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Writes a dossier's electronic results into the server's own copy, as the approval side will
// list them (`"results": [{code, sha256, file_name, size, at}]`), straight into its database:
// SQLite or PostgreSQL, whichever the test runs on.
#pragma once

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace motcua::test {

inline void setServerResults(const TestDatabase& database, const std::string& code,
                             const nlohmann::json& results) {
    const std::string text = results.dump();
    if (database.postgres()) {
        const auto literal = [](std::string s) {
            for (std::size_t at = 0; (at = s.find('\'', at)) != std::string::npos; at += 2)
                s.insert(at, "'");
            return "'" + s + "'";
        };
        const auto r = runTool(
            "psql " + shellQuote(database.target) + " -v ON_ERROR_STOP=1 -qAtc " +
            shellQuote("UPDATE dossiers SET payload = (payload::jsonb || jsonb_build_object("
                       "'results', " +
                       literal(text) + "::jsonb))::text WHERE code = " + literal(code) +
                       " RETURNING code") +
            " 2>&1");
        if (r.exitCode != 0 || r.out.find(code) == std::string::npos)
            throw std::runtime_error("cannot write the results: " + r.out);
        return;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(database.target.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + database.target);
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    int changed = 0;
    if (sqlite3_prepare_v2(db,
                           "UPDATE dossiers SET payload = json_set(payload, '$.results', json(?1)) "
                           "WHERE code = ?2",
                           -1, &st, nullptr) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, text.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, code.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE) changed = sqlite3_changes(db);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (changed != 1) throw std::runtime_error("no dossier " + code + " to give results");
}

}  // namespace motcua::test
