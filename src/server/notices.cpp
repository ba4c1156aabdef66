// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The notices of decisions on submissions: a durable queue the mail sender works through and
// `motcua-server notices` shows. A notice is never removed; sent ones keep their time.
#include "server_store_impl.h"

namespace motcua::server {

namespace {

constexpr const char* kColumns =
    "SELECT id, code, kind, at, form_sha256, form_file_name, email, attempts, last_error, "
    "CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END FROM notices ";

std::vector<Notice> readNotices(sql::Rows rows) {
    std::vector<Notice> out;
    while (rows.next())
        out.push_back({rows.integer(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4),
                       rows.text(5), rows.text(6), rows.integer(7), rows.text(8),
                       rows.integer(9) != 0});
    return out;
}

}  // namespace

std::vector<Notice> ServerStore::notices(bool unsentOnly) {
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            return readNotices(c.query(std::string(kColumns) +
                                       (unsentOnly ? "WHERE sent_at IS NULL " : "") +
                                       "ORDER BY id"));
        });
    });
}

std::vector<Notice> ServerStore::dueNotices(std::int64_t unixMs, int limit) {
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            return readNotices(c.query(std::string(kColumns) +
                                           "WHERE sent_at IS NULL AND email <> '' AND "
                                           "next_attempt_at <= ? ORDER BY id LIMIT ?",
                                       {unixMs, std::int64_t{limit}}));
        });
    });
}

std::optional<std::int64_t> ServerStore::nextNoticeDue() {
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) -> std::optional<std::int64_t> {
            auto rows = c.query(
                "SELECT min(next_attempt_at) FROM notices WHERE sent_at IS NULL AND email <> ''");
            if (!rows.next() || rows.isNull(0)) return std::nullopt;
            return rows.integer(0);
        });
    });
}

void ServerStore::markNoticeSent(std::int64_t id) {
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            c.query(
                "UPDATE notices SET sent_at = ?, attempts = attempts + 1, last_error = '' "
                "WHERE id = ? AND sent_at IS NULL",
                {m_impl->unixNow(), id});
        });
    });
}

void ServerStore::markNoticeFailed(std::int64_t id, const std::string& error,
                                   std::int64_t retryAtMs) {
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            c.query(
                "UPDATE notices SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE id = ? AND sent_at IS NULL",
                {error.substr(0, 1000), retryAtMs, id});
        });
    });
}

void ServerStore::setNoticeListener(std::function<void()> listener) {
    std::lock_guard lock(m_impl->listenerMutex);
    m_impl->noticeListener = std::move(listener);
}

void ServerStore::Impl::noticesAdded() {
    std::function<void()> listener;
    {
        std::lock_guard lock(listenerMutex);
        listener = noticeListener;
    }
    if (listener) listener();
}

std::string ServerStore::noticeFormPath(const Notice& notice) {
    requireSha(notice.formSha256);
    const auto path = m_impl->blobPath(notice.formSha256);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw ServerError(ServerError::Code::Storage,
                          "the form " + notice.formSha256 + " is missing from the blob folder");
    return path.string();
}

}  // namespace motcua::server
