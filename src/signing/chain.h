// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Building a signer's certificate path from the CA certificates at hand (internal header).
#pragma once

#include <string>
#include <vector>

namespace motcua::signing::detail {

/// The issuers of `leafDer` found among `candidatesDer` (DER certificates: the token's and the
/// ward's CA files'), nearest first, each once. A candidate is taken only if it is a CA and its
/// key verifies the certificate below it. Stops at a self-signed certificate (included), when
/// no issuer is found, or after a depth no real path reaches, so a cross-certified loop ends.
/// Candidates that are not CAs are ignored; throws SigningError(Crypto) for an unparsable one.
std::vector<std::string> issuerChain(const std::string& leafDer,
                                     const std::vector<std::string>& candidatesDer);

/// True when `der` is a self-signed certificate (a root): embedding it helps no verifier.
bool isSelfSigned(const std::string& der);

}  // namespace motcua::signing::detail
