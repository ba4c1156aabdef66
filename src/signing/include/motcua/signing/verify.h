// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace motcua::signing {

/// What one signature of a PDF proves.
struct SignatureReport {
    int index = 0;       ///< 1 = the earliest in the file
    std::string signer;  ///< common name of the signer certificate
    std::string signerSubject;
    std::string signerCertificateDer;  ///< the signer's (or the TSA's) certificate, DER
    std::string issuer;
    std::string signingTime;  ///< ISO 8601 from /M (or the CMS signing-time), empty if none
    std::string subFilter;
    bool integrityOk = false;  ///< the byte range's digest equals the signed message-digest
    bool signatureOk = false;  ///< the signature value verifies over the signed attributes
    bool trusted = false;      ///< the chain reaches a trust anchor (validated at signing time)
    bool keyUsageOk = false;   ///< digitalSignature or nonRepudiation (or no key-usage extension)
    bool validAtSigningTime = false;
    bool revocationChecked =
        false;              ///< a current CRL of the signer's issuer, signed by it, was given
    bool revoked = false;   ///< listed in a CRL of the issuer (even a stale one)
    std::string revokedAt;  ///< ISO 8601 UTC revocation date when revoked
    /// The issuer's only CRLs given are past their nextUpdate (now): revocation is unknown,
    /// not "not revoked". ok() does not change, as without any CRL; the report says so.
    bool crlStale = false;
    std::string crlNextUpdate;  ///< ISO 8601 UTC: when the stale CRL was due to be replaced
    bool coversWholeFile = false;
    std::uint64_t bytesAfter = 0;  ///< bytes appended after this signature's revision
    /// Where the /ByteRange's gap (the signature's /Contents) begins: every byte before it is
    /// signed, so a file that is a prefix of that much was there when it was signed.
    std::uint64_t gapStart = 0;
    std::vector<std::string> problems;  ///< human-readable, empty when the signature is good
    /// A document timestamp (/SubFilter /ETSI.RFC3161): `signer` is the time-stamp authority,
    /// `signingTime` its genTime; integrity is the token's imprint against the byte range,
    /// keyUsageOk the critical timeStamping extended key usage the TSA certificate needs.
    bool documentTimestamp = false;
    /// For a signature: a later document timestamp that is ok() covers it (PAdES B-T), the index
    /// of the first such in `timestampedBy`; 0 for none.
    bool timestamped = false;
    int timestampedBy = 0;

    /// "revoked", "good" (a current CRL does not list it) or "unknown" (no CRL, or a stale one).
    const char* revocation() const {
        return revoked ? "revoked" : revocationChecked ? "good" : "unknown";
    }
    bool ok() const {
        return integrityOk && signatureOk && trusted && keyUsageOk && validAtSigningTime &&
               !revoked;
    }
};

/// Finds every signature of `pdf` by its /ByteRange and checks it against the trust anchors
/// (PEM files) and, when given, CRLs (PEM or DER files the desk keeps for offline use; a CRL is
/// used for the signer certificate when its issuer signed it). A revoked certificate fails
/// whatever the revocation date: B-B has no trusted time to compare it with. Never throws for
/// a bad signature (that is a report); throws SigningError(Io / Crypto) for an unreadable
/// anchor or CRL file. Document timestamps are reported too, in file order, marked
/// documentTimestamp, and mark the signatures they cover `timestamped`.
std::vector<SignatureReport> verifyPdf(const std::string& pdf,
                                       const std::vector<std::string>& trustPemFiles,
                                       const std::vector<std::string>& crlFiles = {});

}  // namespace motcua::signing
