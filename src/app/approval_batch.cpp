// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "approval_batch.h"

#include <chrono>
#include <filesystem>

namespace motcua::app {

int approveBatch(store::Store& store, signing::Signer& signer,
                 const std::vector<ApprovalItem>& items, const signing::PdfSignOptions& options,
                 const std::string& reasonText, const Clock& clock,
                 const std::function<bool(int done)>& proceed) {
    int approved = 0;
    for (const auto& item : items) {
        if (proceed && !proceed(approved)) break;
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(item.signedPath).parent_path(),
                                            ec);
        auto o = options;
        // The text comes from a translation: its placeholder is replaced as plain text, never
        // handed to a printf-style formatter.
        std::string reason = reasonText;
        if (const auto at = reason.find("{code}"); at != std::string::npos)
            reason.replace(at, 6, item.code);
        o.reason = std::move(reason);
        o.signingTime = clock.now();
        signing::signPdfFile(item.draftPath, item.signedPath, signer, o);
        store.dossiers().act(item.code,
                             {DossierAction::Approve, "", std::nullopt, item.signedPath});
        ++approved;
    }
    return approved;
}

}  // namespace motcua::app
