// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Reading and writing dossier rows, shared by intake/actions, queries and the demo generator.
#pragma once

#include <optional>
#include <string>

#include "database.h"
#include "motcua/core/dossier.h"

namespace motcua::store {

/// The column list readDossier() expects, for "SELECT <kDossierColumns> FROM dossiers d";
/// columns a query adds after it start at kDossierColumnCount.
extern const char* const kDossierColumns;
inline constexpr int kDossierColumnCount = 26;
Dossier readDossier(const Statement& st);

/// A status list for SQL, "('received','in_progress')", of the statuses that `keep` selects:
/// made from core's rules (isPending, isSubmission), never written out by hand.
std::string statusSet(bool (*keep)(DossierStatus));
/// SQL over `dossiers d`: the dossier is the ward's own, taken at the counter or accepted from
/// a submission (and given its register number then). Submissions never accepted (awaiting,
/// refused, withdrawn) are not: they are not in the register nor among the day's receipts.
extern const char* const kAcceptedByWard;

/// Inserts new dossiers: the row, its documents, attachments and search entry. Holds its
/// prepared statements so bulk inserts (the demo generator) prepare them once.
class DossierWriter {
public:
    explicit DossierWriter(Database& db);
    /// Must run inside the caller's transaction; sets dossier.id.
    void insert(Dossier& dossier, const std::string& updatedAt);
    /// Brings the row of `local` (as loadByCode read it) to `incoming` whole: every column, the
    /// search entry, the documents with their files and the attachments. Must run inside the
    /// caller's transaction; sets incoming.id.
    void replace(const Dossier& local, Dossier& incoming, const std::string& updatedAt);

private:
    void insertParts(const Dossier& dossier);

    Database& m_db;
    Statement m_row;
    Statement m_search;
    Statement m_document;
    Statement m_attachment;
};

/// A dossier with its documents and attachments, or nothing for an unknown code.
std::optional<Dossier> loadByCode(Database& db, const std::string& code);

}  // namespace motcua::store
