// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The CLI's machine-readable output. Field names are a stable interface: later issues,
// scripts and checks rely on them.
#pragma once

#include <nlohmann/json.hpp>

#include "motcua/core/dossier.h"
#include "motcua/core/procedure.h"
#include "motcua/store/store.h"

namespace motcua::cli {

/// The text of `j` for output. Bytes that are not UTF-8 (a path or an argument as the system
/// gave it, in an error message) come out as U+FFFD instead of throwing type_error 316.
std::string jsonText(const nlohmann::json& j, int indent = -1);

nlohmann::json toJson(const Dossier& dossier, LocalDateTime now, bool full);
nlohmann::json toJson(const Procedure& procedure);
nlohmann::json toJson(const store::HistoryEntry& entry);
nlohmann::json toJson(const store::OutboxOp& op);
/// A submission in the online inbox: code, applicant, procedure, channel, submitted_at,
/// decide_by, overdue, working_minutes_left (negative when past), supplement_requests.
nlohmann::json toJson(const store::InboxEntry& entry);

}  // namespace motcua::cli
