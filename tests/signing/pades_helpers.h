// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <memory>
#include <string>

#include "motcua/signing/pades.h"
#include "motcua/signing/token.h"
#include "signing_fixture.h"
#include "support/pdfsig.h"

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

/// pdfsig's report on the PDF at `path`, with a fresh NSS database of the fixture's PKI.
inline std::string pdfsigReport(const std::string& path) {
    const TempDir nss;
    return pdfsigReport(SigningFixture::instance().nssDb(nss), path);
}

}  // namespace motcua::test
