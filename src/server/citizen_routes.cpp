// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The citizen's tracking page, GET /tra-cuu/CODE?k=KEY, and its results' downloads,
// GET /tra-cuu/CODE/RESULT?k=KEY: no login, rate-limited per client address; an unknown code,
// a wrong key and an unknown result all get the one 404 page.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <filesystem>

#include "api_handler.h"
#include "citizen_page.h"
#include "motcua/core/tracking_key.h"

namespace motcua::server {

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";

Answer pageAnswer(int status, std::string body) {
    Answer a;
    a.status = status;
    a.body = std::move(body);
    a.contentType = kHtml;
    a.headers = {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"},
                 {"X-Frame-Options", "DENY"}};
    return a;
}

/// The key of the query, "" unless `k` is given exactly once.
std::string keyOf(const Poco::URI& uri) {
    std::string key;
    int given = 0;
    for (const auto& [name, value] : uri.getQueryParameters())
        if (name == "k") {
            key = value;
            ++given;
        }
    return given == 1 ? key : std::string();
}

/// A result's code as a file name: letters, digits, '.', '-' only (a dossier code's).
bool isPlainName(const std::string& name) {
    return !name.empty() && name.size() <= 96 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-';
    });
}

}  // namespace

Answer ApiHandler::citizenRoute(Poco::Net::HTTPServerRequest& request, const Poco::URI& uri) {
    requireMethod(request.getMethod(), Poco::Net::HTTPRequest::HTTP_GET);
    const auto wait = m_pages.take(request.clientAddress().host().toString());
    if (wait.count() > 0) {
        Answer a = pageAnswer(429, tooManyRequestsPage());
        a.headers.emplace_back("Retry-After", std::to_string((wait.count() + 999) / 1000));
        return a;
    }
    const std::string rest = uri.getPath().substr(kTrackingPath.size());
    const auto slash = rest.find('/');
    const std::string code = rest.substr(0, slash);
    const std::string key = keyOf(uri);
    if (slash == std::string::npos) {
        const auto dossier = m_store.trackedDossier(code, key);
        if (!dossier) return pageAnswer(404, notFoundPage());
        ResultSignatures signatures;
        for (const auto& r : dossier->results)
            signatures.push_back(m_store.resultSignatures(r.sha256));
        return pageAnswer(200, trackingPage(*dossier, key, signatures));
    }
    const std::string resultCode = rest.substr(slash + 1);
    const auto file =
        isPlainName(resultCode) ? m_store.trackedResult(code, key, resultCode) : std::nullopt;
    if (!file) return pageAnswer(404, notFoundPage());
    std::error_code error;
    const auto size = std::filesystem::file_size(file->path, error);
    if (error) return pageAnswer(404, notFoundPage());
    Answer a = pageAnswer(200, {});
    a.contentType = "application/pdf";
    a.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"" + resultCode + ".pdf\"");
    a.filePath = file->path;
    a.fileLength = static_cast<std::int64_t>(size);
    return a;
}

}  // namespace motcua::server
