// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <regex>

#include "../store/store_fixture.h"
#include "../support/run_tool.h"
#include "motcua/documents/forms.h"

namespace motcua::test {

inline std::string formsDir() {
    return std::string(MOTCUA_RESOURCE_DIR) + "/forms";
}

inline documents::FormContext formContext(WardFixture& f, const std::string& code,
                                          std::string reason = {}) {
    return documents::formContext(f.store.dossiers().record(code), f.clock.localNow(),
                                  std::move(reason));
}

/// pdftotext's output with every run of whitespace made one space, so a phrase that wrapped
/// across lines is still found.
inline std::string pdfText(const std::string& pdfPath, bool layout = false) {
    const auto r = runTool(std::string("pdftotext -enc UTF-8 ") + (layout ? "-layout " : "") +
                           shellQuote(pdfPath) + " -");
    return std::regex_replace(r.out, std::regex("\\s+"), " ");
}

}  // namespace motcua::test
