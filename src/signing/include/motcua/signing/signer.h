// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "motcua/signing/certificate.h"

namespace motcua::signing {

/// A private key that signs, wherever it lives (a token key; a software key in tests).
class Signer {
public:
    virtual ~Signer() = default;
    virtual const CertificateInfo& certificate() const = 0;
    /// The issuers of certificate() up to the root, as DER, nearest first (may be incomplete).
    virtual std::vector<std::string> chain() const = 0;
    /// A SHA-256 signature of `message` as CMS carries it: RSA PKCS#1 v1.5 bytes, or a DER
    /// ECDSA-Sig-Value. Throws SigningError.
    virtual std::string sign(std::string_view message) = 0;
};

}  // namespace motcua::signing
