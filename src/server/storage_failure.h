// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// How the server store reports what fails beneath it (internal header).
#pragma once

#include "motcua/server/server_store.h"

namespace motcua::server {

/// Runs `work`, turning a `Failure` thrown beneath the store (the database's SqlError, or
/// crypto's std::runtime_error when OpenSSL refuses) into ServerError(Storage).
template <typename Failure, typename Work>
auto storageOn(Work&& work) -> decltype(work()) {
    try {
        return work();
    } catch (const Failure& e) {
        throw ServerError(ServerError::Code::Storage, e.what());
    }
}

}  // namespace motcua::server
