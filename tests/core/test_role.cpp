// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/role.h"

using namespace motcua;

TEST_CASE("roles are spelled as the wire and the databases spell them", "[role]") {
    CHECK(roleName(Role::Officer) == "officer");
    CHECK(roleName(Role::Supervisor) == "supervisor");
    CHECK(roleName(Role::Admin) == "admin");
    CHECK(roleName(Role::Portal) == "portal");
    for (const Role role : {Role::Officer, Role::Supervisor, Role::Admin, Role::Portal})
        CHECK(parseRole(roleName(role)) == role);
    CHECK_FALSE(parseRole("Supervisor").has_value());
    CHECK_FALSE(parseRole("").has_value());
    CHECK_FALSE(parseRole("root").has_value());
}

TEST_CASE("a desk account may be anything but the portal connector", "[role]") {
    CHECK(isDeskRole(Role::Officer));
    CHECK(isDeskRole(Role::Supervisor));
    CHECK(isDeskRole(Role::Admin));
    CHECK_FALSE(isDeskRole(Role::Portal));
    CHECK(isDeskRoleName("officer"));
    CHECK(isDeskRoleName("admin"));
    CHECK_FALSE(isDeskRoleName("portal"));
    CHECK_FALSE(isDeskRoleName("guest"));
    CHECK_FALSE(isDeskRoleName("OFFICER"));
}
