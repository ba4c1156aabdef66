// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// RFC 3161 time-stamps and PAdES document timestamps (B-T for the signatures before them).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace motcua::signing {

/// Sends a DER TimeStampReq to a time-stamp authority and returns its DER TimeStampResp.
/// The sync layer's postTimestampQuery is one; tests may answer in-process. What it throws
/// passes through addDocumentTimestamp unchanged (nothing is written then).
using TimestampAuthority = std::function<std::string(const std::string& queryDer)>;

/// A DER TimeStampReq for a SHA-256 digest (32 bytes): certReq TRUE, a random 64-bit nonce, no
/// policy. Throws SigningError(InvalidInput) for a digest of another size, (Crypto) on OpenSSL
/// failure.
std::string timestampQuery(const std::string& sha256Digest);

/// The DER TimeStampToken (a CMS ContentInfo) of a TSA's answer to `queryDer`, once the answer is
/// granted, its token carries the query's message imprint and nonce, and the token's signature
/// verifies with the certificate it embeds (trust is for verifyPdf). Throws
/// SigningError(TimestampRefused) with the TSA's status and failure info, or what does not match.
std::string timestampToken(const std::string& responseDer, const std::string& queryDer);

/// Appends an incremental update with an invisible document timestamp (/Type /DocTimeStamp,
/// /SubFilter /ETSI.RFC3161) whose /Contents is a TimeStampToken over the SHA-256 of its byte
/// range: the signatures before it become PAdES B-T and stay valid (no earlier byte changes).
/// Calls `tsa` once, on the calling thread (it may block on the network). Throws SigningError
/// (PdfEncrypted, PdfDamaged, TimestampRefused, SignatureTooLarge) or what `tsa` throws.
std::string addDocumentTimestamp(const std::string& pdf, const TimestampAuthority& tsa,
                                 std::size_t reserveBytes = 16384);

/// Reads `in`, timestamps it and writes `out` atomically (the whole file or nothing; `in` is
/// never touched unless it is `out`, and then only by the final rename).
void addDocumentTimestampFile(const std::string& in, const std::string& out,
                              const TimestampAuthority& tsa, std::size_t reserveBytes = 16384);

}  // namespace motcua::signing
