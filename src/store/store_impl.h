// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include "internal.h"

namespace motcua::store {

struct Store::Impl {
    // The journal mode waits until the file is known to be ours (Store::open).
    Impl(const std::string& path, bool create, const Clock& c)
        : db(path, create, JournalMode::Unchanged), clock(&c) {}
    Database db;
    const Clock* clock;

    std::string nowIso() const { return formatIsoDateTime(clock->localNow()); }
    WardSettings requireSettings();
};

/// The parts' way to the connection and the clock of the Store they belong to.
inline Store::Impl& implOf(Store& store) {
    return *store.m_impl;
}

}  // namespace motcua::store
