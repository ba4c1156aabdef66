// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A small real SMTP server on 127.0.0.1 for the tests: it speaks enough of RFC 5321 for a
// client (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps each message it accepts.
// It can refuse the next few transactions (451 at MAIL FROM), as a relay that is busy does, and
// with a certificate and key it offers STARTTLS (OpenSSL, as a server) and takes mail only after
// it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace motcua::test {

class SmtpSink {
public:
    struct Message {
        std::string from;
        std::vector<std::string> recipients;
        std::string data;  ///< the message as sent, dot-unstuffed, CRLF line ends
        bool tls = false;  ///< it came after STARTTLS
    };

    /// Listens on a free loopback port at once. With PEM `certFile` and `keyFile` it offers
    /// STARTTLS and answers MAIL before it with 530.
    explicit SmtpSink(const std::string& certFile = "", const std::string& keyFile = "");
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    std::uint16_t port() const { return m_port; }
    /// The next `n` transactions are refused with a temporary failure.
    void refuseNext(int n);
    /// Waits until at least `count` messages arrived; false at the timeout.
    bool waitFor(std::size_t count, std::chrono::milliseconds timeout);
    std::vector<Message> messages() const;
    int refused() const;

private:
    void serve();
    void converse(int fd);

    struct TlsContext;
    std::unique_ptr<TlsContext> m_tls;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::vector<Message> m_messages;
    int m_refuseNext = 0;
    int m_refused = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace motcua::test
