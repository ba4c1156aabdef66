// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The audit log: every change hash-chained to the one before.
#pragma once

#include "motcua/store/dossier_types.h"

namespace motcua::store {

class Store;

/// A Store's audit log (`store.audit()`). Entries are written by the other parts, each in the
/// transaction of its change; this part checks them. Use from the Store's thread only.
class Audit {
public:
    explicit Audit(Store& store) : m_store(store) {}

    /// Recomputes the hash chain from the first entry.
    AuditCheck verify();

private:
    Store& m_store;
};

}  // namespace motcua::store
