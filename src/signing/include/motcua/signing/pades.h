// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "motcua/signing/signer.h"

namespace motcua::signing {

struct PdfSignOptions {
    std::string reason;
    std::string location;
    std::chrono::system_clock::time_point signingTime = std::chrono::system_clock::now();
    int page = 1;                      ///< the page the signature field belongs to
    std::size_t reserveBytes = 16384;  ///< room for the CMS; chains of long certificates need more
};

/// Signs a PDF (PAdES baseline B-B, /SubFilter /ETSI.CAdES.detached) by appending an
/// incremental update: the input's bytes are the first bytes of the result, unchanged, so
/// earlier signatures stay valid. Throws SigningError (PdfEncrypted, PdfDamaged, token errors).
std::string signPdf(const std::string& pdf, Signer& signer, const PdfSignOptions& options);

/// Reads `in`, signs it and writes `out` atomically (the whole file or nothing).
void signPdfFile(const std::string& in, const std::string& out, Signer& signer, const PdfSignOptions& options);

}  // namespace motcua::signing
