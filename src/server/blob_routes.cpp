// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The blob routes: HEAD (is it whole, or where does its upload stand), GET (whole or a range)
// and PUT (whole, or a piece with Content-Range, resumable).
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "api_handler.h"

namespace motcua::server {

namespace {

/// The whole blob (200), or with "Range: bytes=START-[END]" the part asked for (206, with
/// Content-Range); a range past the end is 416. Desks fetch large results a range at a time.
Answer blobDownload(const Poco::Net::HTTPServerRequest& request, const BlobFile& file) {
    Answer answer{200, "", "application/octet-stream", {{"Accept-Ranges", "bytes"}}};
    answer.filePath = file.path;
    answer.fileLength = file.size;
    if (!request.has("Range")) return answer;
    const std::string range = request.get("Range");
    static constexpr std::string_view kBytes = "bytes=";
    std::int64_t start = -1, end = file.size - 1;
    if (range.rfind(kBytes, 0) == 0) {
        const std::string spec = range.substr(kBytes.size());
        const auto dash = spec.find('-');
        const auto number = [](std::string_view text, std::int64_t& n) {
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            return !text.empty() && ec == std::errc{} && p == text.data() + text.size() && n >= 0;
        };
        if (dash == std::string::npos || !number(std::string_view(spec).substr(0, dash), start) ||
            (dash + 1 < spec.size() && !number(std::string_view(spec).substr(dash + 1), end)))
            start = -1;
    }
    if (start < 0 || end < start)
        throw HttpFailure{400, "BadRange", "Range must be \"bytes=START-END\" or \"bytes=START-\""};
    if (start >= file.size)
        throw HttpFailure{416, "RangeNotSatisfiable",
                          "the blob has " + std::to_string(file.size) + " bytes"};
    end = std::min(end, file.size - 1);
    answer.status = 206;
    answer.fileOffset = start;
    answer.fileLength = end - start + 1;
    answer.headers.push_back({"Content-Range", "bytes " + std::to_string(start) + "-" +
                                                   std::to_string(end) + "/" +
                                                   std::to_string(file.size)});
    return answer;
}

/// "bytes START-END/TOTAL", END inclusive, covering exactly the body.
void parseContentRange(const std::string& header, std::int64_t bodySize, std::int64_t& offset,
                       std::int64_t& total) {
    std::int64_t start = 0, end = 0, whole = 0;
    char dash = 0, slash = 0;
    std::istringstream in(header);
    std::string unit;
    in >> unit >> start >> dash >> end >> slash >> whole;
    if (unit != "bytes" || !in || dash != '-' || slash != '/' || start < 0 || end < start ||
        end - start + 1 != bodySize || whole <= end || !(in >> std::ws).eof())
        throw HttpFailure{
            400, "BadContentRange",
            "Content-Range must be \"bytes START-END/TOTAL\" covering exactly the body"};
    offset = start;
    total = whole;
}

}  // namespace

Answer ApiHandler::blobRoute(Poco::Net::HTTPServerRequest& request, const std::string& sha) {
    using Poco::Net::HTTPRequest;
    const User user = authenticate(request);
    const std::string& method = request.getMethod();
    try {
        if (method == HTTPRequest::HTTP_HEAD) {
            const auto state = m_store.blobState(user, sha);
            if (state.complete) return {200, "", "application/octet-stream", {}, state.size};
            return {
                404, "", "application/json", {{kUploadOffsetHeader, std::to_string(state.size)}}};
        }
        if (method == HTTPRequest::HTTP_GET)
            return blobDownload(request, m_store.blobFile(user, sha));
        requireMethod(method, HTTPRequest::HTTP_PUT);
        const std::string bytes = readBody(request);
        const auto size = static_cast<std::int64_t>(bytes.size());
        std::int64_t offset = 0;
        std::int64_t total = size;
        if (request.has("Content-Range"))
            parseContentRange(request.get("Content-Range"), size, offset, total);
        const auto state = m_store.putBlob(user, sha, offset, total, bytes);
        const std::string body =
            nlohmann::json{{"sha256", sha}, {"size", state.size}, {"complete", state.complete}}
                .dump();
        return {state.complete ? 201 : 202,
                body,
                "application/json",
                {{kUploadOffsetHeader, std::to_string(state.size)}}};
    } catch (const ServerError& e) {
        using C = ServerError::Code;
        if (e.code() == C::Conflict)
            throw HttpFailure{409, "UploadOffset", e.what(), 0, m_store.blobState(user, sha).size};
        refuseAs(e, {{C::HashMismatch, 422, "HashMismatch"},
                     {C::TooLarge, 413, "TooLarge"},
                     {C::NotFound, 404, "NotFound"},
                     {C::InvalidInput, 400, "BadBlobRequest"}});
    }
}

}  // namespace motcua::server
