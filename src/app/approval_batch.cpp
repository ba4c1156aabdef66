// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "approval_batch.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace motcua::app {

int approveBatch(store::Store& store, signing::Signer& signer, const std::vector<ApprovalItem>& items,
                 const signing::PdfSignOptions& options, const std::string& reasonFormat,
                 const std::function<bool(int done)>& proceed) {
    int approved = 0;
    for (const auto& item : items) {
        if (proceed && !proceed(approved)) break;
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(item.signedPath).parent_path(), ec);
        auto o = options;
        std::string reason(reasonFormat.size() + item.code.size() + 16, '\0');
        const int n = std::snprintf(reason.data(), reason.size(), reasonFormat.c_str(), item.code.c_str());
        reason.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        o.reason = reason;
        o.signingTime = std::chrono::system_clock::now();
        signing::signPdfFile(item.draftPath, item.signedPath, signer, o);
        store.act(item.code, {DossierAction::Approve, "", std::nullopt, item.signedPath});
        ++approved;
    }
    return approved;
}

}  // namespace motcua::app
