// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "exit_codes.h"

#include "args.h"
#include "motcua/core/error.h"
#include "motcua/documents/document_error.h"
#include "motcua/scan/scan_error.h"
#include "motcua/signing/signing_error.h"
#include "motcua/store/store_error.h"
#include "motcua/protocol/protocol.h"

namespace motcua::cli {

namespace {

int exitCodeFor(store::StoreError::Code code) {
    using C = store::StoreError::Code;
    switch (code) {
        case C::NotFound:
            return kExitNotFound;
        case C::NotAllowed:
            return kExitNotAllowed;
        case C::InvalidInput:
            return kExitInvalid;
        case C::AlreadyInitialized:
            return kExitNotAllowed;
        case C::OpenFailed:
        case C::NewerSchema:
        case C::NotInitialized:
        case C::Io:
        case C::Sql:
        case C::Damaged:
        case C::Locked:
            return kExitUnavailable;
    }
    return kExitUnavailable;
}

}  // namespace

Failure failureOf(const std::exception& error) {
    if (dynamic_cast<const UsageError*>(&error)) return {"Usage", kExitUsage};
    if (const auto* e = dynamic_cast<const Error*>(&error))
        return {std::string(errcName(e->code())),
                e->code() == Errc::ActionNotAllowed ? kExitNotAllowed : kExitInvalid};
    if (const auto* e = dynamic_cast<const store::StoreError*>(&error))
        return {std::string(store::storeErrorName(e->code())), exitCodeFor(e->code())};
    if (const auto* e = dynamic_cast<const sync::SyncError*>(&error))
        return {std::string(sync::syncErrorName(e->code())),
                e->code() == sync::SyncError::Code::Unauthorized ? kExitInvalid : kExitSync};
    if (const auto* e = dynamic_cast<const documents::DocumentError*>(&error))
        return {std::string(documents::documentErrorName(e->code())),
                e->code() == documents::DocumentError::Code::FormNotApplicable ? kExitNotAllowed
                                                                               : kExitUnavailable};
    if (const auto* e = dynamic_cast<const signing::SigningError*>(&error)) {
        using C = signing::SigningError::Code;
        const bool badInput = e->code() == C::PdfEncrypted || e->code() == C::PdfDamaged ||
                              e->code() == C::PdfUnsupported || e->code() == C::InvalidInput ||
                              e->code() == C::TimestampRefused;
        return {std::string(signing::signingErrorName(e->code())),
                badInput ? kExitInvalid : kExitUnavailable};
    }
    if (const auto* e = dynamic_cast<const scan::ScanError*>(&error)) {
        using C = scan::ScanError::Code;
        const C code = e->code();
        const int exitCode = code == C::NoDevice ? kExitNotFound
                             : code == C::Unsupported || code == C::InvalidArgument
                                 ? kExitInvalid
                                 : kExitUnavailable;
        return {std::string(scan::scanErrorName(code)), exitCode};
    }
    return {"Internal", kExitUnavailable};
}

}  // namespace motcua::cli
