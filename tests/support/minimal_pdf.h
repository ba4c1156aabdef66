// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Small PDFs written byte by byte, so a test knows every structure in them: the objects a test
// gives, a classic cross-reference table and the trailer.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace motcua::test {

/// A PDF of `objects`, numbered 1, 2, … in order, object 1 the catalog (the trailer's /Root).
/// `header` opens the file ("%PDF-1.7\n", perhaps a binary comment line after it);
/// `trailerEntries` go into the trailer after /Root (" /ID [<…> <…>]").
inline std::string pdfOfObjects(const std::vector<std::string>& objects,
                                const std::string& header = "%PDF-1.7\n",
                                const std::string& trailerEntries = "") {
    std::string pdf = header;
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
    return pdf + "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R" +
           trailerEntries + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
}

}  // namespace motcua::test
