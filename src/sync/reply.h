// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Turning the server's answers into results or errors; private to the sync layer.
#pragma once

#include <string>

#include "motcua/protocol/protocol.h"
#include "motcua/sync/transport.h"

namespace motcua::sync {

/// Throws the SyncError matching an answer that is not `expected`: Unauthorized for 401,
/// ProtocolTooOld for 426, Network for 502-504 (a proxy or a server not up yet: retry later),
/// Server otherwise, with the server's error code and message.
void expectStatus(const HttpReply& reply, int expected, const std::string& what);

}  // namespace motcua::sync
