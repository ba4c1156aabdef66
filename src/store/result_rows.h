// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A dossier's result documents (dossier_results): the draft an officer submits for approval and
// the signed results a supervisor approves, each signed one the dossier's next electronic
// result (`<code>-KQ<nn>`). Shared by actions (dossiers.cpp), pull and the dossier loader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "database.h"
#include "motcua/core/dossier.h"

namespace motcua::store {

class ResultRows {
public:
    explicit ResultRows(Database& db);
    /// A result document this desk made, at `at` (ISO): the draft, or a signed result, which
    /// gets the dossier's next electronic result code (returned; "" for a draft). Must run
    /// inside the caller's transaction. Throws Error(InvalidArgument) past
    /// kMaxElectronicResults.
    std::string keep(const Dossier& dossier, const Attachment& document, bool isSigned,
                     const std::string& at);
    /// The documents the server's copy of the dossier names, as a pull applies it: each kept if
    /// this desk has not got it (its bytes are fetched by sync), and the electronic results
    /// numbered as the server numbered them, which is the truth: a code this desk gave to a
    /// result the server does not have is taken back. Must run inside the caller's transaction.
    void adopt(const Dossier& incoming, const std::vector<Attachment>& named, bool namedAreSigned,
               const std::string& at);

private:
    Statement m_count;
    Statement m_insert;
    Statement m_clearCodes;
    Statement m_setCode;
};

/// The dossier's electronic results as this desk knows them, in code order.
std::vector<ElectronicResult> electronicResultsOf(Database& db, std::int64_t dossierId);

}  // namespace motcua::store
