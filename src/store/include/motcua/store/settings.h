// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's own settings: the ward it belongs to, its desk number, office hours, server and
// signing.
#pragma once

#include <string>

#include "motcua/core/work_calendar.h"
#include "motcua/store/dossier_types.h"

namespace motcua::store {

class Store;

/// A Store's settings (`store.settings()`). Changes are audited. Use from the Store's thread only.
class DeskSettings {
public:
    explicit DeskSettings(Store& store) : m_store(store) {}

    bool isInitialized();
    /// Sets up the ward, the procedure catalog and the calendar table in one transaction.
    /// Throws StoreError(AlreadyInitialized | InvalidInput) or core Error for bad settings.
    void initialize(const WardSettings& ward, const std::string& catalogJson,
                    const std::string& calendarJson);
    WardSettings ward();  ///< throws StoreError(NotInitialized)
    /// The ward's name, place and this desk's number (audited); the unit code is fixed at init.
    void updateWard(const std::string& unitName, const std::string& placeName, int deskNumber);
    void setOfficeHours(const OfficeHours& hours);  ///< audited; due times of new dossiers follow

    DeskConfig deskConfig();
    /// Audited. Throws core Error(InvalidArgument) for a server URL that is not https://.
    void setDeskConfig(const DeskConfig& config);

private:
    Store& m_store;
};

}  // namespace motcua::store
