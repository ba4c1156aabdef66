// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <memory>
#include <string>

#include "motcua/signing/pades.h"
#include "motcua/signing/token.h"
#include "signing_fixture.h"

namespace motcua::test {

/// A logged-in session on the test token; signers by CKA_ID. The fixture's tokens are made
/// first, so a test run on its own (CTest runs each in its own process) finds them.
struct TokenLogin {
    const SigningFixture& fixture = SigningFixture::instance();
    signing::Module module = signing::Module::load(kSoftHsmModule);
    signing::TokenSession session = module.openSession(kTokenLabel);
    TokenLogin() {
        std::string pin = kPin;
        session.login(pin);
    }
    std::unique_ptr<signing::Signer> signer(const std::string& id) { return session.signer(id); }
};

inline signing::PdfSignOptions signOptions(const std::string& reason) {
    signing::PdfSignOptions o;
    o.reason = reason;
    o.location = "UBND Phường Bến Nghé, TP. Hồ Chí Minh";
    return o;
}

inline int countOf(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace motcua::test
