// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "motcua/server/server_store.h"

namespace motcua::server {

/// The relay notices go through (`--smtp HOST:PORT [--smtp-from A] [--smtp-starttls]`).
struct MailConfig {
    std::string host;
    std::uint16_t port = 25;
    std::string from = "motcua@localhost";
    /// Upgrade the connection with STARTTLS before sending; the relay's certificate is always
    /// verified (against `caFile`, else the system's CAs) and a relay that cannot is an error.
    bool startTls = false;
    std::string caFile;
    /// A failed notice is tried again after this, doubling each time, up to `maxRetry`.
    std::chrono::milliseconds firstRetry{std::chrono::seconds(30)};
    std::chrono::milliseconds maxRetry{std::chrono::hours(1)};
    /// The longest the sender sleeps without looking for notices (another server process may
    /// have added some).
    std::chrono::milliseconds poll{std::chrono::seconds(30)};
    std::chrono::seconds timeout{30};  ///< per SMTP exchange
    /// Receives one JSON line per message sent or failed; empty: quiet.
    std::function<void(const std::string&)> log;
};

/// One thread that sends every unsent notice with an applicant e-mail once, its form attached
/// (the subject names the dossier code), marks it sent, and retries failures with exponential
/// backoff: a notice is never dropped. Wakes at once when the store adds a notice. When a
/// notice is due is told by the store's clock (ServerStore::clock()).
class NoticeMailer {
public:
    /// Throws ServerError(Config) for an unusable configuration (no host, a bad CA file).
    NoticeMailer(ServerStore& store, MailConfig config);
    ~NoticeMailer();  ///< stops the thread; a message being sent finishes first
    NoticeMailer(const NoticeMailer&) = delete;
    NoticeMailer& operator=(const NoticeMailer&) = delete;

    void start();
    void stop();
    /// Look for notices now (thread-safe).
    void wake();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::server
