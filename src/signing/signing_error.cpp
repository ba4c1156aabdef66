// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/signing/signing_error.h"

#include "motcua/core/name_table.h"

namespace motcua::signing {

namespace {

using C = SigningError::Code;
constexpr auto kNames = makeNameTable<C>(
    {
        {C::ModuleLoad, "ModuleLoad"},
        {C::NoToken, "NoToken"},
        {C::AmbiguousToken, "AmbiguousToken"},
        {C::KeyNotFound, "KeyNotFound"},
        {C::PinIncorrect, "PinIncorrect"},
        {C::PinLocked, "PinLocked"},
        {C::PinInvalid, "PinInvalid"},
        {C::TokenRemoved, "TokenRemoved"},
        {C::MechanismUnsupported, "MechanismUnsupported"},
        {C::TokenFailure, "TokenFailure"},
        {C::CertificateInvalid, "CertificateInvalid"},
        {C::Crypto, "Crypto"},
        {C::PdfEncrypted, "PdfEncrypted"},
        {C::PdfDamaged, "PdfDamaged"},
        {C::PdfUnsupported, "PdfUnsupported"},
        {C::SignatureTooLarge, "SignatureTooLarge"},
        {C::InvalidInput, "InvalidInput"},
        {C::Io, "Io"},
        {C::TimestampRefused, "TimestampRefused"},
    },
    "Unknown");

}  // namespace

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
    return kNames.name(code);
}

}  // namespace motcua::signing
