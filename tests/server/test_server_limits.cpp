// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The server's request threads and its queue of waiting connections are capped: past the cap
// a connection is refused at once (the desk backs off and retries) rather than piling up, and
// the server keeps serving once the load goes. The thread is held by a request inside its
// handler (its body still coming): an idle connection would be closed for the waiting one.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "server_fixture.h"

using namespace motcua;
using namespace motcua::test;

namespace {

/// A TCP connection to the server that sends nothing: it waits for a thread in the queue.
int idleConnection(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    return fd;
}

/// True when the server closed the connection within `timeout` (a read sees the end).
bool closedByServer(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char byte = 0;
    return ::recv(fd, &byte, 1, 0) <= 0;
}

}  // namespace

TEST_CASE("past its threads and queue the server refuses connections at once and recovers",
          "[server][limits]") {
    TempDir dir;
    TestPki pki(dir);
    server::ServerStore store(dir.file("server.db"));
    store.addUser({"binh", "Trần Thị Bình", "officer", kWard, kPassword, {}}, 1000);
    server::ServerConfig config;
    config.certFile = pki.serverCert;
    config.keyFile = pki.serverKey;
    config.maxThreads = 1;
    config.maxQueued = 1;
    server::HttpsServer https(store, config);
    https.start();

    // Takes the one request thread: a login whose body has not all arrived is in its handler.
    Poco::Net::Context::Params params;
    params.caLocation = pki.caCert;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    Poco::Net::HTTPSClientSession holding(
        "127.0.0.1", https.port(),
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params));
    Poco::Net::HTTPRequest slow(Poco::Net::HTTPRequest::HTTP_POST, "/api/v1/sessions",
                                Poco::Net::HTTPMessage::HTTP_1_1);
    slow.set(std::string(sync::kProtocolHeader), "1");
    slow.setContentType("application/json");
    slow.setContentLength64(1000);
    holding.sendRequest(slow) << "{\"username\"" << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const int queued = idleConnection(https.port());  // waits in the one place of the queue
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const int refused = idleConnection(https.port());
    CHECK(closedByServer(refused, std::chrono::seconds(3)));
    CHECK_FALSE(
        closedByServer(queued, std::chrono::milliseconds(200)));  // still waiting, not dropped
    ::close(refused);
    ::close(queued);
    holding.reset();

    // The load gone, the same server answers a real request.
    TestClient client(https.port(), pki.caCert);
    Reply health;
    for (int i = 0; i < 50 && health.status != 200; ++i) {
        try {
            health = client.get("/api/v1/health");
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    CHECK(health.status == 200);
    client.login("binh", kPassword);
    CHECK(client.get("/api/v1/sync/pull?cursor=0&limit=10").status == 200);
}
