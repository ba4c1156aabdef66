// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The notices of decisions on submissions reach the applicants by e-mail through a real SMTP
// relay on loopback (tests/support/smtp_sink.h): once each, with the form attached, after
// retries when the relay refuses, and never dropped.
#include <map>
#include <set>

#include "mail_fixture.h"

using namespace motcua;
using namespace motcua::test;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("each decision with an applicant e-mail is sent once, with its form attached",
          "[server][portal][smtp]") {
    PortalFixture f;
    SmtpSink sink;
    MailLog log;
    const std::string withMail = f.submitted("DVC-M1");
    json noMail =
        json{{"applicant",
              {{"full_name", "Lê Văn Cường"}, {"id_number", "001090001234"}, {"email", ""}}}};
    const std::string withoutMail = f.submitted("DVC-M2", noMail);
    const std::string other = f.submitted("DVC-M3");
    Mailer mailer(f, sink, log);

    const json accept = f.acceptance(withMail, f.desk);
    const json refuse = f.sendBack(withoutMail, f.desk, "refuse");
    const json supplement = f.sendBack(other, f.desk);
    const auto results =
        f.push(f.desk, {f.decision(withMail, 1, accept), f.decision(withoutMail, 1, refuse),
                        f.decision(other, 1, supplement)});
    for (const auto& r : results) REQUIRE(r.outcome == sync::OpOutcome::Applied);

    REQUIRE(log.waitFor("notice.sent", 2));
    const auto messages = sink.messages();
    REQUIRE(messages.size() == 2);
    std::map<std::string, std::string> formOf{{withMail, accept["form_sha256"]},
                                              {other, supplement["form_sha256"]}};
    std::set<std::string> seen;
    for (const auto& message : messages) {
        REQUIRE(message.recipients.size() == 1);
        CHECK(message.recipients[0].find("binh@example.vn") != std::string::npos);
        const auto [subject, parts] = readMessage(message.data);
        const std::string code = subject.find(withMail) != std::string::npos ? withMail : other;
        INFO(subject);
        CHECK(subject.find(code) != std::string::npos);
        CHECK(seen.insert(code).second);
        REQUIRE(parts.size() == 2);
        CHECK(parts[0].contentType.rfind("text/plain", 0) == 0);
        CHECK(parts[0].content.find(code) != std::string::npos);
        CHECK(parts[1].contentType.rfind("application/pdf", 0) == 0);
        CHECK(parts[1].disposition.find("attachment") != std::string::npos);
        REQUIRE(parts[1].content.rfind("%PDF", 0) == 0);
        CHECK(sha256Hex(parts[1].content) == formOf[code]);
        CHECK(pdfText(f.server.dir, parts[1].content).find(code) != std::string::npos);
    }
    // Each sent once; the one without an address waits for the portal.
    for (const auto& n : f.server.store.notices(false)) {
        INFO(n.code);
        if (n.code == withoutMail) {
            CHECK_FALSE(n.sent);
            CHECK(n.attempts == 0);
        } else {
            CHECK(n.sent);
            CHECK(n.attempts == 1);
        }
    }
    REQUIRE(f.server.store.notices(true).size() == 1);
}

TEST_CASE("a relay that refuses at first gets the notice once it accepts, and nothing is dropped",
          "[server][portal][smtp]") {
    PortalFixture f;
    SmtpSink sink;
    MailLog log;
    const std::string code = f.submitted("DVC-R1");

    SECTION("refused once, sent on the retry") {
        sink.refuseNext(1);
        Mailer mailer(f, sink, log);
        REQUIRE(f.push(f.desk, {f.decision(code, 1, f.acceptance(code, f.desk))}).at(0).outcome ==
                sync::OpOutcome::Applied);
        REQUIRE(log.waitFor("notice.sent", 1));
        CHECK(log.waitFor("notice.failed", 1));
        CHECK(sink.refused() == 1);
        CHECK(sink.messages().size() == 1);
        const auto notices = f.server.store.notices(false);
        REQUIRE(notices.size() == 1);
        CHECK(notices[0].sent);
        CHECK(notices[0].attempts == 2);
        CHECK(notices[0].lastError.empty());
    }
    SECTION("refused many times, kept and shown with the relay's answer until it accepts") {
        sink.refuseNext(1000);
        Mailer mailer(f, sink, log);
        REQUIRE(f.push(f.desk, {f.decision(code, 1, f.acceptance(code, f.desk))}).at(0).outcome ==
                sync::OpOutcome::Applied);
        REQUIRE(log.waitFor("notice.failed", 4));
        auto waiting = f.server.store.notices(true);
        REQUIRE(waiting.size() == 1);
        CHECK(waiting[0].attempts >= 4);
        CHECK(waiting[0].lastError.find("451") != std::string::npos);
        sink.refuseNext(0);
        REQUIRE(sink.waitFor(1, 30s));
        REQUIRE(log.waitFor("notice.sent", 1));
        CHECK(f.server.store.notices(true).empty());
        CHECK(sink.messages().size() == 1);
    }
    SECTION("a relay that is not there") {
        server::MailConfig c = Mailer::config(sink, log);
        c.port = 1;  // nothing listens there
        server::NoticeMailer mailer(f.server.store, c);
        mailer.start();
        REQUIRE(f.push(f.desk, {f.decision(code, 1, f.acceptance(code, f.desk))}).at(0).outcome ==
                sync::OpOutcome::Applied);
        mailer.wake();
        REQUIRE(log.waitFor("notice.failed", 2));
        mailer.stop();
        CHECK(f.server.store.notices(true).size() == 1);
    }
}

TEST_CASE("with STARTTLS the relay's certificate is verified, and an unverified relay gets nothing",
          "[server][portal][smtp][tls]") {
    PortalFixture f;
    SmtpSink sink(f.server.pki.serverCert, f.server.pki.serverKey);
    MailLog log;
    const std::string code = f.submitted("DVC-T1");
    /// The submission accepted with a mailer of `config` running, until it logged `event`.
    const auto acceptWith = [&](const server::MailConfig& config, const std::string& event) {
        server::NoticeMailer mailer(f.server.store, config);
        mailer.start();
        REQUIRE(f.push(f.desk, {f.decision(code, 1, f.acceptance(code, f.desk))}).at(0).outcome ==
                sync::OpOutcome::Applied);
        mailer.wake();
        REQUIRE(log.waitFor(event, event == "notice.sent" ? 1 : 2));
        mailer.stop();
    };
    server::MailConfig c = Mailer::config(sink, log);
    c.startTls = true;

    SECTION("a relay whose certificate the CA file vouches for") {
        c.caFile = f.server.pki.caCert;
        acceptWith(c, "notice.sent");
        const auto messages = sink.messages();
        REQUIRE(messages.size() == 1);
        CHECK(messages[0].tls);
        CHECK(readMessage(messages[0].data).first.find(code) != std::string::npos);
    }
    SECTION("a relay with a certificate of a CA not trusted") {
        const TestPki other(f.server.dir, "other-");
        c.caFile = other.caCert;
        acceptWith(c, "notice.failed");
        CHECK(sink.messages().empty());
        const auto waiting = f.server.store.notices(true);
        REQUIRE(waiting.size() == 1);
        INFO(waiting[0].lastError);
        CHECK(waiting[0].lastError.find("certificate") != std::string::npos);
    }
    SECTION("a relay that offers no STARTTLS when it is asked for") {
        SmtpSink plain;
        c.port = plain.port();
        c.caFile = f.server.pki.caCert;
        acceptWith(c, "notice.failed");
        CHECK(plain.messages().empty());
        CHECK(f.server.store.notices(true).at(0).lastError.find("STARTTLS") != std::string::npos);
    }
}
