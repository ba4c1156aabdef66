// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/tracking_key.h"

#include <algorithm>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/crypto/random.h"

namespace motcua {

namespace {

bool isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::optional<std::string> dossierCode(std::string_view text) {
    try {
        return DossierCode::parse(text).str();
    } catch (const Error&) {
        return std::nullopt;
    }
}

}  // namespace

std::string makeTrackingKey() {
    return crypto::randomHex(kTrackingKeyBytes);
}

bool isTrackingKey(std::string_view text) {
    return text.size() == kTrackingKeyLength && std::all_of(text.begin(), text.end(), isLowerHex);
}

std::string trackingAddress(std::string_view serverUrl, std::string_view code,
                            std::string_view key) {
    while (!serverUrl.empty() && serverUrl.back() == '/') serverUrl.remove_suffix(1);
    return std::string(serverUrl) + std::string(kTrackingPath) + std::string(code) +
           "?k=" + std::string(key);
}

std::optional<TrackingReference> parseTrackingAddress(std::string_view text) {
    constexpr std::string_view kScheme = "https://";
    if (text.substr(0, kScheme.size()) != kScheme) return std::nullopt;
    text.remove_prefix(kScheme.size());
    const auto slash = text.find('/');
    if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
    const std::string_view host = text.substr(0, slash);
    if (std::any_of(host.begin(), host.end(), [](char c) {
            return c == '?' || c == '#' || c == '@' || static_cast<unsigned char>(c) <= ' ';
        }))
        return std::nullopt;
    text.remove_prefix(slash);
    if (text.substr(0, kTrackingPath.size()) != kTrackingPath) return std::nullopt;
    text.remove_prefix(kTrackingPath.size());
    const auto query = text.find('?');
    const auto code = dossierCode(text.substr(0, query));
    if (!code || *code != text.substr(0, query)) return std::nullopt;
    TrackingReference ref{*code, {}};
    if (query == std::string_view::npos) return ref;
    const std::string_view rest = text.substr(query + 1);
    if (rest.substr(0, 2) != "k=" || !isTrackingKey(rest.substr(2))) return std::nullopt;
    ref.key = std::string(rest.substr(2));
    return ref;
}

std::optional<std::string> scannedDossierCode(std::string_view text) {
    if (auto code = dossierCode(text)) return code;
    if (auto ref = parseTrackingAddress(text)) return std::move(ref->code);
    return std::nullopt;
}

}  // namespace motcua
