// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "form_template.h"

#include <nlohmann/json.hpp>

#include "motcua/core/name_table.h"
#include "motcua/documents/document_error.h"

namespace motcua::documents {

using nlohmann::json;

namespace {

[[noreturn]] void invalid(const std::string& name, const std::string& what) {
    throw DocumentError(DocumentError::Code::TemplateInvalid,
                        "form template " + name + ": " + what);
}

constexpr auto kAligns = makeNameTable<Align>(
    {
        {Align::Left, "left"},
        {Align::Center, "center"},
        {Align::Right, "right"},
        {Align::Justify, "justify"},
    },
    "left");

Align parseAlign(const json& j, const std::string& name, Align fallback = Align::Left) {
    const std::string a = j.value("align", "");
    if (a.empty()) return fallback;
    if (const auto align = kAligns.parse(a)) return *align;
    invalid(name, "unknown align '" + a + "'");
}

TextStyle parseStyle(const json& j, const std::string& name) {
    TextStyle s;
    s.size = j.value("size", 0.0);
    s.bold = j.value("bold", false);
    s.italic = j.value("italic", false);
    s.underline = j.value("underline", false);
    s.align = parseAlign(j, name);
    if (s.size < 0 || s.size > 72) invalid(name, "font size out of range");
    return s;
}

std::vector<Line> parseLines(const json& j, const std::string& name) {
    std::vector<Line> lines;
    for (const json& l : j.value("lines", json::array())) {
        if (l.is_string()) {
            lines.push_back({l.get<std::string>(), {}});
        } else {
            lines.push_back({l.at("text").get<std::string>(), parseStyle(l, name)});
        }
    }
    return lines;
}

std::vector<Column> parseColumns(const json& j, const std::string& name) {
    std::vector<Column> columns;
    double total = 0;
    for (const json& c : j.at("columns")) {
        Column col;
        col.width = c.value("width", 0.0);
        col.lines = parseLines(c, name);
        col.title = c.value("title", "");
        col.value = c.value("value", "");
        col.align = parseAlign(c, name);
        col.blankMm = c.value("blank_mm", 0.0);
        if (col.width <= 0 || col.width > 1)
            invalid(name, "a column width must be a fraction in (0, 1]");
        total += col.width;
        columns.push_back(std::move(col));
    }
    if (columns.empty()) invalid(name, "a block needs at least one column");
    if (total > 1.001) invalid(name, "column widths add up to more than 1");
    return columns;
}

Block parseBlock(const json& j, const std::string& name) {
    Block b;
    const std::string type = j.at("type").get<std::string>();
    b.condition = j.value("if", "");
    b.spaceBeforePt = j.value("space_before", 0.0);
    if (type == "text") {
        b.type = Block::Type::Text;
        b.text = j.at("text").get<std::string>();
        b.style = parseStyle(j, name);
        b.indentMm = j.value("indent_mm", 0.0);
    } else if (type == "columns") {
        b.type = Block::Type::Columns;
        b.columns = parseColumns(j, name);
    } else if (type == "signatures") {
        b.type = Block::Type::Signatures;
        b.columns = parseColumns(j, name);
    } else if (type == "table") {
        b.type = Block::Type::Table;
        b.columns = parseColumns(j, name);
        b.source = j.at("source").get<std::string>();
    } else if (type == "qr") {
        b.type = Block::Type::Qr;
        b.value = j.at("value").get<std::string>();
        b.xMm = j.at("x_mm").get<double>();
        b.yMm = j.at("y_mm").get<double>();
        b.sizeMm = j.value("size_mm", 25.0);
        if (b.sizeMm < 10) invalid(name, "a QR code smaller than 10 mm does not scan reliably");
    } else if (type == "spacer") {
        b.type = Block::Type::Spacer;
        b.heightMm = j.at("height_mm").get<double>();
    } else if (type == "page_break") {
        b.type = Block::Type::PageBreak;
    } else {
        invalid(name, "unknown block type '" + type + "'");
    }
    return b;
}

}  // namespace

namespace {
json parseJson(const std::string& text, const std::string& name) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        invalid(name, std::string("not valid JSON: ") + e.what());
    }
}
}  // namespace

FormTemplate parseFormTemplate(const std::string& text, const std::string& name,
                               const IncludeReader& readInclude) {
    const json root = parseJson(text, name);
    FormTemplate t;
    t.name = name;
    try {
        t.title = root.value("title", name);
        const json font = root.value("font", json::object());
        t.fontFamily = font.value("family", t.fontFamily);
        t.fontSize = font.value("size", t.fontSize);
        t.lineSpacing = font.value("line_spacing", t.lineSpacing);
        const json margins = root.value("margins_mm", json::object());
        t.marginTopMm = margins.value("top", t.marginTopMm);
        t.marginBottomMm = margins.value("bottom", t.marginBottomMm);
        t.marginLeftMm = margins.value("left", t.marginLeftMm);
        t.marginRightMm = margins.value("right", t.marginRightMm);
        if (root.contains("copies")) t.copies = root.at("copies").get<std::vector<std::string>>();
        for (const json& b : root.at("blocks")) {
            if (b.value("type", "") != "include") {
                t.blocks.push_back(parseBlock(b, name));
                continue;
            }
            const std::string file = b.at("file").get<std::string>();
            if (!readInclude || file.find('/') != std::string::npos)
                invalid(name, "cannot include '" + file + "'");
            const json included = parseJson(readInclude(file), file);
            for (const json& inner : included.at("blocks")) {
                if (inner.value("type", "") == "include")
                    invalid(file, "an included file cannot include");
                t.blocks.push_back(parseBlock(inner, file));
            }
        }
    } catch (const json::exception& e) {
        invalid(name, e.what());
    }
    if (t.fontSize < 6 || t.fontSize > 24) invalid(name, "body font size out of range");
    if (t.copies.empty()) invalid(name, "copies must not be empty");
    if (t.marginLeftMm + t.marginRightMm > 150 || t.marginTopMm + t.marginBottomMm > 200)
        invalid(name, "margins leave no room for text");
    return t;
}

}  // namespace motcua::documents
