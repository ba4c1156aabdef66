// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/server/https_server.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <climits>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "connection_guard.h"
#include "guarded_connection.h"
#include "login_throttle.h"
#include "motcua/protocol/protocol.h"

namespace motcua::server {

namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

/// An answer that ends the request early with a status and a JSON error.
struct HttpFailure {
    int status;
    std::string code;
    std::string message;
    std::int64_t retryAfterSeconds = 0;
    std::int64_t uploadOffset = -1;  ///< for blob uploads: where the upload stands
};

constexpr const char* kUploadOffsetHeader = "X-MotCua-Upload-Offset";
constexpr const char* kCurrentSession = "/api/v1/sessions/current";
constexpr const char* kSubmissions = "/api/v1/portal/submissions";
constexpr std::string_view kSubmission = "/api/v1/portal/submissions/";

/// What a route answers: JSON unless said otherwise, with any extra headers.
struct Answer {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::int64_t headLength = -1;  ///< for HEAD: the Content-Length a GET would have
    /// A body streamed from a file instead of `body`: `fileLength` bytes from `fileOffset`.
    std::string filePath;
    std::int64_t fileOffset = 0;
    std::int64_t fileLength = 0;
};

/// Streams `length` bytes of `path` from `offset` as the response's body, a piece at a time,
/// so a 50 MiB result costs the server no more memory than a small one.
void sendFileRange(HTTPServerResponse& response, const std::string& path, std::int64_t offset,
                   std::int64_t length) {
    std::ifstream in(path, std::ios::binary);
    if (!in || !in.seekg(offset)) throw std::runtime_error("cannot read " + path);
    response.setContentLength64(length);
    std::ostream& out = response.send();
    std::vector<char> buffer(64 * 1024);
    for (std::int64_t left = length; left > 0;) {
        const auto n = static_cast<std::streamsize>(
            std::min<std::int64_t>(left, static_cast<std::int64_t>(buffer.size())));
        if (!in.read(buffer.data(), n)) throw std::runtime_error("cannot read " + path);
        if (!out.write(buffer.data(), n)) return;  // the client went away
        left -= n;
    }
}

void sendJson(HTTPServerResponse& response, int status, const std::string& body) {
    response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.set("Cache-Control", "no-store");
    response.sendBuffer(body.data(), body.size());
}

std::string readBody(HTTPServerRequest& request) {
    if (request.hasContentLength() &&
        request.getContentLength64() > static_cast<std::int64_t>(sync::kMaxBodyBytes))
        throw HttpFailure{413, "BodyTooLarge",
                          "the body exceeds " + std::to_string(sync::kMaxBodyBytes) + " bytes"};
    std::string body;
    std::istream& in = request.stream();
    char buffer[16384];
    // Chunked bodies announce no length: stop reading as soon as the cap is passed.
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > sync::kMaxBodyBytes)
            throw HttpFailure{413, "BodyTooLarge",
                              "the body exceeds " + std::to_string(sync::kMaxBodyBytes) + " bytes"};
    }
    return body;
}

std::int64_t queryInt(const Poco::URI::QueryParameters& query, const std::string& name,
                      std::int64_t fallback, std::int64_t min, std::int64_t max) {
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc{} || end != value.data() + value.size() || n < min || n > max)
            throw HttpFailure{400, "BadQuery",
                              name + " must be an integer from " + std::to_string(min) + " to " +
                                  std::to_string(max)};
        return n;
    }
    return fallback;
}

/// The value of a query parameter given once at most; `fallback` when absent.
std::string queryText(const Poco::URI::QueryParameters& query, const std::string& name,
                      const std::string& fallback) {
    std::optional<std::string> found;
    for (const auto& [key, value] : query) {
        if (key != name) continue;
        if (found) throw HttpFailure{400, "BadQuery", name + " is given more than once"};
        found = value;
    }
    return found.value_or(fallback);
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(ServerStore& store, const ServerConfig& config, LoginThrottle& throttle,
               PasswordHashGate& hashes)
        : m_store(store), m_config(config), m_throttle(throttle), m_hashes(hashes) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        int status = 500;
        std::string path;
        try {
            const Poco::URI uri(request.getURI());
            path = uri.getPath();
            const Answer answer = route(request, uri);
            status = answer.status;
            for (const auto& [name, value] : answer.headers) response.set(name, value);
            response.setStatus(static_cast<HTTPResponse::HTTPStatus>(answer.status));
            response.setContentType(answer.contentType);
            response.set("Cache-Control", "no-store");
            if (answer.headLength >= 0) {
                // For HEAD Poco sends the headers only, keeping the Content-Length given.
                response.setContentLength64(answer.headLength);
                response.send();
            } else if (!answer.filePath.empty()) {
                sendFileRange(response, answer.filePath, answer.fileOffset, answer.fileLength);
            } else {
                response.sendBuffer(answer.body.data(), answer.body.size());
            }
        } catch (const HttpFailure& f) {
            status = f.status;
            // A refusal may leave (part of) the body unread, which the connection would then
            // take for the next request: close it instead.
            response.setKeepAlive(false);
            if (status == 401) response.set("WWW-Authenticate", "Bearer realm=\"motcua\"");
            if (f.retryAfterSeconds > 0)
                response.set("Retry-After", std::to_string(f.retryAfterSeconds));
            if (f.uploadOffset >= 0)
                response.set(kUploadOffsetHeader, std::to_string(f.uploadOffset));
            sendJson(response, f.status, sync::encode(sync::ErrorBody{f.code, f.message}));
            log(request, path, status, f.message);
            return;
        } catch (const std::exception& e) {
            log(request, path, 500, e.what());
            if (!response.sent())
                sendJson(response, 500,
                         sync::encode(sync::ErrorBody{"Internal",
                                                      "the server could not handle the request"}));
            return;
        }
        log(request, path, status, "");
    }

private:
    Answer route(HTTPServerRequest& request, const Poco::URI& uri) {
        const std::string& path = uri.getPath();
        const std::string& method = request.getMethod();
        if (path == "/api/v1/health") {
            requireMethod(method, HTTPRequest::HTTP_GET);
            return {200,
                    nlohmann::json{{"status", "ok"}, {"protocol", sync::kProtocolVersion}}.dump()};
        }
        static constexpr std::string_view kBlobs = "/api/v1/blobs/";
        const bool blob = path.rfind(kBlobs, 0) == 0;
        const bool submission = path.rfind(kSubmission, 0) == 0;
        const bool known = blob || submission || path == kSubmissions ||
                           path == "/api/v1/sessions" || path == kCurrentSession ||
                           path == "/api/v1/sync/push" || path == "/api/v1/sync/pull" ||
                           path == "/api/v1/sync/counts" || path == "/api/v1/sync/snapshot";
        if (!known) throw HttpFailure{404, "NotFound", "no endpoint " + path};
        checkProtocol(request);
        if (blob) return blobRoute(request, path.substr(kBlobs.size()));
        if (path == kSubmissions || submission) return portalRoute(request, path);
        try {
            if (path == "/api/v1/sessions") {
                requireMethod(method, HTTPRequest::HTTP_POST);
                return loginRoute(sync::decodeLoginRequest(readBody(request)));
            }
            if (path == kCurrentSession) {
                requireMethod(method, HTTPRequest::HTTP_DELETE);
                if (!m_store.logout(bearerToken(request)))
                    throw HttpFailure{401, "Unauthenticated",
                                      "the token is unknown or has expired"};
                return {200, nlohmann::json{{"ended", true}}.dump()};
            }
            const User user = authenticate(request);
            if (user.isConnector())
                throw HttpFailure{403, "Forbidden",
                                  "a portal connector account submits through "
                                  "/api/v1/portal/submissions; it has no ward to sync"};
            if (path == "/api/v1/sync/push") {
                requireMethod(method, HTTPRequest::HTTP_POST);
                // Decode everything before touching the store: a bad body stores nothing.
                const auto push = sync::decodePushRequest(readBody(request));
                return {200, sync::encode(m_store.push(user, push))};
            }
            requireMethod(method, HTTPRequest::HTTP_GET);
            const auto query = uri.getQueryParameters();
            if (path == "/api/v1/sync/counts")
                return readRoute([&] {
                    const std::string from = queryText(query, "from", "");
                    const std::string to = queryText(query, "to", "");
                    if (from.empty() || to.empty())
                        throw HttpFailure{400, "BadQuery", "from and to (YYYY-MM-DD) are required"};
                    return sync::encode(m_store.counts(user, from, to));
                });
            if (path == "/api/v1/sync/snapshot")
                return readRoute([&] {
                    const std::string day = queryText(query, "day", "");
                    if (day.empty())
                        throw HttpFailure{400, "BadQuery", "day (YYYY-MM-DD) is required"};
                    const auto limit = queryInt(query, "limit", 500, 1, sync::kMaxPullLimit);
                    return sync::encode(m_store.snapshot(user, day, queryText(query, "after", ""),
                                                         static_cast<int>(limit)));
                });
            const auto cursor = queryInt(query, "cursor", 0, 0, INT64_MAX);
            const auto limit = queryInt(query, "limit", 500, 1, sync::kMaxPullLimit);
            return {200, sync::encode(m_store.pull(user, cursor, static_cast<int>(limit)))};
        } catch (const sync::SyncError& e) {
            if (e.code() == sync::SyncError::Code::TooLarge)
                throw HttpFailure{413, "TooLarge", e.what()};
            if (e.code() == sync::SyncError::Code::Unsupported)
                throw HttpFailure{422, "Unsupported", e.what()};
            throw HttpFailure{400, "MalformedBody", e.what()};
        }
    }

    /// The attempt is reserved before the password is hashed, and the hash waits for no one:
    /// past the cap on hashes at once the answer is 503.
    Answer loginRoute(const sync::LoginRequest& login) {
        const auto retryIn = [](std::chrono::milliseconds wait) {
            return (wait.count() + 999) / 1000;
        };
        if (const auto wait = m_throttle.reserve(login.username); wait.count() > 0)
            throw HttpFailure{
                429, "TooManyAttempts",
                "too many wrong passwords; try again in " + std::to_string(retryIn(wait)) + " s",
                retryIn(wait)};
        struct Attempt {
            LoginThrottle& throttle;
            const std::string& username;
            LoginThrottle::Outcome outcome = LoginThrottle::Outcome::Abandoned;
            ~Attempt() { throttle.end(username, outcome); }
        } attempt{m_throttle, login.username};
        if (!m_hashes.tryEnter())
            throw HttpFailure{503, "Busy",
                              "the server is checking too many passwords at once; try again in 1 s",
                              1};
        struct Leave {
            PasswordHashGate& gate;
            ~Leave() { gate.leave(); }
        } leave{m_hashes};
        auto session = m_store.login(login.username, login.password, m_config.sessionTtl);
        if (!session) {
            attempt.outcome = LoginThrottle::Outcome::Failed;
            throw HttpFailure{401, "InvalidCredentials", "wrong username or password"};
        }
        attempt.outcome = LoginThrottle::Outcome::Succeeded;
        return {201, sync::encode(*session)};
    }

    /// A GET whose bad query values the store finds: its InvalidInput is a 400.
    template <typename Read>
    static Answer readRoute(Read&& read) {
        try {
            return {200, read()};
        } catch (const ServerError& e) {
            if (e.code() == ServerError::Code::InvalidInput)
                throw HttpFailure{400, "BadQuery", e.what()};
            throw;
        }
    }

    /// The portal connector's endpoints: a submission in, a submission's status and notices out.
    Answer portalRoute(HTTPServerRequest& request, const std::string& path) {
        const User user = authenticate(request);
        if (!user.isConnector())
            throw HttpFailure{403, "Forbidden", "only a portal connector account submits dossiers"};
        try {
            if (path == kSubmissions) {
                requireMethod(request.getMethod(), HTTPRequest::HTTP_POST);
                const auto receipt = m_store.submit(user, readBody(request));
                return {
                    receipt.created ? 201 : 200,
                    nlohmann::json{{"code", receipt.code}, {"decide_by", receipt.decideBy}}.dump()};
            }
            requireMethod(request.getMethod(), HTTPRequest::HTTP_GET);
            return {200, m_store.submissionStatus(user, path.substr(kSubmission.size()))};
        } catch (const ServerError& e) {
            switch (e.code()) {
                case ServerError::Code::InvalidInput:
                    throw HttpFailure{400, "MalformedBody", e.what()};
                case ServerError::Code::Conflict:
                    throw HttpFailure{409, "Conflict", e.what()};
                case ServerError::Code::HashMismatch:
                    throw HttpFailure{422, "HashMismatch", e.what()};
                case ServerError::Code::Unsupported:
                    throw HttpFailure{422, "Unsupported", e.what()};
                case ServerError::Code::NotFound:
                    throw HttpFailure{404, "NotFound", e.what()};
                case ServerError::Code::Forbidden:
                    throw HttpFailure{403, "Forbidden", e.what()};
                case ServerError::Code::TooLarge:
                    throw HttpFailure{503, "Busy", e.what()};
                default:
                    throw;
            }
        }
    }

    Answer blobRoute(HTTPServerRequest& request, const std::string& sha) {
        const User user = authenticate(request);
        const std::string& method = request.getMethod();
        try {
            if (method == HTTPRequest::HTTP_HEAD) {
                const auto state = m_store.blobState(user, sha);
                if (state.complete) return {200, "", "application/octet-stream", {}, state.size};
                return {404,
                        "",
                        "application/json",
                        {{kUploadOffsetHeader, std::to_string(state.size)}}};
            }
            if (method == HTTPRequest::HTTP_GET)
                return blobDownload(request, m_store.blobFile(user, sha));
            requireMethod(method, HTTPRequest::HTTP_PUT);
            const std::string bytes = readBody(request);
            const auto size = static_cast<std::int64_t>(bytes.size());
            std::int64_t offset = 0;
            std::int64_t total = size;
            if (request.has("Content-Range"))
                parseContentRange(request.get("Content-Range"), size, offset, total);
            const auto state = m_store.putBlob(user, sha, offset, total, bytes);
            const std::string body =
                nlohmann::json{{"sha256", sha}, {"size", state.size}, {"complete", state.complete}}
                    .dump();
            return {state.complete ? 201 : 202,
                    body,
                    "application/json",
                    {{kUploadOffsetHeader, std::to_string(state.size)}}};
        } catch (const ServerError& e) {
            switch (e.code()) {
                case ServerError::Code::Conflict:
                    throw HttpFailure{409, "UploadOffset", e.what(), 0,
                                      m_store.blobState(user, sha).size};
                case ServerError::Code::HashMismatch:
                    throw HttpFailure{422, "HashMismatch", e.what()};
                case ServerError::Code::TooLarge:
                    throw HttpFailure{413, "TooLarge", e.what()};
                case ServerError::Code::NotFound:
                    throw HttpFailure{404, "NotFound", e.what()};
                case ServerError::Code::InvalidInput:
                    throw HttpFailure{400, "BadBlobRequest", e.what()};
                default:
                    throw;
            }
        }
    }

    /// The whole blob (200), or with "Range: bytes=START-[END]" the part asked for (206, with
    /// Content-Range); a range past the end is 416. Desks fetch large results a range at a time.
    static Answer blobDownload(const HTTPServerRequest& request, const BlobFile& file) {
        Answer answer{200, "", "application/octet-stream", {{"Accept-Ranges", "bytes"}}};
        answer.filePath = file.path;
        answer.fileLength = file.size;
        if (!request.has("Range")) return answer;
        const std::string range = request.get("Range");
        static constexpr std::string_view kBytes = "bytes=";
        std::int64_t start = -1, end = file.size - 1;
        if (range.rfind(kBytes, 0) == 0) {
            const std::string spec = range.substr(kBytes.size());
            const auto dash = spec.find('-');
            const auto number = [](std::string_view text, std::int64_t& n) {
                const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
                return !text.empty() && ec == std::errc{} && p == text.data() + text.size() &&
                       n >= 0;
            };
            if (dash == std::string::npos ||
                !number(std::string_view(spec).substr(0, dash), start) ||
                (dash + 1 < spec.size() && !number(std::string_view(spec).substr(dash + 1), end)))
                start = -1;
        }
        if (start < 0 || end < start)
            throw HttpFailure{400, "BadRange",
                              "Range must be \"bytes=START-END\" or \"bytes=START-\""};
        if (start >= file.size)
            throw HttpFailure{416, "RangeNotSatisfiable",
                              "the blob has " + std::to_string(file.size) + " bytes"};
        end = std::min(end, file.size - 1);
        answer.status = 206;
        answer.fileOffset = start;
        answer.fileLength = end - start + 1;
        answer.headers.push_back({"Content-Range", "bytes " + std::to_string(start) + "-" +
                                                       std::to_string(end) + "/" +
                                                       std::to_string(file.size)});
        return answer;
    }

    /// "bytes START-END/TOTAL", END inclusive, covering exactly the body.
    static void parseContentRange(const std::string& header, std::int64_t bodySize,
                                  std::int64_t& offset, std::int64_t& total) {
        std::int64_t start = 0, end = 0, whole = 0;
        char dash = 0, slash = 0;
        std::istringstream in(header);
        std::string unit;
        in >> unit >> start >> dash >> end >> slash >> whole;
        if (unit != "bytes" || !in || dash != '-' || slash != '/' || start < 0 || end < start ||
            end - start + 1 != bodySize || whole <= end || !(in >> std::ws).eof())
            throw HttpFailure{
                400, "BadContentRange",
                "Content-Range must be \"bytes START-END/TOTAL\" covering exactly the body"};
        offset = start;
        total = whole;
    }

    static void requireMethod(const std::string& method, const std::string& expected) {
        if (method != expected) throw HttpFailure{405, "MethodNotAllowed", "use " + expected};
    }

    static void checkProtocol(const HTTPServerRequest& request) {
        const std::string value = request.get(std::string(sync::kProtocolHeader), "");
        int version = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
        const bool parsed =
            !value.empty() && ec == std::errc{} && end == value.data() + value.size();
        if (!parsed || version < sync::kProtocolVersion)
            throw HttpFailure{426, "ProtocolTooOld",
                              "this server speaks sync protocol " +
                                  std::to_string(sync::kProtocolVersion) + " (header " +
                                  std::string(sync::kProtocolHeader) +
                                  "); update MotCua Desk to sync"};
        if (version > sync::kProtocolVersion)
            throw HttpFailure{400, "ProtocolTooNew",
                              "this server speaks sync protocol " +
                                  std::to_string(sync::kProtocolVersion) + ", not " + value};
    }

    static std::string bearerToken(const HTTPServerRequest& request) {
        const std::string header = request.get("Authorization", "");
        static constexpr std::string_view kBearer = "Bearer ";
        if (header.rfind(kBearer, 0) != 0)
            throw HttpFailure{401, "Unauthenticated", "a bearer token is needed"};
        return header.substr(kBearer.size());
    }

    User authenticate(const HTTPServerRequest& request) {
        auto user = m_store.userForToken(bearerToken(request));
        if (!user)
            throw HttpFailure{401, "Unauthenticated",
                              "the token is unknown or has expired; log in again"};
        return *user;
    }

    void log(const HTTPServerRequest& request, const std::string& path, int status,
             const std::string& problem) {
        if (!m_config.log) return;
        nlohmann::json line{{"event", "request"},
                            {"method", request.getMethod()},
                            {"path", path},
                            {"status", status},
                            {"client", request.clientAddress().host().toString()}};
        if (!problem.empty()) line["problem"] = problem;
        m_config.log(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }

    ServerStore& m_store;
    const ServerConfig& m_config;
    LoginThrottle& m_throttle;
    PasswordHashGate& m_hashes;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    HandlerFactory(ServerStore& store, const ServerConfig& config)
        : m_store(store),
          m_config(config),
          m_throttle(config.freeLoginFailures, config.loginLockout, std::chrono::minutes(15)),
          m_hashes(config.maxPasswordHashes > 0
                       ? config.maxPasswordHashes
                       : 2 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new ApiHandler(m_store, m_config, m_throttle, m_hashes);
    }

private:
    ServerStore& m_store;
    const ServerConfig& m_config;
    LoginThrottle m_throttle;
    PasswordHashGate m_hashes;
};

Poco::Net::Context::Ptr serverContext(const ServerConfig& config) {
    Poco::Net::Context::Params params;
    params.privateKeyFile = config.keyFile;
    params.certificateFile = config.certFile;
    // The server asks no client certificate: desks authenticate with bearer tokens.
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    return context;
}

/// Poco's timeouts as seconds and microseconds.
Poco::Timespan timespanOf(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<long>(ms.count() / 1000),
                          static_cast<long>(ms.count() % 1000) * 1000);
}

}  // namespace

struct HttpsServer::Impl {
    ServerConfig config;
    Poco::ThreadPool pool;
    ConnectionGuard guard;  ///< outlives the server, whose filter and connections use it
    std::unique_ptr<Poco::Net::TCPServer> server;
    std::uint16_t port = 0;
    bool running = false;

    explicit Impl(ServerConfig c)
        : config(std::move(c)),
          pool(1, config.maxThreads),
          guard({config.maxThreads, config.maxQueued, config.maxConnectionsPerPeer,
                 config.requestDeadline, config.shedIdleAfter},
                config.log) {}
};

HttpsServer::HttpsServer(ServerStore& store, ServerConfig config) {
    if (config.maxThreads < 1 || config.maxQueued < 1 || config.maxConnectionsPerPeer < 1)
        throw ServerError(ServerError::Code::Config,
                          "max threads, max queued and max connections per peer must be positive");
    if (config.requestDeadline.count() < 1 || config.keepAliveTimeout.count() < 1 ||
        config.shedIdleAfter.count() < 0)
        throw ServerError(ServerError::Code::Config,
                          "the request deadline and keep-alive timeout must be positive");
    if (config.certFile.empty() || config.keyFile.empty())
        throw ServerError(ServerError::Code::Config, "a TLS certificate and key are needed");
    Poco::Net::initializeSSL();
    try {
        m_impl = std::make_unique<Impl>(std::move(config));
        const ServerConfig& c = m_impl->config;
        const auto context = serverContext(c);
        // Poco's ServerSocket(address, backlog) also sets SO_REUSEPORT, which would let a second
        // server bind the same port and take half the connections: bind without it.
        Poco::Net::SecureServerSocket socket(context);
        socket.bind(Poco::Net::SocketAddress(c.host, c.port), true, false);
        // The kernel's backlog only absorbs bursts; the guard enforces the queue.
        socket.listen(std::max(128, c.maxQueued));
        m_impl->port = socket.address().port();
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(c.maxThreads);
        // The guard refuses past maxQueued at accept; Poco's own cap would drop connections
        // the guard still lists.
        params->setMaxQueued(INT_MAX);
        // Per read; the guard's deadline bounds the whole request.
        params->setTimeout(timespanOf(
            std::min<std::chrono::milliseconds>(c.requestDeadline, std::chrono::seconds(30))));
        params->setKeepAliveTimeout(timespanOf(std::min(c.keepAliveTimeout, c.requestDeadline)));
        params->setServerName("motcua-server");
        m_impl->server = std::make_unique<Poco::Net::TCPServer>(
            new GuardedConnectionFactory(m_impl->guard, new HandlerFactory(store, c), params),
            m_impl->pool, socket, params);
        m_impl->server->setConnectionFilter(new GuardFilter(m_impl->guard));
    } catch (const Poco::Exception& e) {
        m_impl.reset();
        Poco::Net::uninitializeSSL();
        throw ServerError(ServerError::Code::Config, "cannot serve HTTPS: " + e.displayText());
    } catch (const ServerError&) {
        m_impl.reset();
        Poco::Net::uninitializeSSL();
        throw;
    }
}

HttpsServer::~HttpsServer() {
    stop();
    m_impl.reset();
    Poco::Net::uninitializeSSL();
}

void HttpsServer::start() {
    if (!m_impl->server)
        throw ServerError(ServerError::Code::Config, "the server has been stopped; make a new one");
    if (m_impl->running) return;
    m_impl->server->start();
    m_impl->running = true;
}

void HttpsServer::stop() {
    if (!m_impl || !m_impl->running) return;
    m_impl->server->stop();    // no more accepts; connections still queued are dropped
    m_impl->guard.closeAll();  // every connection's blocked read fails now
    m_impl->pool.joinAll();
    // Poco closes the listening socket only with the server: until then the kernel would
    // still accept connections that nobody serves, and clients would hang instead of failing.
    m_impl->server.reset();
    m_impl->running = false;
}

std::uint16_t HttpsServer::port() const {
    return m_impl->port;
}

}  // namespace motcua::server
