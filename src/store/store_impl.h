// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include "internal.h"

namespace motcua::store {

struct Store::Impl {
    Impl(const std::string& path, bool create, const Clock& c) : db(path, create), clock(&c) {}
    Database db;
    const Clock* clock;

    std::string nowIso() const { return formatIsoDateTime(clock->localNow()); }
    WardSettings requireSettings();
};

}  // namespace motcua::store
