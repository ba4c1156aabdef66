// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/signing/signing_error.h"

namespace motcua::signing {

bool SigningError::isTokenError() const {
    switch (m_code) {
        case Code::ModuleLoad:
        case Code::NoToken:
        case Code::AmbiguousToken:
        case Code::KeyNotFound:
        case Code::PinIncorrect:
        case Code::PinLocked:
        case Code::PinInvalid:
        case Code::TokenRemoved:
        case Code::MechanismUnsupported:
        case Code::TokenFailure:
            return true;
        default:
            return false;
    }
}

std::string_view signingErrorName(SigningError::Code code) {
    using C = SigningError::Code;
    switch (code) {
        case C::ModuleLoad:
            return "ModuleLoad";
        case C::NoToken:
            return "NoToken";
        case C::AmbiguousToken:
            return "AmbiguousToken";
        case C::KeyNotFound:
            return "KeyNotFound";
        case C::PinIncorrect:
            return "PinIncorrect";
        case C::PinLocked:
            return "PinLocked";
        case C::PinInvalid:
            return "PinInvalid";
        case C::TokenRemoved:
            return "TokenRemoved";
        case C::MechanismUnsupported:
            return "MechanismUnsupported";
        case C::TokenFailure:
            return "TokenFailure";
        case C::CertificateInvalid:
            return "CertificateInvalid";
        case C::Crypto:
            return "Crypto";
        case C::PdfEncrypted:
            return "PdfEncrypted";
        case C::PdfDamaged:
            return "PdfDamaged";
        case C::PdfUnsupported:
            return "PdfUnsupported";
        case C::SignatureTooLarge:
            return "SignatureTooLarge";
        case C::InvalidInput:
            return "InvalidInput";
        case C::Io:
            return "Io";
        case C::TimestampRefused:
            return "TimestampRefused";
    }
    return "Unknown";
}

}  // namespace motcua::signing
