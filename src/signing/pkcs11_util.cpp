// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <cstdio>
#include <map>

#include "p11_internal.h"

namespace motcua::signing::detail {

std::string ckrName(CK_RV rv) {
    static const std::map<CK_RV, const char*> names{
        {CKR_OK, "CKR_OK"},
        {CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR"},
        {CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED"},
        {CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD"},
        {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR"},
        {CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED"},
        {CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID"},
        {CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT"},
        {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID"},
        {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
        {CKR_PIN_INVALID, "CKR_PIN_INVALID"},
        {CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE"},
        {CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED"},
        {CKR_PIN_LOCKED, "CKR_PIN_LOCKED"},
        {CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED"},
        {CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"},
        {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"},
        {CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED"},
        {CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"},
        {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
        {CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED"},
        {CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL"},
        {CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED"},
        {CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID"},
        {CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED"},
        {CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE"},
    };
    const auto it = names.find(rv);
    if (it != names.end()) return it->second;
    char buf[32];
    std::snprintf(buf, sizeof buf, "CKR 0x%lx", rv);
    return buf;
}

void checkRv(CK_RV rv, const std::string& what) {
    if (rv == CKR_OK) return;
    using C = SigningError::Code;
    C code = C::TokenFailure;
    switch (rv) {
        case CKR_TOKEN_NOT_PRESENT:
        case CKR_DEVICE_REMOVED:
        case CKR_DEVICE_ERROR:
        case CKR_SESSION_CLOSED:
        case CKR_SESSION_HANDLE_INVALID:
        case CKR_SLOT_ID_INVALID:
            code = C::TokenRemoved;
            break;
        case CKR_PIN_INCORRECT:
            code = C::PinIncorrect;
            break;
        case CKR_PIN_LOCKED:
            code = C::PinLocked;
            break;
        case CKR_PIN_INVALID:
        case CKR_PIN_LEN_RANGE:
        case CKR_PIN_EXPIRED:
            code = C::PinInvalid;
            break;
        case CKR_MECHANISM_INVALID:
            code = C::MechanismUnsupported;
            break;
        default:
            break;
    }
    if (rv == CKR_SESSION_CLOSED || rv == CKR_SESSION_HANDLE_INVALID)
        throw SigningError(code, what + ": the session with the token was lost (" + ckrName(rv) +
                                     "); nothing was signed, sign again");
    if (code == C::TokenRemoved)
        throw SigningError(
            code, what + ": the token was removed (" + ckrName(rv) + "); insert it and sign again");
    throw SigningError(code, what + ": " + ckrName(rv));
}

std::string trimField(const unsigned char* field, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(field), size);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
}

PinStatus pinStatusFromFlags(CK_FLAGS flags) {
    PinStatus s;
    s.countLow = flags & CKF_USER_PIN_COUNT_LOW;
    s.finalTry = flags & CKF_USER_PIN_FINAL_TRY;
    s.locked = flags & CKF_USER_PIN_LOCKED;
    s.toBeChanged = flags & CKF_USER_PIN_TO_BE_CHANGED;
    return s;
}

TokenInfo tokenInfoFrom(const CK_TOKEN_INFO& info) {
    TokenInfo t;
    t.label = trimField(info.label, sizeof info.label);
    t.manufacturer = trimField(info.manufacturerID, sizeof info.manufacturerID);
    t.model = trimField(info.model, sizeof info.model);
    t.serial = trimField(info.serialNumber, sizeof info.serialNumber);
    t.pin = pinStatusFromFlags(info.flags);
    t.loginRequired = info.flags & CKF_LOGIN_REQUIRED;
    t.protectedAuthPath = info.flags & CKF_PROTECTED_AUTHENTICATION_PATH;
    t.initialized = info.flags & CKF_TOKEN_INITIALIZED;
    return t;
}

std::string getAttribute(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                         CK_ATTRIBUTE_TYPE type) {
    CK_ATTRIBUTE attr{type, nullptr, 0};
    if (fn->C_GetAttributeValue(session, object, &attr, 1) != CKR_OK) return {};
    if (attr.ulValueLen == static_cast<unsigned long>(-1) || attr.ulValueLen == 0) return {};
    std::string value(attr.ulValueLen, '\0');
    attr.pValue = value.data();
    checkRv(fn->C_GetAttributeValue(session, object, &attr, 1), "reading an object attribute");
    value.resize(attr.ulValueLen);
    return value;
}

std::vector<CK_OBJECT_HANDLE> findObjects(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session,
                                          std::vector<CK_ATTRIBUTE>& templ) {
    checkRv(fn->C_FindObjectsInit(session, templ.data(), templ.size()), "searching the token");
    std::vector<CK_OBJECT_HANDLE> out;
    CK_OBJECT_HANDLE batch[32];
    CK_ULONG n = 0;
    CK_RV rv;
    while ((rv = fn->C_FindObjects(session, batch, 32, &n)) == CKR_OK && n > 0)
        out.insert(out.end(), batch, batch + n);
    fn->C_FindObjectsFinal(session);
    checkRv(rv, "searching the token");
    return out;
}

std::vector<CertificateInfo> tokenCertificates(CK_FUNCTION_LIST* fn, CK_SESSION_HANDLE session) {
    CK_OBJECT_CLASS certClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    std::vector<CK_ATTRIBUTE> templ{{CKA_CLASS, &certClass, sizeof certClass},
                                    {CKA_CERTIFICATE_TYPE, &x509, sizeof x509}};
    std::vector<CertificateInfo> out;
    for (const CK_OBJECT_HANDLE object : findObjects(fn, session, templ)) {
        const std::string der = getAttribute(fn, session, object, CKA_VALUE);
        if (der.empty()) continue;
        CertificateInfo info;
        try {
            info = describeCertificate(der);
        } catch (const SigningError&) {
            continue;  // a malformed certificate object is not ours to fix; list the others
        }
        std::string id = getAttribute(fn, session, object, CKA_ID);
        info.idHex = toHex(id);
        info.label = getAttribute(fn, session, object, CKA_LABEL);
        if (!id.empty()) {
            CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
            std::vector<CK_ATTRIBUTE> keyTempl{{CKA_CLASS, &keyClass, sizeof keyClass},
                                               {CKA_ID, id.data(), id.size()}};
            info.hasPrivateKey = !findObjects(fn, session, keyTempl).empty();
        }
        out.push_back(std::move(info));
    }
    return out;
}

}  // namespace motcua::signing::detail
