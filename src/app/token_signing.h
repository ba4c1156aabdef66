// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Signing with a USB token from a window: on the token's module thread, open a session, ask the
// PIN on the GUI thread (showing the token's counter flags), log in (a wrong PIN goes back to
// the person with the token's answer, never retried on its own), then run the window's work
// with a signer. Outcome and progress come back on the GUI thread while the window lives. The
// PIN stays on the token's thread and is wiped when the work ends.
#pragma once

#include <wx/window.h>

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pin_dialog.h"
#include "token_service.h"

namespace motcua::app {

/// How a signing batch ended.
struct BatchOutcome {
    int done =
        0;  ///< documents done, each committed: signed (a form), or signed and approved (a result)
    int total = 0;
    bool cancelled = false;
    std::string error;  ///< the failure that stopped it (token removed, wrong PIN ...), if any
    std::exception_ptr failure;  ///< the same failure, for errorText() on the GUI thread
};

/// How a batch's failure reads for the person: translated when it came from a known layer.
wxString failureText(const BatchOutcome& outcome);

struct TokenSigning {
    TokenView token;
    signing::CertificateInfo certificate;
    int documents = 1;
    /// CA certificates (PEM files) besides the token's own, to find the signer's chain in.
    std::vector<std::string> caFiles;
    /// Asks for the PIN on the GUI thread; nothing: the person cancelled.
    std::function<std::optional<std::string>(const PinRequest&)> askPin;
    /// Runs on the token's thread with a logged-in signer; reports progress through
    /// `proceed(done)` (false: stop there) and returns how many documents it finished. A
    /// failure it throws after finishing some stops the batch with that message.
    std::function<int(signing::Signer& signer, const std::function<bool(int done)>& proceed)> work;
    std::function<void(int done)> progress;             ///< GUI thread
    std::function<void(const BatchOutcome&)> finished;  ///< GUI thread
    /// Set it to stop before the next document (also when the window goes).
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
};

/// Queues the work on the module's thread; false when that module is not watched.
bool signWithToken(wxWindow* owner, TokenService& tokens, TokenSigning signing);

}  // namespace motcua::app
