// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The store's own SQLite connection, for the tests that inspect it or tamper with it: the
// connection's pragmas, TEMP triggers that inject faults into its writes, a transaction of the
// caller's around a store method. The Store itself offers no way in; this reaches it through
// the store's private header, which only test binaries that list src/store may include.
#pragma once

#include "database.h"
#include "motcua/store/store.h"
#include "store_impl.h"

namespace motcua::test {

/// The connection `store` writes through. Same thread rules as the Store.
inline store::Database& connectionOf(store::Store& store) {
    return store::implOf(store).db;
}

}  // namespace motcua::test
