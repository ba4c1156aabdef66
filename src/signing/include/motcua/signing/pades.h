// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "motcua/signing/signer.h"

namespace motcua::signing {

/// A visible signature as Decree 30/2020 (Appendix I) shows it, drawn in a widget's appearance
/// stream: the signer's signature image (PNG, transparent) between the title and the name, the
/// organisation's seal image (red PNG, transparent) overlapping about a third of it on its
/// left, then the signer's name and the signing time. Without any image: the text-only variant
/// for attachments (document number, signing time, signer), right-aligned.
struct VisibleSignature {
    int page = 1;
    double x = 0, y = 0, width = 0, height = 0;  ///< points, PDF user space of the page
    bool topRight = false;  ///< ignore x, y: place width x height at page 1's top right corner
    std::string signatureImagePng;  ///< path, empty: none
    std::string sealImagePng;       ///< path, empty: none
    /// The seal's real diameter in millimetres (e.g. 40): its image is drawn that size, as the
    /// stamp would print, rather than fitted to the rectangle; 0: fitted. The rectangle must
    /// hold it (InvalidInput otherwise).
    double sealDiameterMm = 0;
    std::string title;           ///< e.g. "CHỦ TỊCH" above the signature image
    std::string documentNumber;  ///< "Số: 12/QĐ-UBND" line of the text-only variant
};

struct PdfSignOptions {
    std::string reason;
    std::string location;
    std::chrono::system_clock::time_point signingTime = std::chrono::system_clock::now();
    int page = 1;                      ///< the page the signature field belongs to
    std::size_t reserveBytes = 16384;  ///< room for the CMS; chains of long certificates need more
    std::optional<VisibleSignature> visible;  ///< empty: an invisible signature
};

/// Signs a PDF (PAdES baseline B-B, /SubFilter /ETSI.CAdES.detached) by appending an
/// incremental update: the input's bytes are the first bytes of the result, unchanged, so
/// earlier signatures stay valid. A signer certificate that is not valid at the signing time is
/// refused (CertificateInvalid). Throws SigningError (PdfEncrypted, PdfDamaged, token errors).
std::string signPdf(const std::string& pdf, Signer& signer, const PdfSignOptions& options);

/// Reads `in`, signs it and writes `out` atomically (the whole file or nothing).
void signPdfFile(const std::string& in, const std::string& out, Signer& signer,
                 const PdfSignOptions& options);

}  // namespace motcua::signing

namespace motcua::signing {

struct BatchItem {
    std::string in;
    std::string out;
};
/// Told after each signed document (how many are done, of how many); returning false cancels
/// the documents not yet started.
using BatchProgress = std::function<bool(std::size_t done, std::size_t total)>;

/// Signs each input into its output (each written atomically) with one signer, so one login
/// serves the batch unless the key demands a login per signature. Stops at the first failure
/// by throwing a SigningError with that failure's code and a message naming the document and
/// how many were signed before it (the outputs already written stay, and are complete; that
/// document's and the later ones' are not written) or when `progress` asks to.
/// Returns how many documents were signed.
std::size_t signPdfBatch(const std::vector<BatchItem>& items, Signer& signer,
                         const PdfSignOptions& options, const BatchProgress& progress = {});

}  // namespace motcua::signing
