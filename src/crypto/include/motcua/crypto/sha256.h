// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace motcua::crypto {

/// SHA-256 (FIPS 180-4), incremental; OpenSSL underneath. One object per thread.
class Sha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(const void* data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    Digest finish();  ///< the object must not be updated afterwards

    static Digest of(std::string_view data);
    /// Lowercase hex of the digest of `data`.
    static std::string hexOf(std::string_view data);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// Lowercase hex of a digest.
std::string toHex(const Sha256::Digest& digest);

/// A SHA-256 as the project names files and blobs by it: 64 lowercase hex digits.
bool isSha256Hex(std::string_view text);

/// Lowercase hex SHA-256 of a file's content, read a piece at a time.
/// Throws std::runtime_error("cannot hash PATH") if it cannot be read.
std::string sha256FileHex(const std::string& path);

}  // namespace motcua::crypto
