// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>

#include "motcua/store/store.h"

namespace motcua::demo {

/// Realistic synthetic dossiers spread over the past `months` months, for demos and
/// benchmarks. They stand for history already synced: audited, not queued in the outbox.
/// Returns how many were made (fewer when `progress` cancels). Runs on the caller's thread,
/// in batches of one transaction each. Throws StoreError(InvalidInput) for a count below 1,
/// (NotInitialized) for a store without a ward.
std::int64_t generate(store::Store& store, std::int64_t count, int months, std::uint64_t seed,
                      const store::ProgressFn& progress = {});

}  // namespace motcua::demo
