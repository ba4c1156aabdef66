// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/signing/pades.h"

#include <cstdio>
#include <ctime>

#include "motcua/files/files.h"
#include "appearance.h"
#include "motcua/signing/cms.h"
#include "ossl.h"
#include "pdf_update.h"

namespace motcua::signing {

using namespace detail;

namespace {

/// Refuses a signer certificate that is expired or not yet valid at the signing time.
void checkValidity(const CertificateInfo& cert, std::chrono::system_clock::time_point when) {
    const X509Ptr x509 = parseDer(cert.der);
    std::time_t t = std::chrono::system_clock::to_time_t(when);
    if (X509_cmp_time(X509_get0_notAfter(x509.get()), &t) < 0)
        throw SigningError(SigningError::Code::CertificateInvalid,
                           "the certificate of " + cert.commonName + " expired on " +
                               cert.notAfter + "; it can no longer sign (renew it with the CA)");
    if (X509_cmp_time(X509_get0_notBefore(x509.get()), &t) > 0)
        throw SigningError(
            SigningError::Code::CertificateInvalid,
            "the certificate of " + cert.commonName + " is not valid before " + cert.notBefore);
}

}  // namespace

std::string signPdf(const std::string& pdf, Signer& signer, const PdfSignOptions& options) {
    checkValidity(signer.certificate(), options.signingTime);
    SignatureFieldSpec spec;
    spec.reason = options.reason;
    spec.location = options.location;
    spec.signerName = signer.certificate().commonName;
    spec.pdfDate = pdfDate(options.signingTime);
    spec.reserveBytes = options.reserveBytes;
    spec.page = options.page;
    if (const auto& v = options.visible) {
        spec.appearancePdf = renderAppearancePdf(*v, signer.certificate().commonName,
                                                 isoVietnamTime(options.signingTime));
        spec.page = v->topRight ? 1 : v->page;
        spec.x = v->x;
        spec.y = v->y;
        spec.width = v->width;
        spec.height = v->height;
        spec.topRight = v->topRight;
    }
    PreparedUpdate update = prepareSignatureUpdate(pdf, spec);
    fillByteRange(update);
    // No CMS signing-time: PAdES baseline forbids it; the claimed time is /M.
    const std::string cms = buildCadesDetached(signer, byteRangeSha256(update), std::nullopt);
    fillContents(update, cms, options.reserveBytes);
    return std::move(update.bytes);
}

void signPdfFile(const std::string& in, const std::string& out, Signer& signer,
                 const PdfSignOptions& options) {
    const auto io = SigningError::Code::Io;
    const std::string pdf = files::rethrowAs<SigningError>(io, [&] { return files::readFile(in); });
    const std::string signedPdf = signPdf(pdf, signer, options);
    files::rethrowAs<SigningError>(io, [&] { files::writeFileAtomically(out, signedPdf); });
}

std::size_t signPdfBatch(const std::vector<BatchItem>& items, Signer& signer,
                         const PdfSignOptions& options, const BatchProgress& progress) {
    std::size_t done = 0;
    for (const auto& item : items) {
        try {
            signPdfFile(item.in, item.out, signer, options);
        } catch (const SigningError& e) {
            // Name the document: the officer must know which ones are signed and which are not.
            throw SigningError(e.code(), item.in + " (document " + std::to_string(done + 1) +
                                             " of " + std::to_string(items.size()) +
                                             ", not signed): " + e.what() + "; " +
                                             std::to_string(done) + " signed before it");
        }
        ++done;
        if (progress && !progress(done, items.size())) break;
    }
    return done;
}

}  // namespace motcua::signing
