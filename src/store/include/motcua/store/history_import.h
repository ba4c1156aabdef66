// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Bulk writing of dossiers that stand for history already synced (the demo generator).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"

namespace motcua::store {

class Store;

/// Writes many dossiers fast: audited (one entry each, `action`), not queued in the outbox, in
/// transactions of a batch each. Codes and register entries continue each desk's numbering
/// after whatever the ward has issued, and real intakes continue after these once finish()
/// runs. A batch not committed is rolled back when this is destroyed. Use from the Store's
/// thread only, with nothing else writing to it meanwhile.
class HistoryImport {
public:
    /// `action` names each dossier's audit entry ("demo.intake").
    HistoryImport(Store& store, std::string action);
    ~HistoryImport();
    HistoryImport(const HistoryImport&) = delete;
    HistoryImport& operator=(const HistoryImport&) = delete;

    /// The next number of desk `desk`'s daily code sequence on `day`.
    int nextCodeNumber(Date day, int desk);
    /// The next entry of register book `book` in `year`.
    int nextRegisterEntry(int year, int book);
    /// Inserts a dossier (its row, documents and search entry) and its audit entry; sets
    /// dossier.id. Opens a batch when none is open.
    void add(Dossier& dossier);
    /// Commits the open batch, if any.
    void commitBatch();
    /// Commits, stores the counters, and appends one audit entry (`action`, `detailJson`).
    void finish(const std::string& action, const std::string& entity,
                const std::string& detailJson);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace motcua::store
