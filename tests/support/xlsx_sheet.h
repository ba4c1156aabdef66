// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// XLSX workbooks read back with another tool (unzip) and a reader of the tests' own: the cells
// of the first sheet by reference, so a test checks what a spreadsheet program would show.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/run_tool.h"

namespace motcua::test {

/// The part `part` of the zip file `file` (an XLSX workbook: "xl/workbook.xml"), read with
/// unzip; fails the test unless unzip can read it.
inline std::string unzipPart(const std::string& file, const std::string& part) {
    const auto r = runTool("unzip -p " + shellQuote(file) + " " + part);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

/// XML text with its five predefined entities replaced by the characters they stand for.
inline std::string xmlUnescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        static const std::array<std::pair<const char*, char>, 5> entities{
            {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}}};
        bool matched = false;
        for (const auto& [name, c] : entities) {
            if (s.compare(i, std::char_traits<char>::length(name), name) == 0) {
                out += c;
                i += std::char_traits<char>::length(name) - 1;
                matched = true;
                break;
            }
        }
        if (!matched) out += s[i];
    }
    return out;
}

/// The text of every cell of the first worksheet, by reference ("B6"); blank cells map to "".
struct Sheet {
    std::string xml;
    std::string sharedXml;
    std::map<std::string, std::string> cells;

    std::string at(char column, std::size_t row) const {
        auto it = cells.find(column + std::to_string(row));
        return it == cells.end() ? std::string("<absent>") : it->second;
    }
    /// The opening tag of a cell, "<c r=\"D7\" s=\"5\"".
    std::string tag(const std::string& ref) const {
        const std::size_t start = xml.find("<c r=\"" + ref + "\"");
        if (start == std::string::npos) return {};
        return xml.substr(start, xml.find('>', start) - start);
    }
};

/// The first worksheet of the workbook `file` with the shared strings resolved.
inline Sheet readSheet(const std::string& file) {
    Sheet sheet;
    sheet.xml = unzipPart(file, "xl/worksheets/sheet1.xml");
    const auto shared = runTool("unzip -p " + shellQuote(file) + " xl/sharedStrings.xml");
    if (shared.exitCode == 0) sheet.sharedXml = shared.out;

    std::vector<std::string> strings;
    for (std::size_t si = sheet.sharedXml.find("<si>"); si != std::string::npos;
         si = sheet.sharedXml.find("<si>", si + 1)) {
        const std::size_t end = sheet.sharedXml.find("</si>", si);
        std::string text;
        for (std::size_t t = sheet.sharedXml.find("<t", si); t < end;
             t = sheet.sharedXml.find("<t", t + 1)) {
            const std::size_t open = sheet.sharedXml.find('>', t) + 1;
            const std::size_t close = sheet.sharedXml.find("</t>", open);
            text += xmlUnescape(sheet.sharedXml.substr(open, close - open));
        }
        strings.push_back(text);
    }

    const std::string& x = sheet.xml;
    for (std::size_t c = x.find("<c "); c != std::string::npos; c = x.find("<c ", c + 1)) {
        const std::size_t tagEnd = x.find('>', c);
        const std::string tag = x.substr(c, tagEnd - c);
        const std::size_t r = tag.find("r=\"") + 3;
        const std::string ref = tag.substr(r, tag.find('"', r) - r);
        std::string value;
        if (x[tagEnd - 1] != '/') {
            const std::size_t cellEnd = x.find("</c>", tagEnd);
            const std::size_t v = x.find("<v>", tagEnd);
            if (v < cellEnd) {
                const std::size_t vEnd = x.find("</v>", v);
                value = x.substr(v + 3, vEnd - v - 3);
                if (tag.find("t=\"s\"") != std::string::npos) value = strings.at(std::stoul(value));
            }
        }
        sheet.cells[ref] = value;
    }
    return sheet;
}

}  // namespace motcua::test
