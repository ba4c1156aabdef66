// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/crypto/secret.h"

#include <openssl/crypto.h>

namespace motcua::crypto {

void wipe(std::string& secret) {
    // The whole buffer: a string that shrank keeps old bytes past size().
    if (secret.capacity() > 0) OPENSSL_cleanse(secret.data(), secret.capacity());
    secret.clear();
}

void wipe(std::vector<std::uint8_t>& secret) {
    if (secret.capacity() > 0) OPENSSL_cleanse(secret.data(), secret.capacity());
    secret.clear();
}

bool equalSecrets(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace motcua::crypto
