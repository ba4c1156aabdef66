// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The visible signature's appearance (internal header): drawn by cairo + pango into a one-page
// PDF (fonts subset and embedded, PNG alpha as /SMask), whose page is then copied into the
// incremental update as the widget's /AP /N form XObject.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "motcua/signing/pades.h"

namespace motcua::signing::detail {

/// A one-page PDF of `v.width` x `v.height` points. Throws SigningError(InvalidInput) for an
/// unreadable PNG or an empty rectangle.
std::string renderAppearancePdf(const VisibleSignature& v, const std::string& signerName,
                                const std::string& isoTime);

/// Objects (number, body) to append: the first is a form XObject (/BBox [0 0 w h], and
/// `matrix` as its /Matrix when given) holding page 1 of `pdf`, the others what its resources
/// refer to. Numbers are taken from `next`.
std::vector<std::pair<int, std::string>> importPageAsForm(const std::string& pdf, int& next,
                                                          const std::string& matrix = "");

}  // namespace motcua::signing::detail
