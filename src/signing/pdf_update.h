// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The incremental update that adds one signature field to a PDF (internal header).
#pragma once

#include <cstddef>
#include <string>

namespace motcua::signing::detail {

struct SignatureFieldSpec {
    std::string reason;
    std::string location;
    std::string signerName;
    std::string pdfDate;           ///< /M
    std::size_t reserveBytes = 0;  ///< room for the CMS DER in /Contents
    int page = 1;                  ///< the page the widget belongs to
    /// Visible: a one-page PDF drawn for the widget (its page becomes /AP /N) and where it goes.
    std::string appearancePdf;
    double x = 0, y = 0, width = 0, height = 0;
    bool topRight = false;  ///< x, y from the page's top right corner (36 pt margins)
    /// A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): /Contents holds
    /// an RFC 3161 TimeStampToken, not a CMS signature; no /M, /Name, /Reason, /Location.
    bool documentTimestamp = false;
};

/// The original bytes followed by the update; /ByteRange and /Contents still placeholders.
struct PreparedUpdate {
    std::string bytes;
    std::size_t contentsOffset = 0;   ///< the '<' of /Contents
    std::size_t contentsLength = 0;   ///< including '<' and '>'
    std::size_t byteRangeOffset = 0;  ///< just after '[' of /ByteRange
    std::size_t byteRangeLength = 0;  ///< up to, not including, ']'
};

/// Parses `original` with qpdf (refusing encrypted or damaged files with SigningError) and
/// appends a signature dictionary, its widget, the changed page/AcroForm/catalog objects and a
/// cross-reference section of the same kind as the last one (table or stream).
PreparedUpdate prepareSignatureUpdate(const std::string& original, const SignatureFieldSpec& spec);

/// Writes the final /ByteRange (everything but /Contents) into the prepared update.
void fillByteRange(PreparedUpdate& update);

/// The SHA-256 of the bytes the filled /ByteRange names.
std::string byteRangeSha256(const PreparedUpdate& update);

/// Writes `der` as hex into the reserved /Contents; SignatureTooLarge when it does not fit.
void fillContents(PreparedUpdate& update, const std::string& der, std::size_t reserveBytes);

/// A PDF text string: literal when ASCII, else UTF-16BE with a byte-order mark, as hex.
std::string pdfTextString(const std::string& utf8);

}  // namespace motcua::signing::detail
