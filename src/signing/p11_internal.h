// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// PKCS#11 plumbing shared by module.cpp and token_session.cpp (internal header).
#pragma once

#include <p11-kit/p11-kit.h>
#include <p11-kit/pkcs11.h>

#include <memory>
#include <string>
#include <vector>

#include "motcua/signing/signing_error.h"
#include "motcua/signing/token.h"

namespace motcua::signing {

struct Module::Impl {
    CK_FUNCTION_LIST* fn = nullptr;
    std::string path;
    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl();
};

struct TokenSession::Impl {
    std::shared_ptr<Module::Impl> module;
    CK_SLOT_ID slot = 0;
    CK_SESSION_HANDLE handle = 0;
    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl();
    CK_FUNCTION_LIST* fn() const { return module->fn; }
};

namespace detail {

/// The CKR_ constant's name, e.g. "CKR_PIN_INCORRECT".
std::string ckrName(CK_RV rv);
/// Throws the SigningError that fits `rv` unless it is CKR_OK.
void checkRv(CK_RV rv, const std::string& what);
/// A blank-padded PKCS#11 text field without its padding.
std::string trimField(const unsigned char* field, std::size_t size);
PinStatus pinStatusFromFlags(CK_FLAGS flags);
TokenInfo tokenInfoFrom(const CK_TOKEN_INFO& info);
/// An attribute's value; empty when the object does not have it.
std::string getAttribute(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                         CK_ATTRIBUTE_TYPE type);
std::vector<CK_OBJECT_HANDLE> findObjects(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session,
                                          std::vector<CK_ATTRIBUTE>& templ);
/// The certificates on the token, with CKA_ID/label and whether a private key shares the ID.
std::vector<CertificateInfo> tokenCertificates(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session);

}  // namespace detail
}  // namespace motcua::signing
