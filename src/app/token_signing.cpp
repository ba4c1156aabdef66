// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "token_signing.h"

#include <wx/app.h>
#include <wx/weakref.h>

#include <chrono>
#include <future>

#include "motcua/signing/signing_error.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

/// Runs `f` on the GUI thread if the window still exists.
void onGui(const wxWeakRef<wxWindow>& window, std::function<void()> f) {
    if (!wxTheApp) return;
    wxTheApp->CallAfter([window, f = std::move(f)] {
        if (window) f();
    });
}

}  // namespace

bool signWithToken(wxWindow* owner, TokenService& tokens, TokenSigning s) {
    const wxWeakRef<wxWindow> weak(owner);
    auto signing = std::make_shared<TokenSigning>(std::move(s));
    // The PIN request goes to the GUI; this thread waits for the answer, or for the window to go.
    auto askOnGui = [weak, signing](const PinRequest& request) -> std::optional<std::string> {
        auto answer = std::make_shared<std::promise<std::optional<std::string>>>();
        auto future = answer->get_future();
        auto ask = signing->askPin;
        wxTheApp->CallAfter([weak, answer, ask, request] { answer->set_value(weak && ask ? ask(request) : std::nullopt); });
        while (future.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
            if (!weak) return std::nullopt;
        return future.get();
    };
    auto report = [weak, signing](BatchOutcome outcome) {
        onGui(weak, [signing, outcome] {
            if (signing->finished) signing->finished(outcome);
        });
    };

    TokenService::Job job;
    job.work = [signing, askOnGui, report, weak](signing::Module& module) {
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
                PinRequest request{info.label, signing->certificate.commonName, info.pin, info.protectedAuthPath,
                                   problem, signing->documents};
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
                    problem = e.what();  // shown in the next PIN dialog with what is left
                    info = session.token();
                }
            }
            auto signer = session.signer(signing->certificate.idHex, [pin] { return *pin; });
            outcome.approved = signing->work(*signer, [&](int done) {
                outcome.approved = done;
                onGui(weak, [signing, done] {
                    if (signing->progress) signing->progress(done);
                });
                if (!signing->cancel->load()) return true;
                outcome.cancelled = true;
                return false;
            });
        } catch (const std::exception& e) {
            outcome.error = e.what();
        }
        report(outcome);
    };
    job.failed = [report, signing](const std::string& why) { report({0, signing->documents, false, why}); };
    return tokens.run(signing->token.modulePath, std::move(job));
}

}  // namespace motcua::app
