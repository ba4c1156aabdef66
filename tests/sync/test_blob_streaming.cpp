// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Blobs stream both ways: a desk downloads a large result a range at a time into its blob
// folder, resuming where a cut-off download stopped, and the server sends each range from the
// file; neither holds a whole blob in memory, even with four downloads at once.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "../server/server_fixture.h"
#include "desk_fixture.h"
#include "motcua/core/sha256.h"
#include "motcua/sync/blobs.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// A file of `bytes` pseudo-random bytes (so no layer can compress it away), and its SHA-256.
std::pair<std::string, std::string> bigFile(const TempDir& dir, std::int64_t bytes) {
    const std::string path = dir.file("big.bin");
    std::ofstream out(path, std::ios::binary);
    Sha256 hash;
    std::string block(1 << 16, '\0');
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (std::int64_t done = 0; done < bytes; done += static_cast<std::int64_t>(block.size())) {
        for (auto& c : block) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            c = static_cast<char>(x);
        }
        const auto n =
            std::min<std::int64_t>(bytes - done, static_cast<std::int64_t>(block.size()));
        out.write(block.data(), n);
        hash.update(block.data(), static_cast<std::size_t>(n));
    }
    return {path, toHex(hash.finish())};
}

/// Resident memory of this process (which runs the server too), in bytes.
std::int64_t residentBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
    return 0;
}

}  // namespace

TEST_CASE("a 64 MiB result travels by ranges, resumes, and four downloads at once stay small",
          "[sync][blobs][streaming]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    auto transport = transportTo(server.https.port(), server.pki.caCert);
    const auto [path, sha] = bigFile(server.dir, 64 * 1024 * 1024);
    REQUIRE(sync::uploadBlob(*transport, client.token, sha, path) == 64 * 1024 * 1024);

    Desk desk(2);
    SECTION("one download, cut off and resumed") {
        const std::string partial = desk.store.blobs().partialPath(sha);
        // A download that stopped after 3 MiB and a half, as when the network went.
        {
            std::ifstream in(path, std::ios::binary);
            std::string head(3 * 1024 * 1024 + 512 * 1024, '\0');
            in.read(head.data(), static_cast<std::streamsize>(head.size()));
            std::filesystem::create_directories(std::filesystem::path(partial).parent_path());
            std::ofstream(partial, std::ios::binary)
                .write(head.data(), static_cast<std::streamsize>(head.size()));
        }
        CHECK(sync::downloadBlob(*transport, client.token, sha, partial) == 64 * 1024 * 1024);
        desk.store.blobs().adopt(sha, partial);
        CHECK(std::filesystem::file_size(desk.store.blobs().path(sha)) == 64u * 1024 * 1024);
        CHECK_FALSE(std::filesystem::exists(partial));
    }
    SECTION("a corrupted partial file is refused by its hash and removed") {
        const std::string partial = desk.store.blobs().partialPath(sha);
        std::filesystem::create_directories(std::filesystem::path(partial).parent_path());
        std::ofstream(partial, std::ios::binary) << "not the first bytes of the blob";
        sync::downloadBlob(*transport, client.token, sha, partial);
        CHECK_THROWS_AS(desk.store.blobs().adopt(sha, partial), store::StoreError);
        CHECK_FALSE(std::filesystem::exists(partial));
        CHECK_FALSE(std::filesystem::exists(desk.store.blobs().path(sha)));
    }
    SECTION("four at once") {
        const std::int64_t before = residentBytes();
        std::vector<std::thread> threads;
        std::vector<std::int64_t> sizes(4, 0);
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&, i] {
                auto own = transportTo(server.https.port(), server.pki.caCert);
                sizes[static_cast<std::size_t>(i)] = sync::downloadBlob(
                    *own, client.token, sha, desk.dir.file("copy-" + std::to_string(i)));
            });
        for (auto& t : threads) t.join();
        const std::int64_t grown = residentBytes() - before;
        for (int i = 0; i < 4; ++i) {
            CHECK(sizes[static_cast<std::size_t>(i)] == 64 * 1024 * 1024);
            CHECK(std::filesystem::file_size(desk.dir.file("copy-" + std::to_string(i))) ==
                  64u * 1024 * 1024);
        }
        INFO("resident memory grew by " << grown / (1024 * 1024) << " MiB");
#if !defined(__SANITIZE_ADDRESS__)
        // Four whole copies would be 256 MiB; ranges of 1 MiB, a few MiB. (ASan's quarantine
        // keeps freed memory resident, so the figure means nothing there.)
        CHECK(grown < 48 * 1024 * 1024);
#endif
    }
}
