// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "motcua/core/sha256.h"
#include "motcua/core/uuid.h"

using namespace motcua;

TEST_CASE("SHA-256 matches the FIPS 180-4 examples", "[sha256]") {
    CHECK(Sha256::hexOf("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Sha256::hexOf("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256::hexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    CHECK(Sha256::hexOf(million) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the same digest however the input is split", "[sha256]") {
    std::string data;
    for (int i = 0; i < 1000; ++i) data += char('a' + i % 26);
    const auto whole = Sha256::hexOf(data);
    for (std::size_t chunk : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 200u}) {
        Sha256 h;
        for (std::size_t i = 0; i < data.size(); i += chunk)
            h.update(std::string_view(data).substr(i, chunk));
        CHECK(toHex(h.finish()) == whole);
    }
}

TEST_CASE("UUIDs are version 4, well-formed and unique", "[uuid]") {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const auto id = newUuid();
        REQUIRE(isValidUuid(id));
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 10000);
    CHECK_FALSE(isValidUuid("not-a-uuid"));
    CHECK_FALSE(isValidUuid("123e4567-e89b-12d3-a456-42661417400g"));
}
