// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/signing/certificate.h"

#include <cstdio>
#include <ctime>

#include "motcua/crypto/hex.h"
#include "ossl.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/bn.h>
#pragma GCC diagnostic pop

namespace motcua::signing {

using namespace detail;

namespace {

std::string nameToString(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    // RFC 2253 but UTF-8 kept as is: Vietnamese names stay readable.
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string commonName(const X509_NAME* name) {
    const int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i < 0) return {};
    unsigned char* utf8 = nullptr;
    const int n =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

std::string isoTime(const ASN1_TIME* t) {
    std::tm tm{};
    if (!ASN1_TIME_to_tm(t, &tm)) return {};
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

CertificateInfo describeCertificate(std::string_view der) {
    const X509Ptr cert = parseDer(der);
    CertificateInfo info;
    info.subject = nameToString(X509_get_subject_name(cert.get()));
    info.commonName = commonName(X509_get_subject_name(cert.get()));
    info.issuer = nameToString(X509_get_issuer_name(cert.get()));
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr)) {
        char* hex = BN_bn2hex(bn);
        info.serialHex = hex;
        OPENSSL_free(hex);
        BN_free(bn);
    }
    info.notBefore = isoTime(X509_get0_notBefore(cert.get()));
    info.notAfter = isoTime(X509_get0_notAfter(cert.get()));
    if (const EVP_PKEY* key = X509_get0_pubkey(cert.get())) {
        const int id = EVP_PKEY_get_base_id(key);
        info.keyType = id == EVP_PKEY_RSA  ? KeyType::Rsa
                       : id == EVP_PKEY_EC ? KeyType::Ec
                                           : KeyType::Other;
        info.keyBits = EVP_PKEY_get_bits(key);
    }
    if (X509_get_extension_flags(cert.get()) & EXFLAG_KUSAGE) {
        const std::uint32_t ku = X509_get_key_usage(cert.get());
        static const std::pair<std::uint32_t, const char*> names[] = {
            {KU_DIGITAL_SIGNATURE, "digitalSignature"},
            {KU_NON_REPUDIATION, "nonRepudiation"},
            {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
            {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
            {KU_KEY_AGREEMENT, "keyAgreement"},
            {KU_KEY_CERT_SIGN, "keyCertSign"},
            {KU_CRL_SIGN, "cRLSign"}};
        for (const auto& [bit, name] : names)
            if (ku & bit) info.keyUsage.emplace_back(name);
    }
    info.isCa = X509_check_ca(cert.get()) > 0;
    info.der = std::string(der);
    return info;
}

std::vector<std::string> readPemCertificates(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) throw SigningError(SigningError::Code::Io, "cannot read " + path);
    std::vector<std::string> out;
    while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        const X509Ptr cert(raw);
        out.push_back(toDer(cert.get()));
    }
    ERR_clear_error();  // the end of the file reads as an error
    if (out.empty())
        throw SigningError(SigningError::Code::Crypto, path + " holds no PEM certificate");
    return out;
}

namespace {
std::tm vietnamTm(std::chrono::system_clock::time_point when) {
    // Vietnam has kept UTC+7 without daylight saving since 1975.
    const std::time_t t = std::chrono::system_clock::to_time_t(when) + 7 * 3600;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    return tm;
}
}  // namespace

std::string pdfDate(std::chrono::system_clock::time_point when) {
    const std::tm tm = vietnamTm(when);
    char buf[40];
    std::strftime(buf, sizeof buf, "D:%Y%m%d%H%M%S+07'00'", &tm);
    return buf;
}

std::string isoVietnamTime(std::chrono::system_clock::time_point when) {
    const std::tm tm = vietnamTm(when);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
    return buf;
}

std::string toHex(std::string_view bytes) {
    return crypto::toHex(bytes, crypto::HexCase::Upper);
}

std::string fromHex(std::string_view hex) {
    if (hex.size() % 2)
        throw SigningError(SigningError::Code::InvalidInput, "odd-length hex string");
    auto bytes = crypto::fromHex(hex);
    if (!bytes) throw SigningError(SigningError::Code::InvalidInput, "not a hex string");
    return std::move(*bytes);
}

}  // namespace motcua::signing
