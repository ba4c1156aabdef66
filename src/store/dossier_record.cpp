// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/store/dossiers.h"
#include "motcua/store/store.h"

namespace motcua::store {

DossierRecord Dossiers::record(const std::string& code) {
    auto dossier = findByCode(code);
    if (!dossier) throw StoreError(StoreError::Code::NotFound, "no dossier " + code);
    DossierRecord record;
    record.ward = m_store.settings().ward();
    record.procedure = m_store.catalog().procedure(dossier->procedureCode);
    record.history = history(code);
    record.serverUrl = m_store.settings().deskConfig().serverUrl;
    record.dossier = std::move(*dossier);
    return record;
}

}  // namespace motcua::store
