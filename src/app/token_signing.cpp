// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "token_signing.h"

#include <chrono>
#include <future>

#include "motcua/signing/signing_error.h"
#include "ui_text.h"

namespace motcua::app {

wxString failureText(const BatchOutcome& outcome) {
    if (outcome.failure) return errorText(outcome.failure);
    return fromUtf8(outcome.error);
}

bool signWithToken(wxWindow* owner, TokenService& tokens, TokenSigning s) {
    const Liveness window = Liveness::of(owner);
    auto signing = std::make_shared<TokenSigning>(std::move(s));
    // The PIN request goes to the GUI; this thread waits for the answer, or for the window to go.
    auto askOnGui = [window, signing](const PinRequest& request) -> std::optional<std::string> {
        auto answer = std::make_shared<std::promise<std::optional<std::string>>>();
        auto future = answer->get_future();
        auto ask = signing->askPin;
        // Answered on the GUI thread, or dropped with the window: then the promise goes unset
        // and the wait below ends on the window's flag.
        window.post(
            [answer, ask, request] { answer->set_value(ask ? ask(request) : std::nullopt); });
        while (future.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
            if (!window.alive()) return std::nullopt;
        return future.get();
    };
    auto report = [window, signing](BatchOutcome outcome) {
        window.post([signing, outcome] {
            if (signing->finished) signing->finished(outcome);
        });
    };

    TokenService::Job job;
    job.work = [signing, askOnGui, report, window](signing::Module& module) {
        BatchOutcome outcome{0, signing->documents, false, ""};
        auto pin = std::make_shared<std::string>();
        struct Wipe {
            std::shared_ptr<std::string> secret;
            ~Wipe() { signing::wipeSecret(*secret); }
        } wipeAtEnd{pin};
        try {
            auto session = module.openSession(signing->token.token.label);
            auto info = session.token();
            std::string problem;
            for (;;) {
                PinRequest request{info.label, signing->certificate.commonName,
                                   info.pin,   info.protectedAuthPath,
                                   problem,    signing->documents};
                if (info.pin.locked) {
                    (void)askOnGui(request);  // the dialog explains the lock and offers only Cancel
                    outcome.error = toUtf8(pinWarning(info.pin));
                    report(outcome);
                    return;
                }
                auto typed = askOnGui(request);
                if (!typed) {
                    outcome.cancelled = true;
                    report(outcome);
                    return;
                }
                *pin = std::move(*typed);
                try {
                    if (info.protectedAuthPath) {
                        session.loginProtected();
                    } else {
                        std::string loginPin = *pin;  // login wipes its copy
                        session.login(loginPin);
                    }
                    break;
                } catch (const signing::SigningError& e) {
                    if (e.code() != signing::SigningError::Code::PinIncorrect) throw;
                    // The next PIN dialog says the PIN was wrong (translated there) and
                    // shows what the token says is left.
                    problem = e.what();
                    info = session.token();
                }
            }
            auto signer = session.signer(
                signing->certificate.idHex, [pin] { return *pin; }, signing->caFiles);
            outcome.done = signing->work(*signer, [&](int done) {
                outcome.done = done;
                window.post([signing, done] {
                    if (signing->progress) signing->progress(done);
                });
                if (!signing->cancel->load()) return true;
                outcome.cancelled = true;
                return false;
            });
        } catch (const std::exception& e) {
            outcome.error = e.what();
            outcome.failure = std::current_exception();
        }
        report(outcome);
    };
    job.failed = [report, signing](const std::string& why) {
        report({0, signing->documents, false, why});
    };
    return tokens.run(signing->token.modulePath, std::move(job));
}

}  // namespace motcua::app
