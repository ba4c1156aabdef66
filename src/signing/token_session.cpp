// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Login and signing on one token session.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "chain.h"
#include "ossl.h"
#include "p11_internal.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#pragma GCC diagnostic pop

namespace motcua::signing {

using namespace detail;

std::string describePinStatus(const PinStatus& s) {
    if (s.locked)
        return "the user PIN is locked; it must be unblocked with the SO PIN or by the CA";
    if (s.finalTry) return "one more wrong PIN locks the token";
    std::string out;
    if (s.countLow) out = "a wrong PIN was entered since the last good one; few tries remain";
    if (s.toBeChanged) out += std::string(out.empty() ? "" : "; ") + "the PIN must be changed";
    return out;
}

void wipeSecret(std::string& secret) {
    OPENSSL_cleanse(secret.data(), secret.size());
    secret.clear();
}

TokenSession::Impl::~Impl() {
    module->fn->C_CloseSession(handle);
}

TokenSession::TokenSession(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TokenSession::~TokenSession() = default;
TokenSession::TokenSession(TokenSession&&) noexcept = default;
TokenSession& TokenSession::operator=(TokenSession&&) noexcept = default;

TokenInfo TokenSession::token() const {
    CK_TOKEN_INFO ti{};
    checkRv(m_impl->fn()->C_GetTokenInfo(m_impl->slot, &ti), "reading the token");
    return tokenInfoFrom(ti);
}

namespace {

/// Wipes a PIN whatever way the scope is left.
struct PinWipe {
    std::string& pin;
    ~PinWipe() { wipeSecret(pin); }
};

void loginAs(TokenSession::Impl& s, CK_USER_TYPE user, std::string* pin) {
    CK_TOKEN_INFO before{};
    checkRv(s.fn()->C_GetTokenInfo(s.slot, &before), "reading the token");
    if (before.flags & CKF_USER_PIN_LOCKED)
        throw SigningError(SigningError::Code::PinLocked,
                           "token '" + trimField(before.label, 32) +
                               "': " + describePinStatus(pinStatusFromFlags(before.flags)));
    auto* data = pin ? reinterpret_cast<unsigned char*>(pin->data()) : nullptr;
    const CK_RV rv = s.fn()->C_Login(s.handle, user, data, pin ? pin->size() : 0);
    if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) return;
    if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED) {
        // What the token says is left, read after the failed attempt; never retried here.
        CK_TOKEN_INFO after{};
        s.fn()->C_GetTokenInfo(s.slot, &after);
        const PinStatus status = pinStatusFromFlags(after.flags);
        const std::string left = describePinStatus(status);
        if (status.locked || rv == CKR_PIN_LOCKED)
            throw SigningError(SigningError::Code::PinLocked,
                               "wrong PIN: " + describePinStatus(PinStatus{.locked = true}));
        throw SigningError(SigningError::Code::PinIncorrect,
                           "wrong PIN (" + ckrName(rv) + ")" + (left.empty() ? "" : ": " + left));
    }
    checkRv(rv, "login");
}

}  // namespace

void TokenSession::login(std::string& pin) {
    const PinWipe wipe{pin};
    loginAs(*m_impl, CKU_USER, &pin);
}

void TokenSession::loginProtected() {
    loginAs(*m_impl, CKU_USER, nullptr);
}

std::vector<CertificateInfo> TokenSession::certificates() const {
    return tokenCertificates(m_impl->fn(), m_impl->handle);
}

namespace {

constexpr unsigned char kSha256DigestInfoPrefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                     0x01, 0x05, 0x00, 0x04, 0x20};

class TokenSigner final : public Signer {
public:
    TokenSigner(std::shared_ptr<TokenSession::Impl> session, CK_OBJECT_HANDLE key,
                CertificateInfo cert, std::vector<std::string> chain, CK_MECHANISM_TYPE mechanism,
                bool alwaysAuthenticate, PinProvider pin, bool pinPad)
        : m_session(std::move(session)),
          m_key(key),
          m_cert(std::move(cert)),
          m_chain(std::move(chain)),
          m_mechanism(mechanism),
          m_alwaysAuthenticate(alwaysAuthenticate),
          m_pin(std::move(pin)),
          m_pinPad(pinPad) {}

    const CertificateInfo& certificate() const override { return m_cert; }
    std::vector<std::string> chain() const override { return m_chain; }

    std::string sign(std::string_view message) override {
        std::string input;
        if (m_mechanism == CKM_SHA256_RSA_PKCS) {
            input = std::string(message);
        } else if (m_mechanism == CKM_RSA_PKCS) {
            input.assign(reinterpret_cast<const char*>(kSha256DigestInfoPrefix),
                         sizeof kSha256DigestInfoPrefix);
            input += sha256(message);
        } else {
            input = sha256(message);
        }
        if (m_alwaysAuthenticate && !m_pin && !m_pinPad)
            throw SigningError(SigningError::Code::PinInvalid,
                               "the key needs its PIN for each signature");
        CK_FUNCTION_LIST* fn = m_session->fn();
        CK_MECHANISM mech{m_mechanism, nullptr, 0};
        checkRv(fn->C_SignInit(m_session->handle, &mech, m_key), "starting the signature");
        // One call with a buffer large enough for RSA-16384: some modules mishandle the
        // length query on keys that need a context-specific login.
        std::string out(2048, '\0');
        CK_ULONG len = out.size();
        auto* data = reinterpret_cast<unsigned char*>(input.data());
        if (m_alwaysAuthenticate) {
            // The key demands its PIN for this very signature (CKA_ALWAYS_AUTHENTICATE).
            try {
                if (m_pin) {
                    std::string pin = m_pin();
                    const PinWipe wipe{pin};
                    loginAs(*m_session, CKU_CONTEXT_SPECIFIC, &pin);
                } else {
                    loginAs(*m_session, CKU_CONTEXT_SPECIFIC, nullptr);
                }
            } catch (const SigningError&) {
                // A C_Sign with a buffer ends the pending operation (it fails: no login), so
                // the session can start the next signature.
                fn->C_Sign(m_session->handle, data, input.size(),
                           reinterpret_cast<unsigned char*>(out.data()), &len);
                throw;
            }
        }
        checkRv(fn->C_Sign(m_session->handle, data, input.size(),
                           reinterpret_cast<unsigned char*>(out.data()), &len),
                "signing on the token");
        out.resize(len);
        return m_mechanism == CKM_ECDSA ? derEcdsa(out) : out;
    }

private:
    /// PKCS#11 gives r||s; CMS wants ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }.
    static std::string derEcdsa(const std::string& raw) {
        if (raw.empty() || raw.size() % 2)
            throw SigningError(SigningError::Code::Crypto, "malformed ECDSA signature");
        const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
        const int half = static_cast<int>(raw.size() / 2);
        ECDSA_SIG* sig = ECDSA_SIG_new();
        BIGNUM* r = BN_bin2bn(p, half, nullptr);
        BIGNUM* s = BN_bin2bn(p + half, half, nullptr);
        if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(sig);
            throwCrypto("cannot encode the ECDSA signature");
        }
        unsigned char* der = nullptr;
        const int n = i2d_ECDSA_SIG(sig, &der);
        ECDSA_SIG_free(sig);
        if (n <= 0) throwCrypto("cannot encode the ECDSA signature");
        std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
        OPENSSL_free(der);
        return out;
    }

    std::shared_ptr<TokenSession::Impl> m_session;
    CK_OBJECT_HANDLE m_key;
    CertificateInfo m_cert;
    std::vector<std::string> m_chain;
    CK_MECHANISM_TYPE m_mechanism;
    bool m_alwaysAuthenticate;
    PinProvider m_pin;
    bool m_pinPad;  ///< no PIN provider: the per-signature login goes through the reader
};

}  // namespace

std::unique_ptr<Signer> TokenSession::signer(const std::string& keyIdHex, PinProvider contextPin,
                                             const std::vector<std::string>& caPemFiles) {
    CK_FUNCTION_LIST* fn = m_impl->fn();
    const std::vector<CertificateInfo> certs = certificates();
    std::vector<const CertificateInfo*> candidates;
    for (const auto& c : certs)
        if (c.hasPrivateKey &&
            (keyIdHex.empty() ||
             std::equal(c.idHex.begin(), c.idHex.end(), keyIdHex.begin(), keyIdHex.end(),
                        [](char a, char b) { return std::toupper(a) == std::toupper(b); })))
            candidates.push_back(&c);
    if (candidates.empty())
        throw SigningError(
            SigningError::Code::KeyNotFound,
            keyIdHex.empty()
                ? "no private key with a certificate on the token (is the user logged in?)"
                : "no private key with a certificate has CKA_ID " + keyIdHex);
    if (candidates.size() > 1) {
        std::string ids;
        for (const auto* c : candidates)
            ids += (ids.empty() ? "" : ", ") + c->idHex + " (" + c->commonName + ")";
        throw SigningError(SigningError::Code::KeyNotFound,
                           "several signing keys on the token; choose by key id: " + ids);
    }
    const CertificateInfo& cert = *candidates.front();

    std::string id = fromHex(cert.idHex);
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    std::vector<CK_ATTRIBUTE> templ{{CKA_CLASS, &keyClass, sizeof keyClass},
                                    {CKA_ID, id.data(), id.size()}};
    const auto keys = findObjects(fn, m_impl->handle, templ);
    if (keys.empty())
        throw SigningError(SigningError::Code::KeyNotFound,
                           "the private key " + cert.idHex + " vanished");
    const CK_OBJECT_HANDLE key = keys.front();

    const std::string keyTypeBytes = getAttribute(fn, m_impl->handle, key, CKA_KEY_TYPE);
    CK_KEY_TYPE keyType = cert.keyType == KeyType::Rsa ? CKK_RSA : CKK_EC;
    if (keyTypeBytes.size() == sizeof(CK_KEY_TYPE))
        std::memcpy(&keyType, keyTypeBytes.data(), sizeof keyType);
    const std::string always = getAttribute(fn, m_impl->handle, key, CKA_ALWAYS_AUTHENTICATE);
    const bool alwaysAuthenticate = !always.empty() && always[0] != 0;

    CK_ULONG count = 0;
    checkRv(fn->C_GetMechanismList(m_impl->slot, nullptr, &count), "listing mechanisms");
    std::vector<CK_MECHANISM_TYPE> mechs(count);
    if (count)
        checkRv(fn->C_GetMechanismList(m_impl->slot, mechs.data(), &count), "listing mechanisms");
    auto has = [&](CK_MECHANISM_TYPE m) {
        return std::find(mechs.begin(), mechs.end(), m) != mechs.end();
    };
    CK_MECHANISM_TYPE mechanism = 0;
    if (keyType == CKK_RSA) {
        if (has(CKM_SHA256_RSA_PKCS))
            mechanism = CKM_SHA256_RSA_PKCS;
        else if (has(CKM_RSA_PKCS))
            mechanism = CKM_RSA_PKCS;
    } else if (keyType == CKK_EC) {
        if (has(CKM_ECDSA)) mechanism = CKM_ECDSA;
    }
    if (!mechanism)
        throw SigningError(SigningError::Code::MechanismUnsupported,
                           "the token offers no mechanism we sign with for key " + cert.idHex);
    CK_TOKEN_INFO ti{};
    checkRv(fn->C_GetTokenInfo(m_impl->slot, &ti), "reading the token");
    const bool pinPad = ti.flags & CKF_PROTECTED_AUTHENTICATION_PATH;
    // The path from the token's CA certificates and the ward's CA files: a token often holds
    // only its own certificate, and a verifier holding just the root needs the intermediates.
    std::vector<std::string> cas;
    for (const auto& c : certs)
        if (c.isCa) cas.push_back(c.der);
    for (const auto& path : caPemFiles)
        for (auto& der : readPemCertificates(path)) cas.push_back(std::move(der));
    return std::make_unique<TokenSigner>(m_impl, key, cert, issuerChain(cert.der, cas), mechanism,
                                         alwaysAuthenticate, std::move(contextPin), pinPad);
}

}  // namespace motcua::signing
