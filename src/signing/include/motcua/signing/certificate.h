// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::signing {

enum class KeyType { Rsa, Ec, Other };

/// What an officer and a program need to know of an X.509 certificate.
struct CertificateInfo {
    std::string subject;  ///< one-line RFC 2253 form
    std::string commonName;
    std::string issuer;
    std::string serialHex;
    std::string notBefore;  ///< ISO 8601 UTC
    std::string notAfter;
    KeyType keyType = KeyType::Other;
    int keyBits = 0;
    std::vector<std::string>
        keyUsage;  ///< e.g. "digitalSignature", "nonRepudiation"; empty: no extension
    bool isCa = false;
    std::string idHex;           ///< CKA_ID on the token (empty when not from a token)
    std::string label;           ///< CKA_LABEL on the token
    bool hasPrivateKey = false;  ///< a private key with the same CKA_ID is on the token
    std::string der;
};

/// Parses a DER certificate; throws SigningError(Crypto) if it is not one.
CertificateInfo describeCertificate(std::string_view der);

/// Reads every certificate of a PEM file as DER; throws SigningError(Io / Crypto).
std::vector<std::string> readPemCertificates(const std::string& path);

/// "D:YYYYMMDDHHmmSS+07'00'" (Vietnam, no daylight saving) for /M.
std::string pdfDate(std::chrono::system_clock::time_point when);
/// ISO 8601 with +07:00 for reports.
std::string isoVietnamTime(std::chrono::system_clock::time_point when);

/// Uppercase hex (CKA_ID, certificate fingerprints), as motcua::crypto writes it.
std::string toHex(std::string_view bytes);
/// Throws SigningError(InvalidInput) for odd length or non-hex characters.
std::string fromHex(std::string_view hex);

}  // namespace motcua::signing
