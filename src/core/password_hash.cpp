// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/password_hash.h"

#include <array>
#include <random>

#include "motcua/core/sha256.h"

namespace motcua {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 0xf];
    }
    return out;
}

bool unhex(std::string_view text, std::string& out) {
    if (text.size() % 2) return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out += char(hi << 4 | lo);
    }
    return true;
}

}  // namespace

std::vector<std::uint8_t> hmacSha256(std::string_view key, std::string_view message) {
    std::array<std::uint8_t, 64> block{};
    if (key.size() > block.size()) {
        const auto digest = Sha256::of(key);
        std::copy(digest.begin(), digest.end(), block.begin());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    std::array<std::uint8_t, 64> inner{}, outer{};
    for (std::size_t i = 0; i < block.size(); ++i) {
        inner[i] = std::uint8_t(block[i] ^ 0x36);
        outer[i] = std::uint8_t(block[i] ^ 0x5c);
    }
    Sha256 h1;
    h1.update(inner.data(), inner.size());
    h1.update(message);
    const auto innerDigest = h1.finish();
    Sha256 h2;
    h2.update(outer.data(), outer.size());
    h2.update(innerDigest.data(), innerDigest.size());
    const auto result = h2.finish();
    return {result.begin(), result.end()};
}

std::vector<std::uint8_t> pbkdf2Sha256(std::string_view password, std::string_view salt, std::uint32_t iterations,
                                       std::size_t length) {
    std::vector<std::uint8_t> out;
    for (std::uint32_t blockIndex = 1; out.size() < length; ++blockIndex) {
        std::string first(salt);
        for (int shift = 24; shift >= 0; shift -= 8) first += char((blockIndex >> shift) & 0xff);
        auto u = hmacSha256(password, first);
        auto t = u;
        for (std::uint32_t i = 1; i < iterations; ++i) {
            u = hmacSha256(password, std::string_view(reinterpret_cast<const char*>(u.data()), u.size()));
            for (std::size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
        }
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

std::string makePasswordVerifier(std::string_view password, std::uint32_t iterations) {
    std::random_device device;
    std::string salt;
    for (int i = 0; i < 16; ++i) salt += char(device() & 0xff);
    const auto hash = pbkdf2Sha256(password, salt, iterations, 32);
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
           hex(std::vector<std::uint8_t>(salt.begin(), salt.end())) + "$" + hex(hash);
}

bool checkPassword(std::string_view password, std::string_view verifier) {
    const auto a = verifier.find('$');
    const auto b = verifier.find('$', a + 1);
    const auto c = verifier.find('$', b + 1);
    if (a == std::string_view::npos || b == std::string_view::npos || c == std::string_view::npos) return false;
    if (verifier.substr(0, a) != kScheme) return false;
    std::uint32_t iterations = 0;
    for (char ch : verifier.substr(a + 1, b - a - 1)) {
        if (ch < '0' || ch > '9' || iterations > 100000000) return false;
        iterations = iterations * 10 + std::uint32_t(ch - '0');
    }
    std::string salt, expected;
    if (iterations == 0 || !unhex(verifier.substr(b + 1, c - b - 1), salt) || !unhex(verifier.substr(c + 1), expected) ||
        expected.size() != 32)
        return false;
    const auto actual = pbkdf2Sha256(password, salt, iterations, expected.size());
    unsigned char diff = 0;  // no early exit: the time does not tell how much matched
    for (std::size_t i = 0; i < expected.size(); ++i) diff |= static_cast<unsigned char>(actual[i] ^ std::uint8_t(expected[i]));
    return diff == 0;
}

void wipe(std::string& secret) {
    volatile char* p = secret.data();
    for (std::size_t i = 0; i < secret.size(); ++i) p[i] = 0;
    secret.clear();
}

}  // namespace motcua
