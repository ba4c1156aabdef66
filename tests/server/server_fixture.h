// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The reference server in-process on 127.0.0.1, a throwaway PKI made with the openssl command,
// and an HTTPS client that verifies the server against the test CA.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include <nlohmann/json.hpp>
#ifdef MOTCUA_OPENAPI_JSON  // the Catch tests; the benchmarks use the client unchecked
#include <catch2/catch.hpp>

#include "../support/openapi_contract.h"
#endif

#include "../support/run_tool.h"
#include "../support/temp_dir.h"
#include "motcua/core/date_time.h"
#include "motcua/server/https_server.h"
#include "motcua/server/server_store.h"
#include "motcua/store/store.h"
#include "motcua/protocol/protocol.h"

namespace motcua::test {

/// A CA and a server certificate for 127.0.0.1 signed by it, in `dir`.
struct TestPki {
    std::string caCert, serverCert, serverKey;

    explicit TestPki(const TempDir& dir, const std::string& prefix = "") {
        const auto f = [&](const std::string& name) { return shellQuote(dir.file(prefix + name)); };
        const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ";
        dir.write(prefix + "ext.cnf",
                  "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        const std::string commands =
            "(openssl req -x509" + ec + "-keyout " + f("ca.key") + " -out " + f("ca.pem") +
            " -days 2 -subj '/CN=MotCua Test CA' -addext basicConstraints=critical,CA:TRUE"
            " -addext keyUsage=critical,keyCertSign,cRLSign && "
            "openssl req" +
            ec + "-keyout " + f("server.key") + " -out " + f("server.csr") +
            " -subj '/CN=127.0.0.1' && "
            "openssl x509 -req -in " +
            f("server.csr") + " -CA " + f("ca.pem") + " -CAkey " + f("ca.key") +
            " -CAcreateserial -out " + f("server.pem") + " -days 2 -extfile " + f("ext.cnf") +
            " && echo ok) 2>&1";
        const auto r = runTool(commands);
        if (r.exitCode != 0 || r.out.find("ok") == std::string::npos)
            throw std::runtime_error("openssl could not make the test PKI");
        caCert = dir.file(prefix + "ca.pem");
        serverCert = dir.file(prefix + "server.pem");
        serverKey = dir.file(prefix + "server.key");
    }
};

/// The admin URL of the PostgreSQL cluster the tests run against, or nothing for SQLite.
/// MOTCUA_TEST_POSTGRES_STATE names the folder scripts/test-postgres.sh started a cluster for
/// (CTest's "pg:" tests); MOTCUA_TEST_POSTGRES_URL gives the URL directly. Asked for and not
/// there is an error: the PostgreSQL variant fails rather than quietly testing SQLite.
inline std::optional<std::string> postgresAdminUrl() {
    if (const char* url = std::getenv("MOTCUA_TEST_POSTGRES_URL"); url && *url)
        return std::string(url);
    const char* state = std::getenv("MOTCUA_TEST_POSTGRES_STATE");
    if (!state || !*state) return std::nullopt;
    std::string url = readFileForTest(std::string(state) + "/url");
    while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
    if (url.empty())
        throw std::runtime_error(std::string("no PostgreSQL for the tests: ") + state +
                                 "/url is missing (did scripts/test-postgres.sh start fail?)");
    return url;
}

/// The server database of one test: an SQLite file in `dir`, or a fresh PostgreSQL database
/// with a random name (so tests never see each other's data), dropped at the end.
class TestDatabase {
public:
    explicit TestDatabase(const TempDir& dir, const std::string& file = "server.db") {
        const auto admin = postgresAdminUrl();
        if (!admin) {
            target = dir.file(file);
            return;
        }
        m_admin = *admin;
        std::random_device random;
        std::ostringstream name;
        name << "motcua_test_" << std::hex << random() << random();
        m_name = name.str();
        const auto r = psql("CREATE DATABASE " + m_name);
        if (r.exitCode != 0)
            throw std::runtime_error("cannot create a PostgreSQL test database: " + r.out);
        target = m_admin.substr(0, m_admin.rfind('/') + 1) + m_name;
        blobDir = dir.file("blobs");
    }
    ~TestDatabase() {
        if (!m_name.empty()) psql("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    bool postgres() const { return !m_name.empty(); }
    /// `clock`: the server's; null, the system's.
    server::StoreOptions options(std::shared_ptr<const Clock> clock = nullptr) const {
        return {target, blobDir, {}, {}, 4, std::move(clock)};
    }
    /// The options motcua-server needs for this database: --db, and --blob-dir for PostgreSQL.
    std::vector<std::string> serverArgs() const {
        std::vector<std::string> args{"--db", target};
        if (!blobDir.empty()) args.insert(args.end(), {"--blob-dir", blobDir});
        return args;
    }

    std::string target;   ///< --db
    std::string blobDir;  ///< empty: beside the SQLite file

private:
    ToolResult psql(const std::string& sql) const {
        return runTool("sh -c " +
                       shellQuote("psql " + shellQuote(m_admin) + " -v ON_ERROR_STOP=1 -qAtc " +
                                  shellQuote(sql) + " 2>&1"));
    }
    std::string m_admin;
    std::string m_name;
};

struct Reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

/// One HTTPS request per call, TLS 1.2+, the peer verified against `caFile` (never switched off).
class TestClient {
public:
    TestClient(std::uint16_t port, const std::string& caFile) : m_port(port) {
        Poco::Net::Context::Params params;
        params.caLocation = caFile;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        m_context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        m_context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    }

    std::string token;                          ///< sent as a bearer token when not empty
    std::optional<std::string> protocol = "1";  ///< the protocol header; nullopt leaves it out
    /// Responses are held to openapi.yaml; false for a peer it does not describe (the test TSA).
    bool holdsToContract = true;

    Reply send(const std::string& method, const std::string& path,
               const std::optional<std::string>& body = {},
               const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPSClientSession session("127.0.0.1", m_port, m_context);
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (protocol) request.set(std::string(sync::kProtocolHeader), *protocol);
        if (!token.empty()) request.set("Authorization", "Bearer " + token);
        for (const auto& [k, v] : headers) request.set(k, v);
        if (body) {
            if (!request.has("Content-Type")) request.setContentType("application/json");
            if (!request.has("Content-Length"))
                request.setContentLength64(static_cast<std::int64_t>(body->size()));
        }
        std::ostream& out = session.sendRequest(request);
        if (body) out << *body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Reply reply;
        reply.status = static_cast<int>(response.getStatus());
        for (const auto& [name, value] : response) reply.headers[name] = value;
        std::ostringstream text;
        Poco::StreamCopier::copyStream(in, text);
        reply.body = text.str();
        if (holdsToContract) holdToContract(method, path, reply);
        return reply;
    }

    Reply post(const std::string& path, const std::string& body) {
        return send("POST", path, body);
    }
    Reply get(const std::string& path) { return send("GET", path); }

    /// Logs in and keeps the token; fails the test on anything but success.
    sync::Session login(const std::string& username, const std::string& password) {
        const Reply r =
            post("/api/v1/sessions", sync::encode(sync::LoginRequest{username, password}));
        if (r.status != 201)
            throw std::runtime_error("login failed: " + std::to_string(r.status) + " " + r.body);
        auto session = sync::decodeSession(r.body);
        token = session.token;
        return session;
    }

    ~TestClient() {
        if (std::this_thread::get_id() == kTestThread && std::uncaught_exceptions() == 0)
            reportContractBreaches();
    }

    /// Fails the running test with what responses received on other threads broke.
    static void reportContractBreaches() {
#ifdef MOTCUA_OPENAPI_JSON
        const std::lock_guard lock(breachMutex());
        for (const auto& problem : breaches()) FAIL_CHECK("openapi.yaml: " << problem);
        breaches().clear();
#endif
    }

private:
    /// The response must be one openapi.yaml describes. Catch's assertions belong to the test's
    /// own thread: a breach seen on another is kept until the test thread reports it.
    static void holdToContract([[maybe_unused]] const std::string& method,
                               [[maybe_unused]] const std::string& path,
                               [[maybe_unused]] const Reply& reply) {
#ifdef MOTCUA_OPENAPI_JSON
        const std::string problem = OpenApiContract::instance().check(
            method, path, reply.status, reply.header("Content-Type"), reply.body);
        if (problem.empty()) return;
        if (std::this_thread::get_id() == kTestThread) {
            FAIL_CHECK("openapi.yaml: " << problem);
        } else {
            const std::lock_guard lock(breachMutex());
            breaches().push_back(problem);
        }
#endif
    }
    static std::mutex& breachMutex() {
        static std::mutex m;
        return m;
    }
    static std::vector<std::string>& breaches() {
        static std::vector<std::string> list;
        return list;
    }
    static inline const std::thread::id kTestThread = std::this_thread::get_id();

    std::uint16_t m_port;
    Poco::Net::Context::Ptr m_context;
};

/// Ward codes of the desk fixture and of a neighbouring ward.
inline constexpr const char* kWard = "000.00.15.H30";
inline constexpr const char* kOtherWard = "000.00.16.H30";
inline constexpr const char* kPassword = "mật-khẩu-123";

struct ServerFixture {
    TempDir dir;
    TestPki pki{dir};
    TestDatabase database{dir};
    server::ServerStore store;
    server::HttpsServer https;

    /// `clock`: the server's, e.g. a FixedClock the test advances instead of sleeping; null,
    /// the system's.
    explicit ServerFixture(std::shared_ptr<const Clock> clock = nullptr)
        : store(database.options(std::move(clock))), https(store, config()) {
        // Few iterations keep the tests fast; the hashing itself is the same.
        store.addUser({"binh", "Trần Thị Bình", "officer", kWard, kPassword}, 1000);
        store.addUser({"lan", "Lê Thị Lan", "officer", kOtherWard, kPassword}, 1000);
        https.start();
    }

    server::ServerConfig config() const {
        server::ServerConfig c;
        c.certFile = pki.serverCert;
        c.keyFile = pki.serverKey;
        c.maxThreads = 4;
        c.maxQueued = 16;
        return c;
    }

    TestClient client() { return TestClient(https.port(), pki.caCert); }
};

/// A dossier's intake payload as a desk writes it, for ops made by hand; `patch` overrides or
/// adds fields.
inline std::string intakePayload(const std::string& code,
                                 const nlohmann::json& patch = nlohmann::json::object()) {
    nlohmann::json payload{
        {"code", code},
        {"procedure", "1.001193"},
        {"status", "received"},
        {"applicant",
         {{"full_name", "Nguyễn Văn An"},
          {"id_number", ""},
          {"address", "Hà Nội"},
          {"phone", ""},
          {"email", ""},
          {"date_of_birth", nullptr},
          {"gender", nullptr}}},
        {"documents",
         nlohmann::json::array({{{"name", "Tờ khai"}, {"form", "original"}, {"count", 1}}})},
        {"attachments", nlohmann::json::array()},
        {"sets", 1},
        {"fee_vnd", 0},
        {"return_channel", "desk"},
        {"received_at", "2026-03-10T09:00:00+07:00"},
        {"due_at", "2026-03-13T09:00:00+07:00"},
        {"register_book", 1},
        {"register_seq", 1},
        {"received_by", "Trần Thị Bình"},
        {"version", 1}};
    payload.update(patch);
    return payload.dump();
}

inline sync::Op toWireOp(const store::OutboxOp& op) {
    sync::Op wire;
    wire.opId = op.opId;
    wire.deviceId = op.deviceId;
    wire.seq = op.seq;
    const auto kind = sync::parseOpKind(op.kind);
    if (!kind) throw std::runtime_error("unknown outbox kind " + op.kind);
    wire.kind = *kind;
    wire.entityId = op.entityId;
    wire.baseVersion = op.baseVersion;
    wire.payload = op.payload;
    wire.author = op.author;
    return wire;
}

inline sync::PushRequest pushOf(const std::vector<store::OutboxOp>& ops) {
    sync::PushRequest request;
    for (const auto& op : ops) request.ops.push_back(toWireOp(op));
    return request;
}

}  // namespace motcua::test
