// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The server's notice mailer against the tests' SMTP sink (tests/support/smtp_sink.h), and the
// reading of what the sink received: the subject, the MIME parts, the attached PDF's text.
#pragma once

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "motcua/server/notice_mailer.h"
#include "portal_fixture.h"
#include "support/smtp_sink.h"

namespace motcua::test {

/// Counts the mailer's log events, so a test waits for them instead of sleeping.
class MailLog {
public:
    std::function<void(const std::string&)> callback() {
        return [this](const std::string& line) {
            const nlohmann::json event = nlohmann::json::parse(line);
            {
                std::lock_guard lock(m_mutex);
                ++m_counts[event["event"].get<std::string>()];
            }
            m_changed.notify_all();
        };
    }
    bool waitFor(const std::string& event, int count,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_counts[event] >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, int> m_counts;
};

/// A mail sender for the fixture's store, quick to retry; stopped before the store goes.
struct Mailer {
    PortalFixture& f;
    server::NoticeMailer mailer;
    Mailer(PortalFixture& fixture, const SmtpSink& sink, MailLog& log)
        : f(fixture), mailer(fixture.server.store, config(sink, log)) {
        f.server.store.setNoticeListener([this] { mailer.wake(); });
        mailer.start();
    }
    ~Mailer() {
        f.server.store.setNoticeListener({});
        mailer.stop();
    }
    static server::MailConfig config(const SmtpSink& sink, MailLog& log) {
        server::MailConfig c;
        c.host = "127.0.0.1";
        c.port = sink.port();
        c.from = "motcua@phuong.test";
        c.firstRetry = std::chrono::milliseconds(20);
        c.maxRetry = std::chrono::milliseconds(100);
        c.log = log.callback();
        return c;
    }
};

struct Part {
    std::string contentType;
    std::string disposition;
    std::string content;
};

class Parts : public Poco::Net::PartHandler {
public:
    std::vector<Part> parts;
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::ostringstream content;
        Poco::StreamCopier::copyStream(stream, content);
        parts.push_back(
            {header.get("Content-Type", ""), header.get("Content-Disposition", ""), content.str()});
    }
};

/// The message's subject (RFC 2047 decoded) and its parts (transfer encodings decoded).
inline std::pair<std::string, std::vector<Part>> readMessage(const std::string& data) {
    std::istringstream in(data);
    Poco::Net::MailMessage message;
    Parts parts;
    message.read(in, parts);
    return {Poco::Net::MessageHeader::decodeWord(message.getSubject()), parts.parts};
}

/// The PDF attachment's text as pdftotext reads it.
inline std::string pdfText(const TempDir& dir, const std::string& pdf) {
    const std::string file = dir.write("attachment.pdf", pdf);
    const auto r = runTool("pdftotext " + shellQuote(file) + " - 2>&1");
    REQUIRE(r.exitCode == 0);
    return r.out;
}

}  // namespace motcua::test
