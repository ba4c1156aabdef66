// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A dossier as the desk keeps it beyond its own fields: the ward it belongs to, the steps it
// went through, its line in the register. Plain values: the store reads them, the forms and
// the register print them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_status.h"
#include "motcua/core/procedure.h"
#include "motcua/core/work_calendar.h"

namespace motcua {

/// The ward this database belongs to and the desk it runs on.
struct WardSettings {
    std::string unitCode;     ///< QCVN 102 code, the prefix of dossier codes
    std::string unitName;     ///< "UBND phường Bồ Đề"
    int deskNumber = 1;       ///< 1-9; partitions the daily code sequence
    std::string officerName;  ///< who is signed in at this desk (audit actor)
    std::string placeName;    ///< for the date line of forms, "Hà Nội"
    std::string deviceId;     ///< UUID made at init; identifies this desk's outbox to the server
    OfficeHours officeHours = OfficeHours::standard();
};

/// One line of a dossier's history, from the audit log.
struct HistoryEntry {
    std::int64_t seq = 0;
    LocalDateTime at;  ///< real commit time
    std::string actor;
    std::string action;  ///< "intake" or an action name
    std::optional<DossierStatus> fromStatus;
    DossierStatus toStatus = DossierStatus::Received;
    std::string reason;
    std::optional<LocalDateTime> dueAt;  ///< the due time in force after this step
};

/// One line of the register (Sổ theo dõi hồ sơ, form 07).
struct RegisterEntry {
    Dossier dossier;                             ///< documents not loaded; its channel printed
    std::string handlingUnit;                    ///< the procedure's settling agency
    std::optional<LocalDateTime> forwardedAt;    ///< handed on for processing
    std::optional<LocalDateTime> resultReadyAt;  ///< result back at the desk
};

/// What a dossier's forms show: the dossier with its documents, its ward, its procedure (none
/// when the catalog no longer has it) and its history.
struct DossierRecord {
    WardSettings ward;
    Dossier dossier;
    std::optional<Procedure> procedure;
    std::vector<HistoryEntry> history;
    /// The ward's backend, "https://host[:port]" (the desk's server address), where the
    /// citizen's tracking page is; empty when the desk has none.
    std::string serverUrl;
};

}  // namespace motcua
