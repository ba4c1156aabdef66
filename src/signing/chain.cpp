// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "chain.h"

#include <set>

#include "ossl.h"

namespace motcua::signing::detail {

namespace {

/// Far beyond any real path (VGCA's is three deep): only a loop of cross-certificates gets here.
constexpr std::size_t kMaxDepth = 16;

/// `issuer` issued `cert`: names and key identifiers match, its key usage allows certificate
/// signing, and its key verifies the signature (a re-keyed CA keeps its name).
bool issued(X509* issuer, X509* cert) {
    const bool ok = X509_check_issued(issuer, cert) == X509_V_OK &&
                    X509_verify(cert, X509_get0_pubkey(issuer)) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace

bool isSelfSigned(const std::string& der) {
    const X509Ptr cert = parseDer(der);
    const bool self = X509_self_signed(cert.get(), 0) == 1;
    ERR_clear_error();
    return self;
}

std::vector<std::string> issuerChain(const std::string& leafDer,
                                     const std::vector<std::string>& candidatesDer) {
    struct Candidate {
        std::string der;
        X509Ptr cert;
    };
    std::vector<Candidate> pool;
    std::set<std::string> seen{leafDer};
    for (const auto& der : candidatesDer) {
        if (!seen.insert(der).second) continue;  // on the token and in a CA file: one candidate
        X509Ptr cert = parseDer(der);
        if (X509_check_ca(cert.get()) > 0) pool.push_back({der, std::move(cert)});
    }
    std::vector<std::string> chain;
    std::set<const Candidate*> used;
    X509Ptr leaf = parseDer(leafDer);
    X509* current = leaf.get();
    while (chain.size() < kMaxDepth && X509_self_signed(current, 0) != 1) {
        const Candidate* next = nullptr;
        for (const auto& c : pool)
            if (!used.count(&c) && issued(c.cert.get(), current)) {
                next = &c;
                break;
            }
        if (!next) break;
        used.insert(next);
        chain.push_back(next->der);
        current = next->cert.get();
    }
    ERR_clear_error();
    return chain;
}

}  // namespace motcua::signing::detail
