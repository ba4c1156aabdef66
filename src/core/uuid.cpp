// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/uuid.h"

#include <random>

namespace motcua {

std::string newUuid() {
    // Every call draws from the OS entropy source. A seeded PRNG would repeat its sequence in
    // a forked child (the crash tests fork intake loops) and op ids must never collide.
    thread_local std::random_device device;
    auto draw64 = [] { return std::uint64_t(device()) << 32 | std::uint64_t(device()); };
    std::uint64_t hi = draw64();
    std::uint64_t lo = draw64();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 15; i >= 0; --i) {
        out += kHex[(hi >> (4 * i)) & 0xf];
        if (i == 8 || i == 4) out += '-';
    }
    out += '-';
    for (int i = 15; i >= 0; --i) {
        out += kHex[(lo >> (4 * i)) & 0xf];
        if (i == 12) out += '-';
    }
    return out;
}

bool isValidUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace motcua
