// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/server/notice_mailer.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/FilePartSource.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace motcua::server {

namespace {

struct Wording {
    const char* subject;
    const char* body;
};

/// What the citizen reads, in Vietnamese (the server has no other language for citizens).
Wording wordingOf(const std::string& kind) {
    if (kind == "accepted")
        return {"đã được tiếp nhận",
                "đã được tiếp nhận. Giấy tiếp nhận hồ sơ và hẹn trả kết quả được đính kèm thư "
                "này."};
    if (kind == "result_ready")
        return {"đã có kết quả",
                "đã có kết quả. Kết quả điện tử, có chữ ký số của cơ quan có thẩm quyền và có giá "
                "trị pháp lý như bản giấy, được đính kèm thư này và lưu trong kho dữ liệu của "
                "công dân."};
    if (kind == "supplement_requested")
        return {"cần bổ sung, hoàn thiện",
                "cần được bổ sung, hoàn thiện. Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ được đính "
                "kèm thư này."};
    return {"không được tiếp nhận",
            "không được tiếp nhận. Phiếu từ chối tiếp nhận hồ sơ được đính kèm thư này."};
}

}  // namespace

struct NoticeMailer::Impl {
    ServerStore& store;
    MailConfig config;
    Poco::Net::Context::Ptr context;
    std::mutex mutex;
    std::condition_variable cv;
    bool stopping = false;
    bool woken = false;
    std::thread thread;

    Impl(ServerStore& s, MailConfig c) : store(s), config(std::move(c)) {}

    /// The store's clock, as notices' due times are kept: milliseconds since the epoch. The
    /// waits between looks stay real time (at most `poll`, or until wake()).
    std::int64_t nowMs() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   store.clock().now().time_since_epoch())
            .count();
    }

    void log(const nlohmann::json& line) const {
        if (config.log)
            config.log(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }

    void send(const Notice& notice) {
        using namespace Poco::Net;
        MailMessage message;
        message.setSender(config.from);
        message.addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, notice.email));
        const Wording words = wordingOf(notice.kind);
        message.setSubject(
            MailMessage::encodeWord("Hồ sơ " + notice.code + " " + words.subject, "UTF-8"));
        message.addContent(new StringPartSource("Hồ sơ " + notice.code + " " + words.body + "\r\n",
                                                "text/plain; charset=UTF-8"),
                           MailMessage::ENCODING_QUOTED_PRINTABLE);
        message.addAttachment(MailMessage::encodeWord(notice.formFileName, "UTF-8"),
                              new FilePartSource(store.noticeFormPath(notice), "application/pdf"),
                              MailMessage::ENCODING_BASE64);

        SecureSMTPClientSession session(config.host, config.port);
        session.setTimeout(Poco::Timespan(static_cast<long>(config.timeout.count()), 0));
        try {
            session.login();
            if (config.startTls) {
                if (!session.startTLS(context))
                    throw std::runtime_error("the relay does not offer STARTTLS");
                session.login();
            }
            session.sendMessage(message);
        } catch (...) {
            try {
                session.close();
            } catch (...) {
            }
            throw;
        }
        session.close();
    }

    std::chrono::milliseconds backoff(std::int64_t attempts) const {
        auto delay = config.firstRetry;
        for (std::int64_t i = 0; i < attempts && delay < config.maxRetry; ++i) delay *= 2;
        return std::min(delay, config.maxRetry);
    }

    void attempt(const Notice& notice) {
        try {
            send(notice);
        } catch (const std::exception& e) {
            const std::string problem = dynamic_cast<const Poco::Exception*>(&e)
                                            ? dynamic_cast<const Poco::Exception&>(e).displayText()
                                            : std::string(e.what());
            const auto delay = backoff(notice.attempts);
            store.markNoticeFailed(notice.id, problem, nowMs() + delay.count());
            log({{"event", "notice.failed"},
                 {"notice", notice.id},
                 {"code", notice.code},
                 {"problem", problem},
                 {"retry_in_ms", delay.count()}});
            return;
        }
        store.markNoticeSent(notice.id);
        log({{"event", "notice.sent"}, {"notice", notice.id}, {"code", notice.code}});
    }

    void run() {
        for (;;) {
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
                woken = false;
            }
            auto wait = config.poll;
            try {
                for (const auto& notice : store.dueNotices(nowMs(), 50)) {
                    {
                        std::lock_guard lock(mutex);
                        if (stopping) return;
                    }
                    attempt(notice);
                }
                if (const auto next = store.nextNoticeDue())
                    wait = std::clamp(std::chrono::milliseconds(*next - nowMs()),
                                      std::chrono::milliseconds(0), config.poll);
            } catch (const std::exception& e) {
                // The database is away: try again after a while, the notices are kept there.
                log({{"event", "notice.store_failed"}, {"problem", e.what()}});
            }
            std::unique_lock lock(mutex);
            cv.wait_for(lock, wait, [&] { return stopping || woken; });
        }
    }
};

NoticeMailer::NoticeMailer(ServerStore& store, MailConfig config)
    : m_impl(std::make_unique<Impl>(store, std::move(config))) {
    const MailConfig& c = m_impl->config;
    if (c.host.empty()) throw ServerError(ServerError::Code::Config, "--smtp needs HOST:PORT");
    if (c.firstRetry.count() < 1 || c.maxRetry < c.firstRetry || c.poll.count() < 1)
        throw ServerError(ServerError::Code::Config, "the mail retry delays must be positive");
    Poco::Net::initializeSSL();
    try {
        Poco::Net::Context::Params params;
        params.caLocation = c.caFile;
        params.loadDefaultCAs = c.caFile.empty();
        // The relay is always verified: a mail with a citizen's form goes nowhere unverified.
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
        m_impl->context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        m_impl->context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    } catch (const Poco::Exception& e) {
        m_impl.reset();
        Poco::Net::uninitializeSSL();
        throw ServerError(ServerError::Code::Config,
                          "cannot use the relay's CA bundle: " + e.displayText());
    }
}

NoticeMailer::~NoticeMailer() {
    if (!m_impl) return;
    stop();
    m_impl.reset();
    Poco::Net::uninitializeSSL();
}

void NoticeMailer::start() {
    if (m_impl->thread.joinable()) return;
    m_impl->stopping = false;
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

void NoticeMailer::stop() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->cv.notify_all();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void NoticeMailer::wake() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->woken = true;
    }
    m_impl->cv.notify_all();
}

}  // namespace motcua::server
