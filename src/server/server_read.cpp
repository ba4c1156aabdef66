// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What desks read: the change log (pull), the count check and a day's snapshot.
#include <algorithm>
#include <chrono>

#include "motcua/core/date_time.h"
#include "server_store_impl.h"

namespace motcua::server {

namespace {

sync::Change readChange(const sql::Rows& rows) {
    return {rows.integer(0), rows.text(1), rows.text(2),
            rows.integer(3), rows.text(4), rows.text(5)};
}

Date requireDay(const std::string& text, const char* name) {
    const auto day = tryParseIsoDate(text);
    if (!day || text.size() != 10 || formatIsoDate(*day) != text)
        throw ServerError(ServerError::Code::InvalidInput,
                          std::string(name) + " must be a date YYYY-MM-DD, not '" + text + "'");
    return *day;
}

void requireLimit(int limit) {
    if (limit < 1 || limit > sync::kMaxPullLimit)
        throw ServerError(ServerError::Code::InvalidInput,
                          "limit must be 1 to " + std::to_string(sync::kMaxPullLimit));
}

/// Keeps the changes whose encoding fits sync::kMaxPageBytes (always the first: one change is
/// within the payload limit); true when some were left for the next page.
bool cutToPageBytes(std::vector<sync::Change>& changes) {
    // What encode() adds around each change's fields: keys, numbers, quotes, commas.
    constexpr std::size_t kEnvelope = 128;
    std::size_t bytes = 64;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto& c = changes[i];
        bytes += kEnvelope + c.kind.size() + c.entityId.size() + c.status.size() + c.payload.size();
        if (i > 0 && bytes > sync::kMaxPageBytes) {
            changes.resize(i);
            return true;
        }
    }
    return false;
}

}  // namespace

sync::PullResponse ServerStore::pull(const User& user, std::int64_t cursor, int limit) {
    requireLimit(limit);
    // The ward's changes and those for every ward, each read along its index, in one statement:
    // one snapshot of the database, so no change can commit between the two halves and be
    // passed by the cursor unseen.
    std::vector<sync::Change> changes = storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            std::vector<sync::Change> out;
            auto rows = c.query(
                "SELECT * FROM (SELECT seq, kind, entity_id, version, status, payload FROM changes "
                "WHERE ward = ? AND seq > ? ORDER BY seq LIMIT ?) AS own UNION ALL "
                "SELECT * FROM (SELECT seq, kind, entity_id, version, status, payload FROM changes "
                "WHERE ward = '*' AND seq > ? ORDER BY seq LIMIT ?) AS shared",
                {user.ward, cursor, std::int64_t{limit} + 1, cursor, std::int64_t{limit} + 1});
            while (rows.next()) out.push_back(readChange(rows));
            return out;
        });
    });
    std::sort(changes.begin(), changes.end(),
              [](const auto& a, const auto& b) { return a.seq < b.seq; });
    sync::PullResponse response;
    response.cursor = cursor;
    response.more = changes.size() > static_cast<std::size_t>(limit);
    if (response.more) changes.resize(static_cast<std::size_t>(limit));
    if (cutToPageBytes(changes)) response.more = true;
    if (!changes.empty()) response.cursor = changes.back().seq;
    response.changes = std::move(changes);
    return response;
}

sync::CountsResponse ServerStore::counts(const User& user, const std::string& from,
                                         const std::string& to) {
    const Date first = requireDay(from, "from");
    const Date last = requireDay(to, "to");
    if (last < first)
        throw ServerError(ServerError::Code::InvalidInput, "from must not be after to");
    const auto span = (std::chrono::sys_days(last) - std::chrono::sys_days(first)).count() + 1;
    if (span > sync::kMaxCountDays)
        throw ServerError(ServerError::Code::InvalidInput,
                          "at most " + std::to_string(sync::kMaxCountDays) + " days at once, not " +
                              std::to_string(span));
    sync::CountsResponse response;
    response.ward = user.ward;
    storage([&] {
        m_impl->db->read([&](sql::Connection& c) {
            auto rows = c.query(
                "SELECT day, count(*) FROM dossiers WHERE ward = ? AND day >= ? AND day <= ? "
                "GROUP BY day ORDER BY day",
                {user.ward, from, to});
            while (rows.next()) response.days.push_back({rows.text(0), rows.integer(1)});
        });
    });
    return response;
}

sync::PullResponse ServerStore::snapshot(const User& user, const std::string& day,
                                         const std::string& after, int limit) {
    requireDay(day, "day");
    requireLimit(limit);
    if (after.size() > sync::kMaxIdBytes)
        throw ServerError(ServerError::Code::InvalidInput, "after is too long");
    sync::PullResponse response;
    storage([&] {
        m_impl->db->read([&](sql::Connection& c) {
            auto rows = c.query(
                "SELECT (SELECT max(ch.seq) FROM changes ch WHERE ch.entity_id = d.code AND "
                "ch.ward = d.ward), "
                "d.code, d.version, d.status, d.payload FROM dossiers d "
                "WHERE d.ward = ? AND d.day = ? AND d.code > ? ORDER BY d.code LIMIT ?",
                {user.ward, day, after, std::int64_t{limit} + 1});
            while (rows.next()) {
                if (response.changes.size() == static_cast<std::size_t>(limit)) {
                    response.more = true;
                    break;
                }
                response.changes.push_back({std::max<std::int64_t>(rows.integer(0), 1),
                                            std::string(sync::kSnapshotKind), rows.text(1),
                                            rows.integer(2), rows.text(3), rows.text(4)});
            }
            if (cutToPageBytes(response.changes)) response.more = true;
        });
    });
    return response;
}

}  // namespace motcua::server
