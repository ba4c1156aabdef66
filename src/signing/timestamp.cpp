// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// RFC 3161 requests and answers through OpenSSL's TS API; the document timestamp reuses the
// signature field machinery of pdf_update.cpp with a TimeStampToken in /Contents.
#include "motcua/signing/timestamp.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/rand.h>
#include <openssl/ts.h>
#pragma GCC diagnostic pop

#include "motcua/files/files.h"
#include "pdf_update.h"
#include "timestamp_token.h"

namespace motcua::signing {

using namespace detail;

namespace {

using C = SigningError::Code;
using TsReqPtr = std::unique_ptr<TS_REQ, OsslFree<TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, OsslFree<TS_RESP_free>>;
using TsMsgImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, OsslFree<TS_MSG_IMPRINT_free>>;
using TsVerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, OsslFree<TS_VERIFY_CTX_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, OsslFree<X509_ALGOR_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OsslFree<BN_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, OsslFree<ASN1_INTEGER_free>>;

[[noreturn]] void refuse(const std::string& what) {
    const std::string detail = opensslErrors();
    throw SigningError(C::TimestampRefused, detail.empty() ? what : what + " (" + detail + ")");
}

const unsigned char* bytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

/// "rejection (badAlg, badDataFormat): text" for a PKIStatusInfo that is not granted.
std::string describeStatus(TS_STATUS_INFO* info, long status) {
    static const char* const kStatus[] = {"granted", "grantedWithMods",   "rejection",
                                          "waiting", "revocationWarning", "revocationNotification"};
    std::string out =
        status >= 0 && status < 6 ? kStatus[status] : "status " + std::to_string(status);
    static const std::pair<int, const char*> kFailures[] = {
        {TS_INFO_BAD_ALG, "badAlg"},
        {TS_INFO_BAD_REQUEST, "badRequest"},
        {TS_INFO_BAD_DATA_FORMAT, "badDataFormat"},
        {TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable"},
        {TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy"},
        {TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension"},
        {TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable"},
        {TS_INFO_SYSTEM_FAILURE, "systemFailure"}};
    std::string failures;
    if (const ASN1_BIT_STRING* bits = TS_STATUS_INFO_get0_failure_info(info))
        for (const auto& [bit, name] : kFailures)
            if (ASN1_BIT_STRING_get_bit(bits, bit))
                failures += (failures.empty() ? "" : ", ") + std::string(name);
    if (!failures.empty()) out += " (" + failures + ")";
    const STACK_OF(ASN1_UTF8STRING)* text = TS_STATUS_INFO_get0_text(info);
    if (text && sk_ASN1_UTF8STRING_num(text) > 0) {
        const ASN1_UTF8STRING* first = sk_ASN1_UTF8STRING_value(text, 0);
        out += ": " + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(first)),
                                  static_cast<std::size_t>(ASN1_STRING_length(first)));
    }
    return out;
}

}  // namespace

std::string timestampQuery(const std::string& sha256Digest) {
    if (sha256Digest.size() != 32)
        throw SigningError(C::InvalidInput, "a SHA-256 digest has 32 bytes, not " +
                                                std::to_string(sha256Digest.size()));
    TsReqPtr req(TS_REQ_new());
    TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
    AlgorPtr algo(X509_ALGOR_new());
    unsigned char random[8];
    if (!req || !imprint || !algo || RAND_bytes(random, sizeof random) != 1)
        throwCrypto("cannot make a time-stamp request");
    random[0] &= 0x7F;  // a positive nonce of 63 bits: some TSAs mishandle a leading 0x00 octet
    BnPtr bn(BN_bin2bn(random, sizeof random, nullptr));
    IntegerPtr nonce(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
    if (!nonce || !X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) ||
        !TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get()) ||
        !TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<unsigned char*>(bytes(sha256Digest)),
                                static_cast<int>(sha256Digest.size())) ||
        !TS_REQ_set_version(req.get(), 1) || !TS_REQ_set_msg_imprint(req.get(), imprint.get()) ||
        !TS_REQ_set_nonce(req.get(), nonce.get()) || !TS_REQ_set_cert_req(req.get(), 1))
        throwCrypto("cannot make a time-stamp request");
    return encodeDer(i2d_TS_REQ, req.get(), "cannot encode the time-stamp request");
}

std::string timestampToken(const std::string& responseDer, const std::string& queryDer) {
    const unsigned char* q = bytes(queryDer);
    TsReqPtr req(d2i_TS_REQ(nullptr, &q, static_cast<long>(queryDer.size())));
    if (!req) {
        ERR_clear_error();
        throw SigningError(C::InvalidInput, "not a DER time-stamp request");
    }
    const unsigned char* p = bytes(responseDer);
    TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(responseDer.size())));
    if (!resp || p != bytes(responseDer) + responseDer.size())
        refuse("the time-stamp authority's answer is not an RFC 3161 TimeStampResp");
    TS_STATUS_INFO* info = TS_RESP_get_status_info(resp.get());
    const long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(info));
    if (status != TS_STATUS_GRANTED && status != TS_STATUS_GRANTED_WITH_MODS)
        throw SigningError(C::TimestampRefused, "the time-stamp authority refused the request: " +
                                                    describeStatus(info, status));
    // Version, imprint (algorithm and digest) and nonce against the request; the signature next.
    TsVerifyCtxPtr ctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr));
    if (!ctx) throwCrypto("cannot check the time-stamp answer");
    if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1)
        refuse("the time-stamp authority's answer does not match the request");
    unsigned char* der = nullptr;
    const int n = i2d_PKCS7(TS_RESP_get_token(resp.get()), &der);
    if (n <= 0) refuse("the time-stamp answer holds no token");
    std::string token(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    const unsigned char* t = bytes(token);
    const CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &t, static_cast<long>(token.size())));
    // certReq was TRUE: the TSA's certificate must be in the token, and its signature must hold.
    if (!cms || CMS_verify(cms.get(), nullptr, nullptr, nullptr, nullptr,
                           CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1)
        refuse("the time-stamp token's signature does not verify with the certificate it carries");
    ERR_clear_error();
    return token;
}

std::string addDocumentTimestamp(const std::string& pdf, const TimestampAuthority& tsa,
                                 std::size_t reserveBytes) {
    if (!tsa) throw SigningError(C::InvalidInput, "no time-stamp authority given");
    SignatureFieldSpec spec;
    spec.documentTimestamp = true;
    spec.reserveBytes = reserveBytes;
    PreparedUpdate update = prepareSignatureUpdate(pdf, spec);
    fillByteRange(update);
    const std::string query = timestampQuery(byteRangeSha256(update));
    fillContents(update, timestampToken(tsa(query), query), reserveBytes);
    return std::move(update.bytes);
}

void addDocumentTimestampFile(const std::string& in, const std::string& out,
                              const TimestampAuthority& tsa, std::size_t reserveBytes) {
    const std::string pdf =
        files::rethrowAs<SigningError>(C::Io, [&] { return files::readFile(in); });
    const std::string stamped = addDocumentTimestamp(pdf, tsa, reserveBytes);
    files::rethrowAs<SigningError>(C::Io, [&] { files::writeFileAtomically(out, stamped); });
}

}  // namespace motcua::signing
