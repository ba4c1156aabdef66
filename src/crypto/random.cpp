// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/crypto/random.h"

#include <openssl/rand.h>

#include <climits>
#include <stdexcept>

#include "motcua/crypto/hex.h"

namespace motcua::crypto {

std::string randomBytes(std::size_t count) {
    if (count > INT_MAX) throw std::runtime_error("too many random bytes asked for");
    std::string out(count, '\0');
    if (count > 0 &&
        RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("the random number generator failed");
    return out;
}

std::string randomHex(std::size_t count) {
    return toHex(randomBytes(count));
}

}  // namespace motcua::crypto
