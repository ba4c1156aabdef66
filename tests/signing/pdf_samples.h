// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Small PDFs for the signing tests, written byte by byte so every structure is known.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace motcua::test {

/// A two-page PDF with a classic xref table; with `acroForm`, page 1 carries a filled text
/// field listed in an existing /AcroForm (signing must keep it).
inline std::string makeClassicPdf(bool acroForm) {
    const std::string content = "BT /F1 24 Tf 72 760 Td (MotCua Desk signing test) Tj ET\n";
    std::vector<std::string> objects{
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
    std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f\r\n";
    for (const std::size_t off : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", off);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> "
           "<0123456789ABCDEF0123456789ABCDEF>] >>\n"
           "startxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

}  // namespace motcua::test
