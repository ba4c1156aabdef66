// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "exit_codes.h"

#include "motcua/sync/protocol.h"

namespace motcua::cli {

int exitCodeFor(store::StoreError::Code code) {
    using C = store::StoreError::Code;
    switch (code) {
        case C::NotFound: return kExitNotFound;
        case C::NotAllowed: return kExitNotAllowed;
        case C::InvalidInput: return kExitInvalid;
        case C::AlreadyInitialized: return kExitNotAllowed;
        case C::OpenFailed:
        case C::NewerSchema:
        case C::NotInitialized:
        case C::Io:
        case C::Sql:
        case C::Damaged:
        case C::Locked: return kExitUnavailable;
    }
    return kExitUnavailable;
}

int exitCodeFor(const sync::SyncError& error) {
    return error.code() == sync::SyncError::Code::Unauthorized ? kExitInvalid : kExitSync;
}

}  // namespace motcua::cli
