// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's tracking page as HTML: Vietnamese, plain HTML and inline CSS, no script,
// readable at 320 px; every value escaped (core's escapeMarkup) (internal header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "motcua/server/tracked_dossier.h"

namespace motcua::server {

/// The status in the citizen's words ("Đang giải quyết"); the bare name for one it does not
/// know.
std::string statusInWords(std::string_view statusName);

/// The signatures of one result, in the order of `dossier.results`.
using ResultSignatures = std::vector<std::vector<ResultSignature>>;

/// The page of a dossier found by its code and key; each result's download link carries the key.
std::string trackingPage(const TrackedDossier& dossier, const std::string& key,
                         const ResultSignatures& signatures);
/// The one page of an unknown code and a wrong key alike.
std::string notFoundPage();
/// The page of a client over its rate.
std::string tooManyRequestsPage();

}  // namespace motcua::server
