// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A test RFC 3161 time-stamp authority for the demo and the tests (internal header).
#pragma once

#include <memory>
#include <string>

namespace motcua::server {

/// Answers TimeStampReqs with OpenSSL's TS_RESP_CTX: SHA-256/384/512 imprints, the token
/// signed with SHA-256, an ESS signing-certificate-v2, the TSA's chain when asked (certReq),
/// a random serial, accuracy one second, policy 1.2.3.4.1 (OpenSSL's example TSA policy).
/// Not a production TSA: its clock is the server's, unaudited. Thread-safe.
class TimestampAuthority {
public:
    /// `certFile`: PEM, the TSA certificate (critical EKU timeStamping only) first, then its chain.
    /// Throws ServerError(Config) for unreadable files or a certificate that is not a TSA's.
    TimestampAuthority(const std::string& certFile, const std::string& keyFile);
    ~TimestampAuthority();
    TimestampAuthority(const TimestampAuthority&) = delete;
    TimestampAuthority& operator=(const TimestampAuthority&) = delete;

    /// The DER TimeStampResp for a DER TimeStampReq. A malformed or unsupported request gets a
    /// rejection response (badDataFormat, badAlg...), as RFC 3161 wants; throws ServerError
    /// only when the TSA itself fails.
    std::string respond(const std::string& queryDer) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::server
