// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Small PDFs for the signing tests, written byte by byte so every structure is known.
#pragma once

#include <string>
#include <vector>

#include "support/minimal_pdf.h"

namespace motcua::test {

/// A two-page PDF with a classic xref table; with `acroForm`, page 1 carries a filled text
/// field listed in an existing /AcroForm (signing must keep it).
inline std::string makeClassicPdf(bool acroForm) {
    const std::string content = "BT /F1 24 Tf 72 760 Td (MotCua Desk signing test) Tj ET\n";
    const std::vector<std::string> objects{
        std::string("<< /Type /Catalog /Pages 2 0 R") + (acroForm ? " /AcroForm 6 0 R" : "") +
            " >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        std::string("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
                    " /Resources << /Font << /F1 7 0 R >> >>") +
            (acroForm ? " /Annots [8 0 R]" : "") + " >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font "
        "<< /F1 7 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Fields [8 0 R] /DA (/F1 0 Tf 0 g) >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Annot /Subtype /Widget /FT /Tx /T (applicant) /V (Le Van C) /Rect [72 700 300 "
        "720] /P 3 0 R >>",
    };
    return pdfOfObjects(objects, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
                        " /ID [<0123456789ABCDEF0123456789ABCDEF> "
                        "<0123456789ABCDEF0123456789ABCDEF>]");
}

}  // namespace motcua::test
