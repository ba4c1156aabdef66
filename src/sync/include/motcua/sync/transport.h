// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <memory>
#include <string>

namespace motcua::sync {

struct HttpReply {
    int status = 0;
    std::string body;
};

/// How the sync engine reaches the server. The engine knows only this; tests (and the
/// fault-injecting proxy to come) put their own in between.
class Transport {
public:
    virtual ~Transport() = default;
    /// One request with the protocol header, and the bearer token when not empty. Throws
    /// SyncError(Network) when no complete answer arrives, TooLarge for an oversized one.
    virtual HttpReply send(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& token) = 0;
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

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::sync
