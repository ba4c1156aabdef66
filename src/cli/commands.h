// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The commands of `motcua` with their usage: what `motcua --help` and `motcua COMMAND --help`
// print, from one table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "context.h"

namespace motcua::cli {

/// `motcua scan` (cmd_scan.cpp).
int cmdScan(const Context&, const std::vector<std::string>&);

struct CommandInfo {
    std::string_view name;
    Command run;
    /// Starts with the name; continuation lines are indented under it.
    std::string_view usage;
};

/// Every command, in the order `motcua --help` lists them.
const std::vector<CommandInfo>& commandTable();
const CommandInfo* findCommand(std::string_view name);

/// `motcua --help`: the global options, every command's usage and the exit codes.
std::string overallHelp();
/// `motcua COMMAND --help`: that command's usage.
std::string commandHelp(const CommandInfo& command);

}  // namespace motcua::cli
