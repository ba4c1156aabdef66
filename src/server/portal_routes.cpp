// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The portal connector's routes: a submission in, a submission's status and notices out.
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "api_handler.h"

namespace motcua::server {

Answer ApiHandler::portalRoute(Poco::Net::HTTPServerRequest& request, const std::string& path) {
    using Poco::Net::HTTPRequest;
    static constexpr std::string_view kSubmissions = "/api/v1/portal/submissions";
    const User user = authenticate(request);
    if (!user.isConnector())
        throw HttpFailure{403, "Forbidden", "only a portal connector account submits dossiers"};
    try {
        if (path == kSubmissions) {
            requireMethod(request.getMethod(), HTTPRequest::HTTP_POST);
            const auto receipt = m_store.submit(user, readBody(request));
            nlohmann::json answer{{"code", receipt.code}, {"decide_by", receipt.decideBy}};
            // A submission taken before the tracking page has no key.
            if (!receipt.trackingKey.empty()) answer["tracking_key"] = receipt.trackingKey;
            return {receipt.created ? 201 : 200, answer.dump()};
        }
        requireMethod(request.getMethod(), HTTPRequest::HTTP_GET);
        return {200, m_store.submissionStatus(user, path.substr(kSubmissions.size() + 1))};
    } catch (const ServerError& e) {
        using C = ServerError::Code;
        refuseAs(e, {{C::InvalidInput, 400, "MalformedBody"},
                     {C::Conflict, 409, "Conflict"},
                     {C::HashMismatch, 422, "HashMismatch"},
                     {C::Unsupported, 422, "Unsupported"},
                     {C::NotFound, 404, "NotFound"},
                     {C::Forbidden, 403, "Forbidden"},
                     {C::TooLarge, 503, "Busy"}});
    }
}

}  // namespace motcua::server
