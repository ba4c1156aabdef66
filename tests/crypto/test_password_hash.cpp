// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/crypto/password.h"
#include "motcua/crypto/secret.h"

using namespace motcua::crypto;

namespace {
std::string hex(const std::vector<std::uint8_t>& b) {
    static constexpr char k[] = "0123456789abcdef";
    std::string s;
    for (auto x : b) s += {k[x >> 4], k[x & 0xf]};
    return s;
}
}  // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231", "[password]") {
    CHECK(hex(hmacSha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hex(hmacSha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hex(hmacSha256(std::string(131, '\xaa'),
                         "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("PBKDF2-HMAC-SHA256 matches the published vectors", "[password]") {
    CHECK(hex(pbkdf2Sha256("password", "salt", 1, 32)) ==
          "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    CHECK(hex(pbkdf2Sha256("password", "salt", 2, 32)) ==
          "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    CHECK(hex(pbkdf2Sha256("password", "salt", 4096, 32)) ==
          "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    CHECK(hex(pbkdf2Sha256("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
                           40)) ==
          "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9");
}

TEST_CASE("password verifiers check the right password only", "[password]") {
    const auto verifier = makePasswordVerifier("Mật khẩu 2026", 1000);
    CHECK(verifier.rfind("pbkdf2-sha256$1000$", 0) == 0);
    CHECK(checkPassword("Mật khẩu 2026", verifier));
    CHECK_FALSE(checkPassword("mật khẩu 2026", verifier));
    CHECK_FALSE(checkPassword("", verifier));
    CHECK(makePasswordVerifier("x", 1000) != makePasswordVerifier("x", 1000));  // salted
    for (const char* bad : {"", "pbkdf2-sha256", "md5$1$00$00", "pbkdf2-sha256$x$00$00",
                            "pbkdf2-sha256$10$zz$00", "pbkdf2-sha256$10$00$0011"})
        CHECK_FALSE(checkPassword("x", bad));
    std::string secret = "1234";
    wipe(secret);
    CHECK(secret.empty());
}
