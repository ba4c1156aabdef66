// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Reading and writing dossier rows, shared by intake/actions, queries and the demo generator.
#pragma once

#include <optional>
#include <string>

#include "database.h"
#include "motcua/core/dossier.h"

namespace motcua::store {

/// The column list readDossier() expects, for "SELECT <kDossierColumns> FROM dossiers d".
extern const char* const kDossierColumns;
Dossier readDossier(const Statement& st);

/// Inserts new dossiers: the row, its documents, attachments and search entry. Holds its
/// prepared statements so bulk inserts (the demo generator) prepare them once.
class DossierWriter {
public:
    explicit DossierWriter(Database& db);
    /// Must run inside the caller's transaction; sets dossier.id.
    void insert(Dossier& dossier, const std::string& updatedAt);

private:
    Database& m_db;
    Statement m_row;
    Statement m_search;
    Statement m_document;
    Statement m_attachment;
};

/// A dossier with its documents and attachments, or nothing for an unknown code.
std::optional<Dossier> loadByCode(Database& db, const std::string& code);

/// The op payload and audit detail of a new dossier.
std::string dossierPayload(const Dossier& dossier);

}  // namespace motcua::store
