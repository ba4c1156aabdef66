// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cctype>
#include <stdexcept>

namespace motcua::test {

struct SmtpSink::TlsContext {
    SSL_CTX* ctx = nullptr;
    ~TlsContext() { SSL_CTX_free(ctx); }
};

namespace {

/// One client's connection: plain, or TLS once STARTTLS succeeded.
struct Connection {
    int fd;
    SSL* ssl = nullptr;
    std::string buffer;
    ~Connection() {
        if (ssl) {
            SSL_shutdown(ssl);
            SSL_free(ssl);
        }
    }

    /// Reads one line (without CRLF); false when the peer closed.
    bool readLine(std::string& line) {
        for (;;) {
            const auto end = buffer.find("\r\n");
            if (end != std::string::npos) {
                line = buffer.substr(0, end);
                buffer.erase(0, end + 2);
                return true;
            }
            char chunk[4096];
            const int n = ssl ? SSL_read(ssl, chunk, sizeof chunk)
                              : static_cast<int>(::recv(fd, chunk, sizeof chunk, 0));
            if (n <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void reply(const std::string& text) {
        const std::string line = text + "\r\n";
        std::size_t sent = 0;
        while (sent < line.size()) {
            const int n =
                ssl ? SSL_write(ssl, line.data() + sent, static_cast<int>(line.size() - sent))
                    : static_cast<int>(
                          ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL));
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    }
};

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

SmtpSink::SmtpSink(const std::string& certFile, const std::string& keyFile) {
    if (!certFile.empty()) {
        m_tls = std::make_unique<TlsContext>();
        m_tls->ctx = SSL_CTX_new(TLS_server_method());
        if (!m_tls->ctx || SSL_CTX_use_certificate_chain_file(m_tls->ctx, certFile.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(m_tls->ctx, keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
            throw std::runtime_error("smtp sink: cannot load " + certFile + " and " + keyFile);
    }
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_listener < 0) throw std::runtime_error("smtp sink: no socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(m_listener, 16) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(m_listener);
        throw std::runtime_error("smtp sink: cannot listen on loopback");
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    ::shutdown(m_listener, SHUT_RDWR);
    m_thread.join();
    ::close(m_listener);
}

void SmtpSink::refuseNext(int n) {
    std::lock_guard lock(m_mutex);
    m_refuseNext = n;
}

bool SmtpSink::waitFor(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, timeout, [&] { return m_messages.size() >= count; });
}

std::vector<SmtpSink::Message> SmtpSink::messages() const {
    std::lock_guard lock(m_mutex);
    return m_messages;
}

int SmtpSink::refused() const {
    std::lock_guard lock(m_mutex);
    return m_refused;
}

void SmtpSink::serve() {
    for (;;) {
        pollfd p{m_listener, POLLIN, 0};
        ::poll(&p, 1, -1);
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
        }
        const int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd < 0) {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
            continue;
        }
        // Each reply line out at once, as a relay's are: a multi-line reply held back by
        // Nagle's algorithm waits for the client's delayed ACK (40 ms a message on loopback).
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        converse(fd);
        ::close(fd);
    }
}

void SmtpSink::converse(int fd) {
    Connection connection{fd};
    std::string line;
    Message message;
    connection.reply("220 sink.test ESMTP");
    while (connection.readLine(line)) {
        const std::string verb = upper(line.substr(0, 4));
        if (verb == "EHLO") {
            connection.reply("250-sink.test");
            if (m_tls && !connection.ssl) connection.reply("250-STARTTLS");
            connection.reply("250 8BITMIME");
        } else if (verb == "HELO") {
            connection.reply("250 sink.test");
        } else if (verb == "STAR" && m_tls && !connection.ssl) {
            connection.reply("220 2.0.0 ready to start TLS");
            connection.ssl = SSL_new(m_tls->ctx);
            SSL_set_fd(connection.ssl, fd);
            // A client that refuses our certificate ends the handshake: so does the talk.
            if (SSL_accept(connection.ssl) != 1) {
                ERR_clear_error();
                return;
            }
            connection.buffer.clear();
        } else if (verb == "MAIL") {
            if (m_tls && !connection.ssl) {
                connection.reply("530 5.7.0 must issue a STARTTLS command first");
                continue;
            }
            std::lock_guard lock(m_mutex);
            if (m_refuseNext > 0) {
                --m_refuseNext;
                ++m_refused;
                connection.reply("451 4.3.0 busy, try again later");
                continue;
            }
            message = Message{line.substr(line.find(':') + 1), {}, {}, connection.ssl != nullptr};
            connection.reply("250 2.1.0 ok");
        } else if (verb == "RCPT") {
            message.recipients.push_back(line.substr(line.find(':') + 1));
            connection.reply("250 2.1.5 ok");
        } else if (verb == "DATA") {
            connection.reply("354 end with <CRLF>.<CRLF>");
            std::string data;
            while (connection.readLine(line) && line != ".")
                data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
            message.data = std::move(data);
            {
                std::lock_guard lock(m_mutex);
                m_messages.push_back(std::move(message));
            }
            m_arrived.notify_all();
            message = Message{};
            connection.reply("250 2.0.0 queued");
        } else if (verb == "RSET" || verb == "NOOP") {
            message = Message{};
            connection.reply("250 ok");
        } else if (verb == "QUIT") {
            connection.reply("221 bye");
            return;
        } else {
            connection.reply("502 5.5.2 not implemented");
        }
    }
}

}  // namespace motcua::test
