// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/crypto/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "motcua/crypto/hex.h"

namespace motcua::crypto {

struct Sha256::State {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {
    if (!m_state->ctx || EVP_DigestInit_ex(m_state->ctx.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size) {
    if (size > 0 && EVP_DigestUpdate(m_state->ctx.get(), data, size) != 1)
        throw std::runtime_error("SHA-256 failed");
}

Sha256::Digest Sha256::finish() {
    Digest digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(m_state->ctx.get(), digest.data(), &size) != 1 || size != digest.size())
        throw std::runtime_error("SHA-256 failed");
    return digest;
}

Sha256::Digest Sha256::of(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.finish();
}

std::string Sha256::hexOf(std::string_view data) {
    return toHex(of(data));
}

bool isSha256Hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string toHex(const Sha256::Digest& digest) {
    return toHex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string sha256FileHex(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot hash " + path);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    Sha256 h;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("cannot hash " + path);
        }
        if (n == 0) break;
        h.update(buffer, static_cast<std::size_t>(n));
    }
    return toHex(h.finish());
}

}  // namespace motcua::crypto
