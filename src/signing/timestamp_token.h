// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What verification needs from an RFC 3161 TimeStampToken (internal header).
#pragma once

#include <ctime>
#include <string>

#include "ossl.h"

namespace motcua::signing::detail {

struct TstInfo {
    const EVP_MD* imprintDigest = nullptr;  ///< null: an algorithm OpenSSL does not know
    std::string imprint;                    ///< the hashed message (here: the byte range)
    std::time_t genTime = 0;
};

/// The TSTInfo a TimeStampToken carries; nullopt-like failure as SigningError(TimestampRefused).
TstInfo readTstInfo(CMS_ContentInfo* token);

}  // namespace motcua::signing::detail
