// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <string>

namespace motcua::sync {

/// Posts a DER TimeStampReq to an RFC 3161 time-stamp authority (RFC 3161 section 3.4: POST,
/// application/timestamp-query) and returns the body of its 200 answer, the DER TimeStampResp,
/// unchecked (signing::timestampToken checks it). `url` is https:// (the peer verified against
/// `caFile`, else the system's CAs; no way to switch verification off) or http://. Blocks up
/// to about `timeout` per network step; call it off the GUI thread. Throws SyncError: Malformed
/// for a bad URL, Network when the TSA cannot be reached (or the CA file is unusable), Server
/// for an answer other than 200, TooLarge for an answer over 1 MiB.
std::string postTimestampQuery(const std::string& url, const std::string& caFile,
                               const std::string& queryDer, std::chrono::seconds timeout);

}  // namespace motcua::sync
