// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua {

/// SHA-256 (FIPS 180-4), incremental. Core is std-only, and the store's audit chain and
/// blob folder need a hash without seeing OpenSSL (only the signing layer does).
class Sha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    Digest finish();  ///< the object must not be updated afterwards

    static Digest of(std::string_view data);
    static std::string hexOf(std::string_view data);

private:
    void block(const std::uint8_t* p);
    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

std::string toHex(const Sha256::Digest& digest);

}  // namespace motcua
