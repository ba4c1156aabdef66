// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Reading an RFC 3161 TSTInfo: what the verifier needs of a document timestamp.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/ts.h>
#pragma GCC diagnostic pop

#include "timestamp_token.h"

namespace motcua::signing {

namespace {

using C = SigningError::Code;
using TstInfoPtr = std::unique_ptr<TS_TST_INFO, detail::OsslFree<TS_TST_INFO_free>>;

[[noreturn]] void refuse(const std::string& what) {
    const std::string errors = detail::opensslErrors();
    throw SigningError(C::TimestampRefused, errors.empty() ? what : what + " (" + errors + ")");
}

}  // namespace

namespace detail {

TstInfo readTstInfo(CMS_ContentInfo* token) {
    if (OBJ_obj2nid(CMS_get0_eContentType(token)) != NID_id_smime_ct_TSTInfo)
        throw SigningError(C::TimestampRefused, "the token does not carry a TSTInfo");
    ASN1_OCTET_STRING** content = CMS_get0_content(token);
    if (!content || !*content)
        throw SigningError(C::TimestampRefused, "the token's TSTInfo is missing");
    const unsigned char* p = ASN1_STRING_get0_data(*content);
    const TstInfoPtr tst(d2i_TS_TST_INFO(nullptr, &p, ASN1_STRING_length(*content)));
    if (!tst) refuse("the token's TSTInfo cannot be read");
    TstInfo out;
    TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(tst.get());
    const ASN1_OBJECT* algo = nullptr;
    X509_ALGOR_get0(&algo, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
    out.imprintDigest = algo ? EVP_get_digestbyobj(algo) : nullptr;
    const ASN1_OCTET_STRING* msg = TS_MSG_IMPRINT_get_msg(imprint);
    out.imprint.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(msg)),
                       static_cast<std::size_t>(ASN1_STRING_length(msg)));
    std::tm tm{};
    if (!ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst.get()), &tm))
        refuse("the token's genTime cannot be read");
    out.genTime = ::timegm(&tm);
    return out;
}

}  // namespace detail

}  // namespace motcua::signing
