// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "password.h"

#include <stdexcept>
#include <string>

#include "motcua/crypto/hex.h"
#include "motcua/crypto/password.h"
#include "motcua/crypto/random.h"
#include "motcua/crypto/secret.h"
#include "motcua/crypto/sha256.h"
#include "storage_failure.h"

namespace motcua::server {

std::string randomHex(int bytes) {
    return storageOn<std::runtime_error>(
        [&] { return crypto::randomHex(static_cast<std::size_t>(bytes)); });
}

std::string pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations) {
    auto derived = storageOn<std::runtime_error>([&] {
        return crypto::pbkdf2Sha256(password, salt, static_cast<std::uint32_t>(iterations), 32);
    });
    std::string out(derived.begin(), derived.end());
    crypto::wipe(derived);
    return out;
}

std::string passwordHashHex(std::string_view password, std::string_view saltHex, int iterations) {
    const auto salt = crypto::fromHex(saltHex);
    if (!salt) throw ServerError(ServerError::Code::Storage, "a stored password salt is not hex");
    std::string derived = pbkdf2Sha256(password, *salt, iterations);
    std::string hex = crypto::toHex(derived);
    crypto::wipe(derived);
    return hex;
}

std::string sha256Hex(std::string_view data) {
    return storageOn<std::runtime_error>([&] { return crypto::Sha256::hexOf(data); });
}

std::string sha256FileHex(const std::string& path) {
    return storageOn<std::runtime_error>([&] { return crypto::sha256FileHex(path); });
}

bool equalSecrets(std::string_view a, std::string_view b) {
    return crypto::equalSecrets(a, b);
}

}  // namespace motcua::server
