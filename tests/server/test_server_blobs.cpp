// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Attachments: resumable, hash-checked uploads, per ward.
#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "support/sha256_hex.h"

using namespace motcua;
using namespace motcua::test;

namespace {

std::string content(std::size_t size) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
    return s;
}

Reply putPiece(TestClient& client, const std::string& sha, const std::string& whole,
               std::size_t from, std::size_t to) {
    return client.send(
        "PUT", "/api/v1/blobs/" + sha, whole.substr(from, to - from),
        {{"Content-Type", "application/octet-stream"},
         {"Content-Range", "bytes " + std::to_string(from) + "-" + std::to_string(to - 1) + "/" +
                               std::to_string(whole.size())}});
}

}  // namespace

TEST_CASE("a blob uploaded whole can be checked and read back by its ward", "[server][blobs]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    const std::string data = content(100'000);
    const std::string sha = sha256Hex(data);
    const std::string path = "/api/v1/blobs/" + sha;

    CHECK(client.send("HEAD", path).status == 404);
    const Reply put =
        client.send("PUT", path, data, {{"Content-Type", "application/octet-stream"}});
    CHECK(put.status == 201);
    const Reply head = client.send("HEAD", path);
    CHECK(head.status == 200);
    CHECK(head.header("Content-Length") == "100000");
    const Reply get = client.get(path);
    CHECK(get.status == 200);
    CHECK(get.body == data);
    CHECK(server.store.stats().blobs == 1);
    // Again is harmless.
    CHECK(client.send("PUT", path, data, {{"Content-Type", "application/octet-stream"}}).status ==
          201);
    CHECK(server.store.stats().blobs == 1);

    // Another ward cannot see it, nor read it.
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    CHECK(neighbour.send("HEAD", path).status == 404);
    CHECK(neighbour.get(path).status == 404);
    client.token.clear();
    CHECK(client.get(path).status == 401);
}

TEST_CASE("an interrupted upload resumes where the server says it stands", "[server][blobs]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    const std::string data = content(300'000);
    const std::string sha = sha256Hex(data);
    const std::string path = "/api/v1/blobs/" + sha;

    CHECK(putPiece(client, sha, data, 0, 120'000).status == 202);
    Reply head = client.send("HEAD", path);
    CHECK(head.status == 404);
    CHECK(head.header("X-MotCua-Upload-Offset") == "120000");
    // A piece that does not start where the upload stands is refused with the right offset.
    const Reply wrong = putPiece(client, sha, data, 200'000, 300'000);
    CHECK(wrong.status == 409);
    CHECK(wrong.header("X-MotCua-Upload-Offset") == "120000");
    CHECK(putPiece(client, sha, data, 120'000, 250'000).status == 202);
    CHECK(putPiece(client, sha, data, 250'000, 300'000).status == 201);
    CHECK(client.get(path).body == data);

    CHECK(client.send("PUT", path, "abc", {{"Content-Range", "bytes 0-9/20"}}).status == 400);
    CHECK(client.send("PUT", "/api/v1/blobs/not-a-hash", "abc").status == 400);
}

TEST_CASE("a blob whose bytes do not match its hash is refused and not stored",
          "[server][blobs][bad-input]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    const std::string data = content(50'000);
    std::string sha = sha256Hex(data);
    sha[0] = sha[0] == '0' ? '1' : '0';
    const Reply r = client.send("PUT", "/api/v1/blobs/" + sha, data,
                                {{"Content-Type", "application/octet-stream"}});
    CHECK(r.status == 422);
    CHECK(sync::decodeErrorBody(r.body).code == "HashMismatch");
    CHECK(server.store.stats().blobs == 0);
    const Reply head = client.send("HEAD", "/api/v1/blobs/" + sha);
    CHECK(head.status == 404);
    CHECK(head.header("X-MotCua-Upload-Offset") == "0");
}

TEST_CASE("unfinished uploads are capped per ward and expire", "[server][blobs][limits][hostile]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    std::vector<std::string> pieces;
    for (int i = 0; i < server::ServerStore::kMaxPartialUploadsPerWard + 1; ++i)
        pieces.push_back(content(2000) + std::to_string(i));
    for (int i = 0; i < server::ServerStore::kMaxPartialUploadsPerWard; ++i)
        REQUIRE(putPiece(client, sha256Hex(pieces[i]), pieces[i], 0, 1000).status == 202);
    const std::string& extra = pieces.back();
    const Reply refused = putPiece(client, sha256Hex(extra), extra, 0, 1000);
    CHECK(refused.status == 413);
    CHECK_THAT(refused.body, Catch::Contains("unfinished uploads"));
    // Another ward is not held up by this one, and an upload under way can still finish.
    auto neighbour = server.client();
    neighbour.login("lan", kPassword);
    CHECK(putPiece(neighbour, sha256Hex(extra), extra, 0, 1000).status == 202);
    CHECK(putPiece(client, sha256Hex(pieces[0]), pieces[0], 1000, pieces[0].size()).status == 201);

    // One left untouched past its time is removed when room is needed.
    namespace fs = std::filesystem;
    const fs::path partials = fs::path(server.dir.file("blobs")) / "partial";
    const fs::path stale = partials / (std::string(kWard) + "-" + sha256Hex(pieces[1]));
    REQUIRE(fs::exists(stale));
    fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(25));
    CHECK(putPiece(client, sha256Hex(extra), extra, 0, 1000).status == 202);
    CHECK_FALSE(fs::exists(stale));
    CHECK(client.send("HEAD", "/api/v1/blobs/" + sha256Hex(pieces[1]))
              .header("X-MotCua-Upload-Offset") == "0");
}

TEST_CASE("a blob is read whole or a range at a time", "[server][blobs]") {
    ServerFixture server;
    auto client = server.client();
    client.login("binh", kPassword);
    const std::string data = content(100'000);
    const std::string sha = sha256Hex(data);
    REQUIRE(putPiece(client, sha, data, 0, data.size()).status == 201);
    const std::string path = "/api/v1/blobs/" + sha;
    const Reply whole = client.get(path);
    CHECK(whole.status == 200);
    CHECK(whole.body == data);
    const Reply part = client.send("GET", path, std::nullopt, {{"Range", "bytes=10-19"}});
    CHECK(part.status == 206);
    CHECK(part.body == data.substr(10, 10));
    CHECK(part.header("Content-Range") == "bytes 10-19/100000");
    const Reply tail = client.send("GET", path, std::nullopt, {{"Range", "bytes=99990-"}});
    CHECK(tail.status == 206);
    CHECK(tail.body == data.substr(99990));
    const Reply past =
        client.send("GET", path, std::nullopt, {{"Range", "bytes=99999999-99999999"}});
    CHECK(past.status == 416);
    for (const char* bad : {"bytes=5-1", "bytes=-5", "items=0-1", "bytes=a-b", "bytes=0-1,4-5"}) {
        INFO(bad);
        CHECK(client.send("GET", path, std::nullopt, {{"Range", bad}}).status == 400);
    }
}
