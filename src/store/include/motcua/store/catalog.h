// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The reference data a desk works from: the procedure catalog and the working calendar.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "motcua/core/procedure.h"
#include "motcua/core/work_calendar.h"

namespace motcua::store {

class Store;

/// A Store's catalog and calendar (`store.catalog()`). Imports are audited. Use from the
/// Store's thread only.
class Catalog {
public:
    explicit Catalog(Store& store) : m_store(store) {}

    /// Inserts or replaces procedures from catalog JSON ({"procedures":[...]}); returns how
    /// many. Validates everything before writing anything.
    int importCatalog(const std::string& catalogJson);
    std::vector<Procedure> procedures(const std::string& search = {});
    std::optional<Procedure> procedure(const std::string& code);

    /// Replaces the per-year days-off table for the years present in the JSON.
    int importCalendar(const std::string& calendarJson);
    WorkCalendar calendar();

private:
    Store& m_store;
};

}  // namespace motcua::store
