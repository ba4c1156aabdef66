// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>
#include <set>

#include "motcua/crypto/hex.h"
#include "motcua/crypto/password.h"
#include "motcua/crypto/random.h"
#include "motcua/crypto/secret.h"
#include "motcua/crypto/sha256.h"
#include "support/temp_dir.h"

namespace crypto = motcua::crypto;

TEST_CASE("hex round-trips in either case and refuses what is not hex", "[crypto]") {
    const std::string bytes("\x00\x7f\x80\xff\x0a", 5);
    CHECK(crypto::toHex(bytes) == "007f80ff0a");
    CHECK(crypto::toHex(bytes, crypto::HexCase::Upper) == "007F80FF0A");
    CHECK(crypto::fromHex("007f80ff0a") == bytes);
    CHECK(crypto::fromHex("007F80FF0A") == bytes);
    CHECK(crypto::fromHex("") == std::string());
    CHECK_FALSE(crypto::fromHex("abc"));
    CHECK_FALSE(crypto::fromHex("zz"));
    CHECK_FALSE(crypto::fromHex("0g"));
}

TEST_CASE("SHA-256 of data and of a file agree with FIPS 180-4", "[crypto]") {
    CHECK(crypto::Sha256::hexOf("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    motcua::test::TempDir dir;
    const std::string big(200000, 'a');
    CHECK(crypto::sha256FileHex(dir.write("big", big)) == crypto::Sha256::hexOf(big));
    CHECK(crypto::sha256FileHex(dir.write("empty", "")) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_THROWS_WITH(crypto::sha256FileHex(dir.file("missing")), Catch::Contains("cannot hash"));
}

TEST_CASE("random bytes differ and have the length asked for", "[crypto]") {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) seen.insert(crypto::randomBytes(16));
    CHECK(seen.size() == 20);
    CHECK(crypto::randomBytes(0).empty());
    CHECK(crypto::randomHex(32).size() == 64);
}

TEST_CASE("secrets compare in constant time and are wiped", "[crypto]") {
    CHECK(crypto::equalSecrets("abc", "abc"));
    CHECK_FALSE(crypto::equalSecrets("abc", "abd"));
    CHECK_FALSE(crypto::equalSecrets("abc", "abcd"));
    CHECK(crypto::equalSecrets("", ""));
    std::string secret = "a PIN long enough to live on the heap, not in the string";
    const char* buffer = secret.data();
    const std::size_t size = secret.size();
    crypto::wipe(secret);
    CHECK(secret.empty());
    CHECK(std::string(buffer, size) == std::string(size, '\0'));  // same buffer: clear() keeps it
    std::vector<std::uint8_t> key{1, 2, 3};
    crypto::wipe(key);
    CHECK(key.empty());
}

TEST_CASE("stored verifiers of both formats still verify", "[crypto][password]") {
    // The desk's format, as the hand-written PBKDF2 of the first release wrote it.
    const std::string desk =
        "pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
        "71f054e2ef623018fb3a603945ce1f18332f5a0067dc8dbadc8889536585b88a";
    CHECK(crypto::checkPassword("Mật khẩu 2026", desk));
    CHECK_FALSE(crypto::checkPassword("Mật khẩu 2025", desk));
    // The server's columns (hash hex over a hex salt, 600,000 iterations).
    const auto salt = crypto::fromHex("00112233445566778899aabbccddeeff");
    REQUIRE(salt);
    const auto derived = crypto::pbkdf2Sha256("password", *salt, 600000, 32);
    CHECK(crypto::toHex(std::string(derived.begin(), derived.end())) ==
          "8cb706e2cabf91c72c10ab9524294fa38f247d34f3f93842bcb05b8aaa66d334");
    CHECK(crypto::makePasswordVerifier("x").rfind("pbkdf2-sha256$120000$", 0) == 0);
}
