// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <optional>
#include <string_view>

namespace motcua {

/// What a user may do. Accounts keep the role as its name (the wire, the desk's and the server's
/// databases all spell it so); compare through `parseRole`, never by spelling it again.
enum class Role {
    Officer,     ///< "officer": takes in and processes dossiers at a desk
    Supervisor,  ///< "supervisor": also approves and signs results
    Admin,       ///< "admin": manages the ward's desks and accounts
    Portal,      ///< "portal": the national portal's connector; submits, belongs to no ward
};

std::string_view roleName(Role role);  ///< "officer", "supervisor", "admin", "portal"
std::optional<Role> parseRole(std::string_view name);

/// Whether a person signing in at a desk may hold `role`: any role but the portal connector's.
bool isDeskRole(Role role);
/// Whether `name` names a role a desk account may hold ("officer", "supervisor", "admin").
bool isDeskRoleName(std::string_view name);

}  // namespace motcua
