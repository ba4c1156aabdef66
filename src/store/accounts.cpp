// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Local accounts, server accounts kept for offline sign-in, and who is signed in at the desk.
#include <nlohmann/json.hpp>

#include "motcua/core/error.h"
#include "motcua/core/password_hash.h"
#include "motcua/core/role.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

void Accounts::setOfficer(const std::string& officerName) {
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    setSetting(db, "officer_name", composeVietnamese(officerName));
    setSetting(db, kOfficerUsernameKey, "");
    appendAudit(
        db, {implOf(m_store).nowIso(), officerName, "officer.sign_in", std::nullopt, ward.unitCode,
             std::nullopt, std::nullopt, json{{"previous", ward.officerName}}.dump()});
    tx.commit();
}

void Accounts::add(const std::string& name, std::string password) {
    const std::string officer = composeVietnamese(trim(name));
    const bool tooShort = password.size() < 6;
    const std::string verifier = tooShort ? std::string() : makePasswordVerifier(password);
    wipe(password);
    if (officer.empty()) throw Error(Errc::InvalidArgument, "the officer's name is empty");
    if (tooShort) throw Error(Errc::InvalidArgument, "a password needs at least 6 characters");
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    Statement exists(db, "SELECT 1 FROM local_accounts WHERE name = ?");
    exists.bind(1, officer);
    if (exists.step())
        throw StoreError(StoreError::Code::NotAllowed,
                         "there is already an account for " + officer);
    Statement add(db, "INSERT INTO local_accounts (name, verifier, created_at) VALUES (?, ?, ?)");
    add.bind(1, officer).bind(2, verifier).bind(3, implOf(m_store).nowIso()).run();
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "account.add", std::nullopt,
                     officer, std::nullopt, std::nullopt, "{}"});
    tx.commit();
}

std::vector<std::string> Accounts::localNames() {
    std::vector<std::string> names;
    Statement st(implOf(m_store).db, "SELECT name FROM local_accounts ORDER BY name");
    while (st.step()) names.push_back(st.getText(0));
    return names;
}

bool Accounts::changePassword(const std::string& name, std::string current, std::string next) {
    const std::string officer = composeVietnamese(trim(name));
    struct Wipe {
        std::string& a;
        std::string& b;
        ~Wipe() {
            wipe(a);
            wipe(b);
        }
    } wipeBoth{current, next};
    if (next.size() < 6)
        throw Error(Errc::InvalidArgument, "a password needs at least 6 characters");
    std::string verifier;
    {
        Statement st(implOf(m_store).db, "SELECT verifier FROM local_accounts WHERE name = ?");
        st.bind(1, officer);
        if (st.step()) verifier = st.getText(0);
    }
    const bool ok = !verifier.empty() && checkPassword(current, verifier);
    const std::string replacement = ok ? makePasswordVerifier(next) : std::string();
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    if (ok) {
        Statement set(db, "UPDATE local_accounts SET verifier = ? WHERE name = ?");
        set.bind(1, replacement).bind(2, officer).run();
    }
    appendAudit(db, {implOf(m_store).nowIso(), officer,
                     ok ? "account.password_changed" : "account.password_change_refused",
                     std::nullopt, officer, std::nullopt, std::nullopt, "{}"});
    tx.commit();
    return ok;
}

bool Accounts::signIn(const std::string& name, std::string password) {
    const std::string officer = composeVietnamese(trim(name));
    std::string verifier;
    {
        Statement st(implOf(m_store).db, "SELECT verifier FROM local_accounts WHERE name = ?");
        st.bind(1, officer);
        if (st.step()) verifier = st.getText(0);
    }
    // An unknown name costs the same hashing as a wrong password: it is checked against a
    // verifier made once, with the same iterations, that no password matches in practice.
    static const std::string unknownName = makePasswordVerifier("-");
    const bool ok =
        checkPassword(password, verifier.empty() ? unknownName : verifier) && !verifier.empty();
    wipe(password);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    if (ok) {
        setSetting(db, "officer_name", officer);
        setSetting(db, kOfficerUsernameKey, "");
    }
    appendAudit(db, {implOf(m_store).nowIso(), officer,
                     ok ? "officer.sign_in" : "officer.sign_in_failed", std::nullopt, ward.unitCode,
                     std::nullopt, std::nullopt, json{{"previous", ward.officerName}}.dump()});
    tx.commit();
    return ok;
}

void Accounts::rememberServerLogin(const WardAccount& account, std::string password) {
    const std::string verifier = makePasswordVerifier(password);
    wipe(password);
    if (account.username.empty()) throw Error(Errc::InvalidArgument, "the username is empty");
    if (!isDeskRoleName(account.role))
        throw Error(Errc::InvalidArgument, "unknown role " + account.role);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    Statement st(
        db,
        "INSERT INTO ward_accounts (username, full_name, role, ward, verifier, updated_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(username) DO UPDATE SET full_name = excluded.full_name, "
        "role = excluded.role, ward = excluded.ward, verifier = excluded.verifier, "
        "updated_at = excluded.updated_at");
    st.bind(1, account.username).bind(2, composeVietnamese(account.fullName)).bind(3, account.role);
    st.bind(4, account.ward).bind(5, verifier).bind(6, implOf(m_store).nowIso()).run();
    appendAudit(db, {implOf(m_store).nowIso(), account.fullName, "account.online_login",
                     std::nullopt, account.username, std::nullopt, std::nullopt,
                     json{{"role", account.role}, {"ward", account.ward}}.dump()});
    tx.commit();
    (void)ward;
}

std::optional<WardAccount> Accounts::signInOffline(const std::string& username,
                                                   std::string password) {
    auto& db = implOf(m_store).db;
    std::optional<WardAccount> account;
    std::string verifier;
    {
        Statement st(db,
                     "SELECT username, full_name, role, ward, verifier FROM ward_accounts WHERE "
                     "username = ?");
        st.bind(1, std::string(trim(username)));
        if (st.step() && !st.isNull(4)) {
            account = WardAccount{st.getText(0), st.getText(1), st.getText(2), st.getText(3), true};
            verifier = st.getText(4);
        }
    }
    // As for local accounts: an unknown name costs one hash, like a wrong password.
    static const std::string unknownName = makePasswordVerifier("-");
    const bool ok =
        checkPassword(password, verifier.empty() ? unknownName : verifier) && account.has_value();
    wipe(password);
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    if (ok) {
        setSetting(db, "officer_name", account->fullName);
        setSetting(db, kOfficerUsernameKey, account->username);
    }
    appendAudit(
        db, {implOf(m_store).nowIso(), ok ? account->fullName : std::string(trim(username)),
             ok ? "officer.sign_in_offline" : "officer.sign_in_failed", std::nullopt, ward.unitCode,
             std::nullopt, std::nullopt, json{{"username", std::string(trim(username))}}.dump()});
    tx.commit();
    if (!ok) return std::nullopt;
    return account;
}

std::vector<WardAccount> Accounts::wardAccounts() {
    Statement st(implOf(m_store).db,
                 "SELECT username, full_name, role, ward, verifier IS NOT NULL FROM ward_accounts "
                 "ORDER BY username");
    std::vector<WardAccount> accounts;
    while (st.step())
        accounts.push_back(
            {st.getText(0), st.getText(1), st.getText(2), st.getText(3), st.getInt(4) != 0});
    return accounts;
}

}  // namespace motcua::store
