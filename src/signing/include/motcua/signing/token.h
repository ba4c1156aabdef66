// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signer.h"

namespace motcua::signing {

/// The user-PIN counter flags a token reports; shown before the officer types the PIN.
struct PinStatus {
    bool countLow = false;  ///< at least one wrong PIN since the last good one
    bool finalTry = false;  ///< one more wrong PIN locks the token
    bool locked = false;
    bool toBeChanged = false;
};
/// Vietnamese-desk wording of the flags, empty when none is set.
std::string describePinStatus(const PinStatus& status);

struct TokenInfo {
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string serial;
    PinStatus pin;
    bool loginRequired = true;
    bool protectedAuthPath = false;  ///< the reader has a PIN pad
    bool initialized = true;         ///< false: a blank token (no label, no PIN, nothing on it yet)
};

struct SlotInfo {
    unsigned long id = 0;
    std::string description;
    std::optional<TokenInfo> token;  ///< empty: no token in the slot
    std::vector<CertificateInfo> certificates;
};

struct ModuleInfo {
    std::string path;
    std::string description;
    std::string manufacturer;
    std::vector<SlotInfo> slots;
};

/// Supplies a PIN when one is needed (login, and before each signature of a key marked
/// CKA_ALWAYS_AUTHENTICATE). The session wipes the returned string after use.
using PinProvider = std::function<std::string()>;

/// Overwrites a secret's bytes (in a way the optimiser keeps) and empties it.
void wipeSecret(std::string& secret);

class TokenSession;

/// One PKCS#11 module, loaded through p11-kit and initialised with OS locking; finalised and
/// unloaded when the last Module / TokenSession / signer referring to it is gone. Not
/// thread-safe: the desk gives each module its own thread.
class Module {
public:
    /// Loads a vendor module by path. Throws SigningError(ModuleLoad).
    static Module load(const std::string& path);
    /// The modules p11-kit has registered; a module failing to initialise is skipped and
    /// its error appended to `errors` when given.
    static std::vector<Module> loadRegistered(std::vector<std::string>* errors = nullptr);

    ~Module();
    Module(Module&&) noexcept;
    Module& operator=(Module&&) noexcept;

    const std::string& path() const;
    /// Slots, tokens and (if asked) the certificates of each token. Throws SigningError.
    ModuleInfo describe(bool withCertificates = true) const;
    /// A read-only session on the token with that label; an empty label takes the only token
    /// present. Throws SigningError(NoToken / AmbiguousToken).
    TokenSession openSession(const std::string& tokenLabel = "") const;

    struct Impl;

private:
    explicit Module(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

/// An open PKCS#11 session (closed by the destructor) on one token.
class TokenSession {
public:
    ~TokenSession();
    TokenSession(TokenSession&&) noexcept;
    TokenSession& operator=(TokenSession&&) noexcept;

    TokenInfo token() const;  ///< re-read: the PIN flags change after each attempt
    /// Logs the user in; `pin` is wiped whatever happens. Already logged in is success.
    /// A wrong PIN throws SigningError(PinIncorrect) with the remaining-tries flags; a
    /// locked token throws PinLocked without trying. Never retried here.
    void login(std::string& pin);
    /// Login through the reader's PIN pad (protected authentication path).
    void loginProtected();
    std::vector<CertificateInfo> certificates() const;
    /// A signer over the private key with CKA_ID `keyIdHex` (empty: the only key that has a
    /// certificate). `contextPin` answers the per-signature login a CKA_ALWAYS_AUTHENTICATE
    /// key demands; without one, a token with a PIN pad is asked through the reader. The signer
    /// keeps the session alive. Its chain() is the certificate's issuers found among the CA
    /// certificates on the token and in `caPemFiles` (the ward's CA files, e.g. the VGCA root
    /// and its intermediates), up to a self-signed root; signatures embed it (without the root)
    /// so a verifier holding only the root trusts them. An issuer found nowhere leaves the
    /// chain short, and signing still works. Reads the files on the calling thread. Throws
    /// SigningError(KeyNotFound), (Io / Crypto) for an unreadable CA file.
    std::unique_ptr<Signer> signer(const std::string& keyIdHex = "", PinProvider contextPin = {},
                                   const std::vector<std::string>& caPemFiles = {});

    struct Impl;

private:
    friend class Module;
    explicit TokenSession(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> m_impl;
};

}  // namespace motcua::signing
