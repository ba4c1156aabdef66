// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "motcua/signing/signer.h"

namespace motcua::signing {

/// A detached CMS SignedData (DER) over content whose SHA-256 is `contentDigest`: signed
/// attributes content-type, message-digest, signing-certificate-v2 and, when given, signing-time;
/// the signer's certificate and the intermediates of its chain embedded (each once; a
/// self-signed root is left out, as verifiers take it from their own trust anchors). The
/// signature value comes from `signer`.
/// PAdES passes no signing time (EN 319 142-1 puts it in /M instead).
std::string buildCadesDetached(Signer& signer, std::string_view contentDigest,
                               std::optional<std::chrono::system_clock::time_point> signingTime);

/// CAdES-B detached signature of a whole file's bytes (for non-PDF attachments).
std::string signCmsDetached(Signer& signer, std::string_view content,
                            std::chrono::system_clock::time_point when);

}  // namespace motcua::signing
