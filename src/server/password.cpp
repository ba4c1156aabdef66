// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "motcua/server/server_store.h"

namespace motcua::server {

namespace {

std::string toHex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 0x0f];
    }
    return out;
}

}  // namespace

std::string randomHex(int bytes) {
    std::vector<unsigned char> buffer(static_cast<std::size_t>(bytes));
    if (RAND_bytes(buffer.data(), bytes) != 1)
        throw ServerError(ServerError::Code::Storage, "the random number generator failed");
    return toHex(buffer.data(), buffer.size());
}

std::string pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations) {
    std::array<unsigned char, 32> out{};
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          iterations, EVP_sha256(), static_cast<int>(out.size()), out.data()) != 1)
        throw ServerError(ServerError::Code::Storage, "PBKDF2 failed");
    return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

std::string passwordHashHex(std::string_view password, std::string_view saltHex, int iterations) {
    std::string salt;
    for (std::size_t i = 0; i + 1 < saltHex.size(); i += 2)
        salt += static_cast<char>(std::stoi(std::string(saltHex.substr(i, 2)), nullptr, 16));
    const std::string derived = pbkdf2Sha256(password, salt, iterations);
    return toHex(reinterpret_cast<const unsigned char*>(derived.data()), derived.size());
}

std::string sha256Hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
        throw ServerError(ServerError::Code::Storage, "SHA-256 failed");
    return toHex(digest.data(), size);
}

std::string sha256FileHex(const std::string& path) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::ifstream in(path, std::ios::binary);
    if (!ctx || !in || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw ServerError(ServerError::Code::Storage, "cannot hash " + path);
    std::vector<char> buffer(1 << 16);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &size);
    return toHex(digest.data(), size);
}

bool equalSecrets(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace motcua::server
