// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace motcua::sync {

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  ///< names in lower case
    /// A header's value, or "" when absent; `name` in lower case.
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

/// A request with its own content type and headers (blob uploads).
struct HttpRequest {
    std::string method;
    std::string path;
    std::string body;
    std::string token;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// How the sync engine reaches the server. The engine knows only this; tests (and the
/// fault-injecting proxy to come) put their own in between.
class Transport {
public:
    virtual ~Transport() = default;
    /// One request with the protocol header, and the bearer token when not empty. Throws
    /// SyncError(Network) when no complete answer arrives, TooLarge for an oversized one.
    virtual HttpReply send(const std::string& method, const std::string& path,
                           const std::string& body, const std::string& token) = 0;
    /// The general form. This default handles plain JSON requests through send() and
    /// refuses others with SyncError(Unsupported); transports that upload blobs override it.
    virtual HttpReply exchange(const HttpRequest& request);
};

struct HttpsTransportConfig {
    std::string serverUrl;  ///< "https://host:port"; plain http is refused
    std::string caFile;     ///< the ward's CA bundle (PEM); empty: the system's CAs
    std::chrono::seconds timeout{30};
};

/// HTTPS (TLS 1.2+) with Poco. The server's certificate is always verified, against the
/// configured CA bundle, including its name: there is no switch to turn that off.
class HttpsTransport : public Transport {
public:
    /// Throws SyncError(Malformed) for a URL that is not https://host[:port].
    explicit HttpsTransport(HttpsTransportConfig config);
    ~HttpsTransport() override;
    HttpReply send(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& token) override;
    HttpReply exchange(const HttpRequest& request) override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::sync
