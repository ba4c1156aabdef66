// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A test RFC 3161 time-stamp authority for the tests: the responder (OpenSSL's TS_RESP_CTX) and
// a small loopback HTTPS server (Poco::Net) that answers POST <path> with it. Not a production
// TSA: its clock is the test machine's, unaudited. It lives with the tests, not in the server.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace motcua::test {

/// Answers TimeStampReqs: SHA-256/384/512 imprints, the token signed with SHA-256, an ESS
/// signing-certificate-v2, the TSA's chain when asked (certReq), a random serial, accuracy one
/// second, policy 1.2.3.4.1 (OpenSSL's example TSA policy). Thread-safe.
class TimestampResponder {
public:
    /// `certFile`: PEM, the TSA certificate (critical EKU timeStamping only) first, then its chain.
    /// Throws std::runtime_error for unreadable files or a certificate that is not a TSA's.
    TimestampResponder(const std::string& certFile, const std::string& keyFile);
    ~TimestampResponder();
    TimestampResponder(const TimestampResponder&) = delete;
    TimestampResponder& operator=(const TimestampResponder&) = delete;

    /// The DER TimeStampResp for a DER TimeStampReq. A malformed or unsupported request gets a
    /// rejection response (badDataFormat, badAlg...), as RFC 3161 wants; throws
    /// std::runtime_error only when the responder itself fails.
    std::string respond(const std::string& queryDer) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// RFC 3161 over HTTP (section 3.4) on 127.0.0.1, TLS 1.2+ with `tlsCertFile`/`tlsKeyFile`:
/// POST `path` with a DER TimeStampReq as application/timestamp-query gets the DER
/// TimeStampResp as application/timestamp-reply (a bad request gets a rejection response, not an
/// HTTP error); another method is 405, another media type 415, another path 404. No login.
/// Serves from construction until destruction.
class TestTsa {
public:
    /// Throws std::runtime_error (the TSA's files) or Poco's exceptions (the TLS ones).
    TestTsa(const std::string& tlsCertFile, const std::string& tlsKeyFile,
            const std::string& tsaCertFile, const std::string& tsaKeyFile,
            std::string path = "/tsa");
    ~TestTsa();
    TestTsa(const TestTsa&) = delete;
    TestTsa& operator=(const TestTsa&) = delete;

    std::uint16_t port() const;
    const std::string& path() const;
    /// https://127.0.0.1:PORT/PATH
    std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::test
