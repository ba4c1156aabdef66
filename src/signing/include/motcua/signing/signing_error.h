// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::signing {

/// Every failure of the signing layer. The message is for the officer (what happened and, for
/// a PIN, what the token says is left); the code is for programs (exit codes, dialogs).
class SigningError : public std::runtime_error {
public:
    enum class Code {
        ModuleLoad,      ///< a PKCS#11 module could not be loaded or initialised
        NoToken,         ///< no token present (or none with the requested label)
        AmbiguousToken,  ///< several tokens and no label chosen
        KeyNotFound,     ///< no private key / certificate pair matches
        PinIncorrect,    ///< wrong PIN; the message carries the remaining-tries flags
        PinLocked,       ///< the user PIN is locked
        PinInvalid,      ///< the PIN has a wrong length or characters, or is expired
        TokenRemoved,    ///< the token or the session went away during the work
        MechanismUnsupported,
        TokenFailure,        ///< any other PKCS#11 error
        CertificateInvalid,  ///< the signer's certificate is expired or not yet valid
        Crypto,              ///< OpenSSL failed building or parsing CMS / certificates
        PdfEncrypted,
        PdfDamaged,         ///< unparsable, truncated or inconsistent PDF
        PdfUnsupported,     ///< a PDF structure we do not sign (e.g. forbids changes)
        SignatureTooLarge,  ///< the CMS does not fit the reserved /Contents
        InvalidInput,
        Io,
        /// a time-stamp authority refused the request, or its answer is garbled or does not
        /// match the request (another imprint or nonce)
        TimestampRefused,
    };

    SigningError(Code code, const std::string& message)
        : std::runtime_error(message), m_code(code) {}
    Code code() const { return m_code; }

    /// True for codes caused by the token or its module (CLI exit code 5).
    bool isTokenError() const;

private:
    Code m_code;
};

std::string_view signingErrorName(SigningError::Code code);

}  // namespace motcua::signing
