// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// SHA-256 of test data as the server, the store and the sync layer name blobs: lowercase hex.
// The project's own crypto library computes it; its tests (tests/crypto) check it against the
// FIPS 180-4 vectors, so a test here may take it as given.
#pragma once

#include <string>
#include <string_view>

#include "motcua/crypto/sha256.h"

namespace motcua::test {

/// Lowercase hex SHA-256 of `data` (64 characters).
inline std::string sha256Hex(std::string_view data) {
    return crypto::Sha256::hexOf(data);
}

/// The 32 raw bytes of `data`'s SHA-256 (what an RFC 3161 query carries).
inline std::string sha256Bytes(std::string_view data) {
    const crypto::Sha256::Digest digest = crypto::Sha256::of(data);
    return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace motcua::test
