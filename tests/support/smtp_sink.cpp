// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace motcua::test {

namespace {

/// Reads one line (without CRLF); false when the peer closed.
bool readLine(int fd, std::string& buffer, std::string& line) {
    for (;;) {
        const auto end = buffer.find("\r\n");
        if (end != std::string::npos) {
            line = buffer.substr(0, end);
            buffer.erase(0, end + 2);
            return true;
        }
        char chunk[4096];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

void reply(int fd, const std::string& text) {
    const std::string line = text + "\r\n";
    std::size_t sent = 0;
    while (sent < line.size()) {
        const ssize_t n = ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
    }
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

SmtpSink::SmtpSink() {
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
        converse(fd);
        ::close(fd);
    }
}

void SmtpSink::converse(int fd) {
    std::string buffer, line;
    Message message;
    reply(fd, "220 sink.test ESMTP");
    while (readLine(fd, buffer, line)) {
        const std::string verb = upper(line.substr(0, 4));
        if (verb == "EHLO") {
            reply(fd, "250-sink.test");
            reply(fd, "250 8BITMIME");
        } else if (verb == "HELO") {
            reply(fd, "250 sink.test");
        } else if (verb == "MAIL") {
            std::lock_guard lock(m_mutex);
            if (m_refuseNext > 0) {
                --m_refuseNext;
                ++m_refused;
                reply(fd, "451 4.3.0 busy, try again later");
                continue;
            }
            message = Message{line.substr(line.find(':') + 1), {}, {}};
            reply(fd, "250 2.1.0 ok");
        } else if (verb == "RCPT") {
            message.recipients.push_back(line.substr(line.find(':') + 1));
            reply(fd, "250 2.1.5 ok");
        } else if (verb == "DATA") {
            reply(fd, "354 end with <CRLF>.<CRLF>");
            std::string data;
            while (readLine(fd, buffer, line) && line != ".")
                data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
            message.data = std::move(data);
            {
                std::lock_guard lock(m_mutex);
                m_messages.push_back(std::move(message));
            }
            m_arrived.notify_all();
            message = Message{};
            reply(fd, "250 2.0.0 queued");
        } else if (verb == "RSET" || verb == "NOOP") {
            message = Message{};
            reply(fd, "250 ok");
        } else if (verb == "QUIT") {
            reply(fd, "221 bye");
            return;
        } else {
            reply(fd, "502 5.5.2 not implemented");
        }
    }
}

}  // namespace motcua::test
