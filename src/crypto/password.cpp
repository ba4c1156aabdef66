// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/crypto/password.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <stdexcept>

#include "motcua/crypto/hex.h"
#include "motcua/crypto/random.h"
#include "motcua/crypto/secret.h"

namespace motcua::crypto {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

/// Wipes a derived key on every way out of the scope.
struct Wiped {
    std::vector<std::uint8_t> bytes;
    ~Wiped() { wipe(bytes); }
};

}  // namespace

std::vector<std::uint8_t> hmacSha256(std::string_view key, std::string_view message) {
    if (key.size() > INT_MAX) throw std::runtime_error("HMAC key too long");
    std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    static const char kEmpty = 0;  // OpenSSL refuses a null key, even of length 0
    const void* keyData = key.empty() ? &kEmpty : key.data();
    const auto* data =
        reinterpret_cast<const unsigned char*>(message.empty() ? &kEmpty : message.data());
    if (!HMAC(EVP_sha256(), keyData, static_cast<int>(key.size()), data, message.size(), out.data(),
              &size))
        throw std::runtime_error("HMAC-SHA256 failed");
    out.resize(size);
    return out;
}

std::vector<std::uint8_t> pbkdf2Sha256(std::string_view password, std::string_view salt,
                                       std::uint32_t iterations, std::size_t length) {
    if (password.size() > INT_MAX || salt.size() > INT_MAX || iterations > INT_MAX ||
        iterations == 0 || length > INT_MAX)
        throw std::runtime_error("PBKDF2 parameters out of range");
    std::vector<std::uint8_t> out(length);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
                          static_cast<int>(length), out.data()) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return out;
}

std::string makePasswordVerifier(std::string_view password, std::uint32_t iterations) {
    const std::string salt = randomBytes(kSaltBytes);
    const Wiped hash{pbkdf2Sha256(password, salt, iterations, kHashBytes)};
    const std::string_view hashBytes(reinterpret_cast<const char*>(hash.bytes.data()),
                                     hash.bytes.size());
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + toHex(salt) + "$" +
           toHex(hashBytes);
}

bool checkPassword(std::string_view password, std::string_view verifier) {
    const auto a = verifier.find('$');
    const auto b = verifier.find('$', a + 1);
    const auto c = verifier.find('$', b + 1);
    if (a == std::string_view::npos || b == std::string_view::npos || c == std::string_view::npos)
        return false;
    if (verifier.substr(0, a) != kScheme) return false;
    std::uint32_t iterations = 0;
    for (char ch : verifier.substr(a + 1, b - a - 1)) {
        if (ch < '0' || ch > '9' || iterations > 100000000) return false;
        iterations = iterations * 10 + std::uint32_t(ch - '0');
    }
    const auto salt = fromHex(verifier.substr(b + 1, c - b - 1));
    const auto expected = fromHex(verifier.substr(c + 1));
    if (iterations == 0 || !salt || !expected || expected->size() != kHashBytes) return false;
    const Wiped actual{pbkdf2Sha256(password, *salt, iterations, expected->size())};
    return equalSecrets(
        std::string_view(reinterpret_cast<const char*>(actual.bytes.data()), actual.bytes.size()),
        *expected);
}

}  // namespace motcua::crypto
