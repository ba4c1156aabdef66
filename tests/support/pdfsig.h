// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// pdfsig (poppler) as the outside judge of our signatures: its report on a file, with the trust
// of a NSS database the test made, and the two lines it prints for a signature that holds.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "support/run_tool.h"

namespace motcua::test {

/// pdfsig's report (stdout and stderr) on the PDF at `pdfPath`, trusting what the NSS database
/// `nssDb` trusts. Fails the test with the report unless pdfsig exits 0.
inline std::string pdfsigReport(const std::string& nssDb, const std::string& pdfPath) {
    const std::string command =
        "pdfsig -nssdir sql:" + shellQuote(nssDb) + " " + shellQuote(pdfPath);
    const ToolResult r = runTool("(" + command + ") 2>&1");
    INFO(command << "\n" << r.out);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

/// pdfsig found `n` signatures whose bytes it validated and `n` certificates it trusts.
inline void checkPdfsigTrusts(const std::string& report, int n) {
    CHECK(countOf(report, "Signature Validation: Signature is Valid.") == n);
    CHECK(countOf(report, "Certificate Validation: Certificate is Trusted.") == n);
}

}  // namespace motcua::test
