// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Who works at the desk: local accounts, server accounts kept for offline sign-in, the officer
// signed in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "motcua/store/sync_types.h"

namespace motcua::store {

class Store;

/// A Store's accounts (`store.accounts()`). Every sign-in attempt is audited, never a password;
/// passwords passed in are wiped here. Use from the Store's thread only.
class Accounts {
public:
    explicit Accounts(Store& store) : m_store(store) {}

    /// Adds a local account for an officer; the password is wiped from `password` here.
    /// Throws StoreError(NotAllowed) for a name already taken, core Error(InvalidArgument) for
    /// an empty name or a password shorter than 6 characters.
    void add(const std::string& name, std::string password);
    std::vector<std::string> localNames();  ///< the local accounts, by name
    /// Changes a local account's password when `current` is right (false when it is not).
    /// Audited either way, never the passwords, which are wiped here. Throws core
    /// Error(InvalidArgument) for a new password shorter than 6 characters.
    bool changePassword(const std::string& name, std::string current, std::string next);
    /// Checks the password and, when it matches, makes the officer the one at the desk. Every
    /// attempt is audited (never the password). The password is wiped from `password`.
    bool signIn(const std::string& name, std::string password);
    /// Makes `officerName` the one at the desk, without a password (audited).
    void setOfficer(const std::string& officerName);

    /// After an online login: keeps the account and a verifier of the password (wiped here) so
    /// the person can sign in at this desk while offline.
    void rememberServerLogin(const WardAccount& account, std::string password);
    /// Offline sign-in against the verifier saved at the last online login; on success the
    /// person becomes the officer at the desk. Audited either way; the password is wiped.
    std::optional<WardAccount> signInOffline(const std::string& username, std::string password);
    std::vector<WardAccount> wardAccounts();

private:
    Store& m_store;
};

}  // namespace motcua::store
