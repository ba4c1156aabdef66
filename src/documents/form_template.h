// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A form's layout, read from resources/forms/<name>.json so a ward can adjust it without
// recompiling. Texts hold {{field}} placeholders and Pango markup (<b>, <i>, <u>).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace motcua::documents {

enum class Align { Left, Center, Right, Justify };

struct TextStyle {
    double size = 0;  ///< points; 0 = the template's body size
    bool bold = false;
    bool italic = false;
    bool underline = false;  ///< a rule under the text, as under the national motto
    Align align = Align::Left;
};

struct Line {
    std::string text;
    TextStyle style;
};

struct Column {
    double width = 0;         ///< fraction of the text width
    std::vector<Line> lines;  ///< columns and signature blocks
    std::string title;        ///< table header
    std::string value;        ///< table cell text, with {{row.*}} placeholders
    Align align = Align::Left;
    double blankMm = 0;  ///< signatures: room to sign
};

struct Block {
    enum class Type { Text, Columns, Table, Signatures, Qr, Spacer, PageBreak };
    Type type = Type::Text;
    std::string condition;  ///< rendered only when this field is non-empty
    double spaceBeforePt = 0;
    // Text
    std::string text;
    TextStyle style;
    double indentMm = 0;
    // Columns, Signatures, Table
    std::vector<Column> columns;
    std::string source;  ///< Table: which rows ("documents", "missing_items", "steps")
    // Qr: absolute position on the page, so the text flows as if it were not there
    std::string value;
    double xMm = 0;
    double yMm = 0;
    double sizeMm = 25;
    // Spacer
    double heightMm = 0;
};

struct FormTemplate {
    std::string name;
    std::string title;  ///< PDF metadata
    std::string fontFamily = "DejaVu Serif";
    double fontSize = 13;
    double lineSpacing = 1.15;
    double marginTopMm = 20, marginBottomMm = 20, marginLeftMm = 30, marginRightMm = 15;
    std::vector<std::string> copies{""};  ///< one page set per copy, {{copy.marker}}
    std::vector<Block> blocks;
};

/// Reads a file a template includes ({"type": "include", "file": "_header.json"}).
using IncludeReader = std::function<std::string(const std::string& file)>;

/// Throws DocumentError(TemplateInvalid) naming the template and what is wrong. Included
/// files hold {"blocks": [...]}, spliced in place; they may not include further.
FormTemplate parseFormTemplate(const std::string& json, const std::string& name,
                               const IncludeReader& readInclude = {});

}  // namespace motcua::documents
