// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The built motcua-server as a child process: accounts, port 0, SIGTERM, stats.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <nlohmann/json.hpp>

#include "../store/store_fixture.h"
#include "child_process.h"
#include "motcua/sync/push.h"
#include "portal_fixture.h"
#include "server_fixture.h"
#include "support/smtp_sink.h"

using namespace motcua;
using namespace motcua::test;

namespace {

const std::string kServer = MOTCUA_SERVER_PATH;

nlohmann::json stats(const std::string& db) {
    const auto r = runTool(shellQuote(kServer) + " stats --db " + shellQuote(db) + " --json");
    INFO(r.out);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("motcua-server adds users, serves on port 0, keeps stats and exits cleanly on SIGTERM",
          "[server][process]") {
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = database.target;

    const auto add = runTool("printf '%s\\n' " + shellQuote(kPassword) + " | " +
                             shellQuote(kServer) + " user add --db " + shellQuote(db) +
                             " --username binh --full-name 'Trần Thị Bình' --role officer --ward " +
                             kWard + " --password-stdin");
    CHECK(add.exitCode == 0);
    CHECK(add.out.find("added user binh") != std::string::npos);
    // A taken name and an unknown role are refused.
    CHECK(runTool("echo password-1 | " + shellQuote(kServer) + " user add --db " + shellQuote(db) +
                  " --username binh --full-name X --role officer --ward W --password-stdin")
              .exitCode != 0);
    CHECK(runTool("echo password-1 | " + shellQuote(kServer) + " user add --db " + shellQuote(db) +
                  " --username root --full-name X --role root --ward W --password-stdin")
              .exitCode != 0);

    const auto empty = stats(db);
    for (const char* key : {"dossiers", "ops_applied", "duplicates", "rejected", "blobs"}) {
        INFO(key);
        REQUIRE(empty.contains(key));
        CHECK(empty[key].is_number_integer());
        CHECK(empty[key] == 0);
    }

    std::vector<std::string> serverArgs{kServer};
    for (const auto& a : database.serverArgs()) serverArgs.push_back(a);
    for (const auto& a : {"--listen", "127.0.0.1:0", "--tls-cert", pki.serverCert.c_str(),
                          "--tls-key", pki.serverKey.c_str()})
        serverArgs.emplace_back(a);
    Child server(serverArgs, dir.file("server.log"));
    const std::string line = server.readLine(std::chrono::seconds(20));
    INFO(readFileForTest(dir.file("server.log")));
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    const int port = std::stoi(line.substr(line.rfind(':') + 1));
    REQUIRE(port > 0);

    WardFixture desk;
    desk.intake();
    desk.intake("2.000815", "Phạm Thị Hoa");
    TestClient client(static_cast<std::uint16_t>(port), pki.caCert);
    client.login("binh", kPassword);
    const auto batch = pushOf(desk.store.outbox().pending());
    CHECK(client.post("/api/v1/sync/push", sync::encode(batch)).status == 200);
    CHECK(client.post("/api/v1/sync/push", sync::encode(batch)).status == 200);

    CHECK(server.stop(SIGTERM, std::chrono::seconds(20)) == 0);
    CHECK(readFileForTest(dir.file("server.log")).find("\"stopped\"") != std::string::npos);

    const auto after = stats(db);
    CHECK(after["dossiers"] == 2);
    CHECK(after["ops_applied"] == 2);
    CHECK(after["duplicates"] == 2);
    CHECK(after["rejected"] == 0);
}

TEST_CASE("motcua-server refuses to start without its certificate", "[server][process]") {
    TempDir dir;
    const auto r =
        runTool(shellQuote(kServer) + " --db " + shellQuote(dir.file("x.db")) +
                " --listen 127.0.0.1:0 --tls-cert " + shellQuote(dir.file("missing.pem")) +
                " --tls-key " + shellQuote(dir.file("missing.key")));
    CHECK(r.exitCode != 0);
    CHECK(r.out.find("listening") == std::string::npos);
}

TEST_CASE("motcua-server sends notices in the clear only to a relay on its own host",
          "[server][process][smtp]") {
    TempDir dir;
    TestPki pki(dir);
    const std::string start = shellQuote(kServer) + " --db " + shellQuote(dir.file("x.db")) +
                              " --listen 127.0.0.1:0 --tls-cert " + shellQuote(pki.serverCert) +
                              " --tls-key " + shellQuote(pki.serverKey) + " --smtp ";
    const auto r = runTool("(" + start + "192.0.2.25:25 2>&1)");
    CHECK(r.exitCode == 64);  // EX_USAGE
    CHECK(r.out.find("in the clear") != std::string::npos);
    CHECK(r.out.find("listening") == std::string::npos);
}

TEST_CASE("motcua-server reads its options from a --config file", "[server][process]") {
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = database.target;
    const std::string blobDir =
        database.blobDir.empty() ? "" : "motcua.blob-dir = " + database.blobDir + "\n";
    const std::string config =
        dir.write("server.properties", "motcua.db = " + db + "\nmotcua.listen = 127.0.0.1:0\n" +
                                           blobDir + "motcua.tls-cert = " + pki.serverCert +
                                           "\nmotcua.tls-key = " + pki.serverKey +
                                           "\nmotcua.max-threads = 2\n");
    Child server({kServer, "--config", config}, dir.file("server.log"));
    const std::string line = server.readLine(std::chrono::seconds(20));
    INFO(readFileForTest(dir.file("server.log")));
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    TestClient client(static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1))),
                      pki.caCert);
    client.protocol.reset();
    CHECK(client.get("/api/v1/health").status == 200);
    CHECK(server.stop(SIGTERM, std::chrono::seconds(20)) == 0);
}

TEST_CASE("motcua-server registers a supervisor's certificate and imports catalog and calendar",
          "[server][process][accounts][imports]") {
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = shellQuote(database.target);
    const std::string server = shellQuote(kServer);
    const std::string password = "printf '%s\\n' " + shellQuote(kPassword) + " | ";
    auto addUser = [&](const std::string& name, const std::string& role, const std::string& cert) {
        return runTool(password + server + " user add --db " + db + " --username " + name +
                       " --full-name 'Phạm Thị Hoa' --role " + role + " --ward " + kWard +
                       " --password-stdin" + (cert.empty() ? "" : " --cert " + shellQuote(cert)));
    };
    CHECK(addUser("hoa", "supervisor", pki.serverCert).exitCode == 0);
    CHECK(addUser("an", "officer", pki.serverCert).exitCode != 0);  // only supervisors have one
    CHECK(addUser("an", "supervisor", dir.file("missing.pem")).exitCode != 0);
    CHECK(addUser("an", "supervisor", dir.write("junk.pem", "not a certificate")).exitCode != 0);

    const std::string catalog = std::string(MOTCUA_RESOURCE_DIR) + "/catalog/procedures.json";
    const std::string calendar = std::string(MOTCUA_RESOURCE_DIR) + "/calendar/vn-days-off.json";
    auto r = runTool(server + " catalog import --db " + db + " " + shellQuote(catalog));
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("imported") != std::string::npos);
    CHECK(runTool(server + " calendar import --db " + db + " " + shellQuote(calendar)).exitCode ==
          0);
    CHECK(runTool(server + " catalog import --db " + db + " " +
                  shellQuote(dir.write("bad.json", "[1]")))
              .exitCode != 0);
    CHECK(runTool(server + " catalog import --db " + db).exitCode != 0);
    CHECK(runTool(server + " catalog export --db " + db + " " + shellQuote(catalog)).exitCode != 0);

    server::ServerStore store(database.options());
    const auto session = store.login("hoa", kPassword, std::chrono::hours(1));
    REQUIRE(session);
    const auto pulled = store.pull(*store.userForToken(session->token), 0, 100);
    std::vector<std::string> kinds;
    for (const auto& c : pulled.changes) kinds.push_back(c.kind);
    CHECK(kinds == std::vector<std::string>{"account.user", "catalog.import", "calendar.import"});
    CHECK(stats(database.target)["dossiers"] == 0);
}

TEST_CASE("motcua-server wants a blob folder to serve from PostgreSQL", "[server][process]") {
    TempDir dir;
    TestPki pki(dir);
    const auto r = runTool(
        "sh -c " + shellQuote(shellQuote(kServer) +
                              " --db postgresql://postgres@127.0.0.1:1/motcua --listen 127.0.0.1:0"
                              " --tls-cert " +
                              shellQuote(pki.serverCert) + " --tls-key " +
                              shellQuote(pki.serverKey) + " 2>&1"));
    CHECK(r.exitCode == 64);
    CHECK(r.out.find("--blob-dir") != std::string::npos);
}

namespace {

/// Counts the requests that go through, so a test can strike after the n-th.
class CountingTransport : public sync::Transport {
public:
    explicit CountingTransport(sync::Transport& inner) : m_inner(inner) {}
    sync::HttpReply send(const std::string& method, const std::string& path,
                         const std::string& body, const std::string& token) override {
        ++sent;
        return m_inner.send(method, path, body, token);
    }
    std::atomic<int> sent{0};

private:
    sync::Transport& m_inner;
};

}  // namespace

TEST_CASE("motcua-server killed with SIGKILL mid-sync and restarted loses and doubles nothing",
          "[server][process][faults]") {
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = database.target;
    REQUIRE(runTool("printf '%s\\n' " + shellQuote(kPassword) + " | " + shellQuote(kServer) +
                    " user add --db " + shellQuote(db) +
                    " --username binh --full-name B --role officer --ward " + kWard +
                    " --password-stdin")
                .exitCode == 0);
    auto start = [&](const std::string& listen) {
        std::vector<std::string> args{kServer};
        for (const auto& a : database.serverArgs()) args.push_back(a);
        args.insert(args.end(),
                    {"--listen", listen, "--tls-cert", pki.serverCert, "--tls-key", pki.serverKey});
        auto child = std::make_unique<Child>(args, dir.file("server.log"));
        const std::string line = child->readLine(std::chrono::seconds(20));
        if (line.rfind("listening on 127.0.0.1:", 0) != 0)
            throw std::runtime_error("server did not start: " + line);
        return std::make_pair(std::move(child), line.substr(line.rfind(':') + 1));
    };
    auto [server, port] = start("127.0.0.1:0");

    WardFixture desk;
    constexpr int kDossiers = 40;
    for (int i = 0; i < kDossiers; ++i) desk.intake("2.000815", "Phạm Văn " + std::to_string(i));
    sync::HttpsTransport https({"https://127.0.0.1:" + port, pki.caCert, std::chrono::seconds(5)});
    const auto token = sync::login(https, "binh", kPassword).token;
    CountingTransport counting(https);

    // Strike while the desk is half way through its queue, then come back on the same port.
    std::atomic<bool> restarted{false};
    std::string restartProblem;
    std::thread killer([&] {
        while (counting.sent < 6) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        server->stop(SIGKILL, std::chrono::seconds(10));
        try {
            server = start("127.0.0.1:" + port).first;
        } catch (const std::exception& e) {
            restartProblem = e.what();
        }
        restarted = true;
    });
    int networkErrors = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((desk.store.outbox().pendingCount() > 0 || !restarted) &&
           std::chrono::steady_clock::now() < deadline) {
        try {
            sync::pushOutbox(desk.store, counting, token, 2);
        } catch (const sync::SyncError& e) {
            REQUIRE(e.code() == sync::SyncError::Code::Network);
            ++networkErrors;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    killer.join();
    REQUIRE(restartProblem.empty());
    CHECK(networkErrors > 0);  // the kill did land mid-sync
    CHECK(desk.store.outbox().pendingCount() == 0);
    CHECK(desk.store.audit().verify().ok);
    CHECK(server->stop(SIGTERM, std::chrono::seconds(20)) == 0);

    const auto after = stats(db);
    CHECK(after["dossiers"] == kDossiers);
    CHECK(after["ops_applied"] == kDossiers);
    CHECK(after["rejected"] == 0);
}

TEST_CASE("motcua-server takes a connector's submission and e-mails the decision through --smtp",
          "[server][process][portal][smtp]") {
    TempDir dir;
    TestPki pki(dir);
    TestDatabase database(dir, "city.db");
    const std::string db = database.target;
    SmtpSink sink;
    const auto tool = [&](const std::string& args) {
        return runTool(shellQuote(kServer) + " " + args + " 2>&1");
    };
    const auto add = [&](const std::string& args) {
        return runTool("printf '%s\\n' " + shellQuote(kPassword) + " | " + shellQuote(kServer) +
                       " user add --db " + shellQuote(db) + " " + args + " --password-stdin 2>&1");
    };
    REQUIRE(add("--username binh --full-name 'Trần Thị Bình' --role officer --ward " +
                std::string(kWard))
                .exitCode == 0);
    const auto connector = add("--username cong --full-name 'Cổng DVC' --role portal");
    INFO(connector.out);
    REQUIRE(connector.exitCode == 0);
    CHECK(connector.out.find("portal connector") != std::string::npos);
    CHECK(
        add("--username cong2 --full-name C --role portal --ward " + std::string(kWard)).exitCode !=
        0);
    const auto allowance = tool("ward set " + std::string(kWard) + " --db " + shellQuote(db) +
                                " --decision-allowance 2d");
    INFO(allowance.out);
    CHECK(allowance.exitCode == 0);
    CHECK(allowance.out.find("2d") != std::string::npos);
    CHECK(tool("ward set " + std::string(kWard) + " --db " + shellQuote(db) +
               " --decision-allowance 0d")
              .exitCode != 0);
    const std::string catalog = dir.write("catalog.json", PortalFixture::catalog().dump());
    REQUIRE(tool("catalog import --db " + shellQuote(db) + " " + shellQuote(catalog)).exitCode ==
            0);

    std::vector<std::string> serverArgs{kServer};
    for (const auto& a : database.serverArgs()) serverArgs.push_back(a);
    for (const std::string& a :
         {std::string("--listen"), std::string("127.0.0.1:0"), std::string("--tls-cert"),
          pki.serverCert, std::string("--tls-key"), pki.serverKey, std::string("--smtp"),
          "127.0.0.1:" + std::to_string(sink.port()), std::string("--smtp-from"),
          std::string("thongbao@phuong.test")})
        serverArgs.push_back(a);
    Child server(serverArgs, dir.file("server.log"));
    const std::string line = server.readLine(std::chrono::seconds(20));
    INFO(readFileForTest(dir.file("server.log")));
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));

    TestClient portal(port, pki.caCert);
    PortalFixture::login(portal, "cong");
    const std::string scan = PortalFixture::upload(portal, pdfWithText("scan"));
    const Reply submitted =
        portal.post("/api/v1/portal/submissions", PortalFixture::body("DVC-P1", {scan}).dump());
    INFO(submitted.body);
    REQUIRE(submitted.status == 201);
    const std::string code = nlohmann::json::parse(submitted.body)["code"];

    TestClient desk(port, pki.caCert);
    desk.login("binh", kPassword);
    const std::string form = PortalFixture::upload(desk, pdfWithText("Giay tiep nhan " + code));
    sync::Op op;
    op.opId = "accept-1";
    op.deviceId = "desk-1";
    op.seq = 1;
    op.kind = sync::OpKind::DossierAction;
    op.entityId = code;
    op.baseVersion = 1;
    op.payload = nlohmann::json{{"action", "accept"},         {"received_at", localIn(0)},
                                {"due_at", localIn(60 * 24)}, {"register_book", 1},
                                {"register_seq", 1},          {"form_sha256", form}}
                     .dump();
    const Reply pushed = desk.post("/api/v1/sync/push", sync::encode(sync::PushRequest{{op}}));
    REQUIRE(pushed.status == 200);
    REQUIRE(sync::decodePushResult(pushed.body).results.at(0).outcome == sync::OpOutcome::Applied);

    REQUIRE(sink.waitFor(1, std::chrono::seconds(30)));
    CHECK(sink.messages().at(0).from.find("thongbao@phuong.test") != std::string::npos);
    CHECK(server.stop(SIGTERM, std::chrono::seconds(20)) == 0);
    const auto notices = tool("notices --db " + shellQuote(db) + " --all --json");
    INFO(notices.out);
    REQUIRE(notices.exitCode == 0);
    const auto list = nlohmann::json::parse(notices.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["code"] == code);
    CHECK(list[0]["kind"] == "accepted");
    CHECK(list[0]["sent"] == true);
    CHECK(tool("notices --db " + shellQuote(db)).out.empty());
    CHECK(sink.messages().size() == 1);
}
