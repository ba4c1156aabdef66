// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/role.h"

#include "motcua/core/name_table.h"

namespace motcua {

namespace {

constexpr auto kRoles = makeNameTable<Role>(
    {
        {Role::Officer, "officer"},
        {Role::Supervisor, "supervisor"},
        {Role::Admin, "admin"},
        {Role::Portal, "portal"},
    },
    "officer");

}  // namespace

std::string_view roleName(Role role) {
    return kRoles.name(role);
}

std::optional<Role> parseRole(std::string_view name) {
    return kRoles.parse(name);
}

bool isDeskRole(Role role) {
    return role != Role::Portal;
}

bool isDeskRoleName(std::string_view name) {
    const auto role = parseRole(name);
    return role && isDeskRole(*role);
}

}  // namespace motcua
