// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the citizen's tracking page (GET /tra-cuu/CODE?k=KEY) may show of a dossier: nothing
// personal but the applicant's initials.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace motcua::server {

/// One step of the dossier: the status it reached, and when (ISO local time).
struct TrackedStep {
    std::string status;  ///< core's status name ("received", "in_progress", ...)
    std::string at;
};

/// An electronic result as the server's dossier JSON lists it under "results".
struct TrackedResult {
    std::string code;  ///< "<dossier code>-KQ01"
    std::string sha256;
    std::string fileName;
    std::int64_t size = 0;
    std::string at;
};

struct TrackedDossier {
    std::string code;
    std::string procedureCode;
    std::string procedureName;       ///< from the latest catalog; empty when it has none
    std::string status;              ///< core's status name
    std::string dueAt;               ///< ISO local time: the appointment
    std::string initials;            ///< "N.T.H."
    std::vector<TrackedStep> steps;  ///< oldest first, one per change of status
    std::vector<TrackedResult> results;
};

/// What the verifier says of one signature of a result.
struct ResultSignature {
    std::string signer;  ///< the certificate's common name
    std::string signingTime;
    bool valid = false;
    bool documentTimestamp = false;
};

/// A result's file to stream, with its signatures' verdicts.
struct TrackedResultFile {
    TrackedResult result;
    std::string path;
};

}  // namespace motcua::server
