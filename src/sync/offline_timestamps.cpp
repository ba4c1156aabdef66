// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/offline_timestamps.h"

#include <filesystem>

#include "motcua/core/uuid.h"

namespace motcua::sync {

OfflineTimestamps timestampOfflineSignatures(store::Store& store,
                                             const signing::TimestampAuthority& tsa) {
    OfflineTimestamps run;
    const auto pending = store.blobs().pendingSignedResults();
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto& result = pending[i];
        // Beside the blobs (same file system); the store copies it in and it goes.
        const std::string stamped = store.blobDir() + "/.timestamp-" + newUuid() + ".pdf";
        try {
            std::filesystem::create_directories(store.blobDir());
            signing::addDocumentTimestampFile(result.path, stamped, tsa);
            store.blobs().replacePendingResult(result.opId, stamped);
            ++run.stamped;
        } catch (const std::exception& e) {
            run.error = e.what();
            run.waiting = static_cast<int>(pending.size() - i);
            std::error_code ec;
            std::filesystem::remove(stamped, ec);
            break;
        }
        std::error_code ec;
        std::filesystem::remove(stamped, ec);
    }
    return run;
}

}  // namespace motcua::sync
