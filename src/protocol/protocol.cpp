// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/protocol/protocol.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "motcua/core/date_time.h"
#include "motcua/core/name_table.h"
#include "motcua/core/role.h"

namespace motcua::sync {

using json = nlohmann::json;

namespace {

// Deep nesting is the cheap way to make a parser burn stack and time; no message of ours is
// deeper than a payload's few levels.
constexpr int kMaxDepth = 32;

constexpr auto kOpKinds = makeNameTable<OpKind>(
    {
        {OpKind::DossierIntake, "dossier.intake"},
        {OpKind::DossierAction, "dossier.action"},
        {OpKind::DossierEdit, "dossier.edit"},
        {OpKind::DossierFiles, "dossier.files"},
    },
    "dossier.intake");
constexpr auto kOutcomes = makeNameTable<OpOutcome>(
    {
        {OpOutcome::Applied, "applied"},
        {OpOutcome::Duplicate, "duplicate"},
        {OpOutcome::Conflict, "conflict"},
        {OpOutcome::Rejected, "rejected"},
    },
    "rejected");
constexpr auto kSyncErrors = makeNameTable<SyncError::Code>(
    {
        {SyncError::Code::Malformed, "Malformed"},
        {SyncError::Code::TooLarge, "TooLarge"},
        {SyncError::Code::Unsupported, "Unsupported"},
        {SyncError::Code::Network, "Network"},
        {SyncError::Code::Unauthorized, "Unauthorized"},
        {SyncError::Code::ProtocolTooOld, "ProtocolTooOld"},
        {SyncError::Code::Server, "Server"},
    },
    "Malformed");

[[noreturn]] void malformed(const std::string& message) {
    throw SyncError(SyncError::Code::Malformed, message);
}
[[noreturn]] void tooLarge(const std::string& message) {
    throw SyncError(SyncError::Code::TooLarge, message);
}

struct TooDeep {};

json parseBody(std::string_view body, std::string_view what) {
    if (body.size() > kMaxBodyBytes)
        tooLarge(std::string(what) + ": body of " + std::to_string(body.size()) +
                 " bytes exceeds " + std::to_string(kMaxBodyBytes));
    try {
        json::parser_callback_t limitDepth = [](int depth, json::parse_event_t, json&) {
            if (depth > kMaxDepth) throw TooDeep{};
            return true;
        };
        json value = json::parse(body.begin(), body.end(), limitDepth);
        if (!value.is_object()) malformed(std::string(what) + ": the body must be a JSON object");
        return value;
    } catch (const TooDeep&) {
        tooLarge(std::string(what) + ": nested deeper than " + std::to_string(kMaxDepth) +
                 " levels");
    } catch (const json::exception& e) {
        malformed(std::string(what) + ": not valid JSON (" + e.what() + ")");
    }
}

std::string field(std::string_view where, std::string_view key) {
    return std::string(where) + "." + std::string(key);
}

const json& require(const json& object, std::string_view where, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end()) malformed("missing field " + field(where, key));
    return *it;
}

std::string getString(const json& object, std::string_view where, std::string_view key,
                      std::size_t maxBytes, bool allowEmpty = false) {
    const json& v = require(object, where, key);
    if (!v.is_string()) malformed(field(where, key) + " must be a string");
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > maxBytes)
        tooLarge(field(where, key) + " is longer than " + std::to_string(maxBytes) + " bytes");
    if (s.empty() && !allowEmpty) malformed(field(where, key) + " must not be empty");
    return s;
}

std::int64_t getInt(const json& object, std::string_view where, std::string_view key,
                    std::int64_t min = 0) {
    const json& v = require(object, where, key);
    std::int64_t n = 0;
    if (v.is_number_integer() && !v.is_number_unsigned()) {
        n = v.get<std::int64_t>();
    } else if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            malformed(field(where, key) + " is out of range");
        n = static_cast<std::int64_t>(u);
    } else {
        malformed(field(where, key) + " must be an integer");
    }
    if (n < min) malformed(field(where, key) + " must be at least " + std::to_string(min));
    return n;
}

bool getBool(const json& object, std::string_view where, std::string_view key) {
    const json& v = require(object, where, key);
    if (!v.is_boolean()) malformed(field(where, key) + " must be true or false");
    return v.get<bool>();
}

std::string getObjectText(const json& object, std::string_view where, std::string_view key) {
    const json& v = require(object, where, key);
    if (!v.is_object()) malformed(field(where, key) + " must be a JSON object");
    std::string text = v.dump();
    if (text.size() > kMaxPayloadBytes)
        tooLarge(field(where, key) + " is larger than " + std::to_string(kMaxPayloadBytes) +
                 " bytes");
    return text;
}

const json& getArray(const json& object, std::string_view where, std::string_view key,
                     std::size_t maxItems) {
    const json& v = require(object, where, key);
    if (!v.is_array()) malformed(field(where, key) + " must be an array");
    if (v.size() > maxItems)
        tooLarge(field(where, key) + " has " + std::to_string(v.size()) + " entries, more than " +
                 std::to_string(maxItems));
    return v;
}

const json& requireObject(const json& v, const std::string& where) {
    if (!v.is_object()) malformed(where + " must be a JSON object");
    return v;
}

// Payloads are kept as text on both ends; embedding them as objects keeps the wire readable.
json payloadJson(const std::string& text) {
    try {
        json v = json::parse(text);
        if (v.is_object()) return v;
    } catch (const json::exception&) {
    }
    malformed("payload is not a JSON object");
}

std::string dumpJson(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string_view syncErrorName(SyncError::Code code) {
    return kSyncErrors.name(code);
}

std::string_view opKindName(OpKind kind) {
    return kOpKinds.name(kind);
}

std::optional<OpKind> parseOpKind(std::string_view name) {
    return kOpKinds.parse(name);
}

std::string_view opOutcomeName(OpOutcome outcome) {
    return kOutcomes.name(outcome);
}

std::optional<OpOutcome> parseOpOutcome(std::string_view name) {
    return kOutcomes.parse(name);
}

bool isValidRole(std::string_view role) {
    return isDeskRoleName(role);
}

std::string encode(const PushRequest& request) {
    json ops = json::array();
    for (const auto& op : request.ops) {
        json entry{{"op_id", op.opId},
                   {"device_id", op.deviceId},
                   {"seq", op.seq},
                   {"kind", opKindName(op.kind)},
                   {"entity_id", op.entityId},
                   {"base_version", op.baseVersion},
                   {"payload", payloadJson(op.payload)}};
        if (!op.author.empty()) entry["author"] = op.author;
        ops.push_back(std::move(entry));
    }
    return dumpJson(json{{"ops", ops}});
}

PushRequest decodePushRequest(std::string_view body) {
    const json root = parseBody(body, "push request");
    PushRequest request;
    const json& ops = getArray(root, "push", "ops", kMaxOpsPerPush);
    request.ops.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::string where = "ops[" + std::to_string(i) + "]";
        const json& o = requireObject(ops[i], where);
        Op op;
        op.opId = getString(o, where, "op_id", kMaxIdBytes);
        op.deviceId = getString(o, where, "device_id", kMaxIdBytes);
        op.seq = getInt(o, where, "seq");
        const std::string kind = getString(o, where, "kind", kMaxIdBytes);
        const auto parsed = parseOpKind(kind);
        if (!parsed)
            throw SyncError(SyncError::Code::Unsupported,
                            field(where, "kind") + ": unknown op kind '" + kind + "'");
        op.kind = *parsed;
        op.entityId = getString(o, where, "entity_id", kMaxIdBytes);
        op.baseVersion = getInt(o, where, "base_version");
        op.payload = getObjectText(o, where, "payload");
        if (o.contains("author")) op.author = getString(o, where, "author", kMaxIdBytes);
        request.ops.push_back(std::move(op));
    }
    return request;
}

std::string encode(const PushResult& result) {
    json results = json::array();
    for (const auto& r : result.results) {
        json entry{{"op_id", r.opId}, {"result", opOutcomeName(r.outcome)}};
        entry["server_version"] = r.serverVersion ? json(*r.serverVersion) : json(nullptr);
        if (!r.error.empty()) entry["error"] = r.error;
        results.push_back(std::move(entry));
    }
    return dumpJson(json{{"results", results}});
}

PushResult decodePushResult(std::string_view body) {
    const json root = parseBody(body, "push result");
    PushResult result;
    const json& results = getArray(root, "push", "results", kMaxOpsPerPush);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const std::string where = "results[" + std::to_string(i) + "]";
        const json& o = requireObject(results[i], where);
        OpResult r;
        r.opId = getString(o, where, "op_id", kMaxIdBytes);
        const std::string outcome = getString(o, where, "result", kMaxIdBytes);
        const auto parsed = parseOpOutcome(outcome);
        if (!parsed)
            throw SyncError(SyncError::Code::Unsupported,
                            field(where, "result") + ": unknown result '" + outcome + "'");
        r.outcome = *parsed;
        if (o.contains("server_version") && !o["server_version"].is_null())
            r.serverVersion = getInt(o, where, "server_version");
        if (o.contains("error")) r.error = getString(o, where, "error", kMaxTextBytes, true);
        result.results.push_back(std::move(r));
    }
    return result;
}

std::string encode(const PullResponse& response) {
    json changes = json::array();
    for (const auto& c : response.changes)
        changes.push_back({{"seq", c.seq},
                           {"kind", c.kind},
                           {"entity_id", c.entityId},
                           {"version", c.version},
                           {"status", c.status},
                           {"payload", payloadJson(c.payload)}});
    return dumpJson(
        json{{"changes", changes}, {"cursor", response.cursor}, {"more", response.more}});
}

PullResponse decodePullResponse(std::string_view body) {
    const json root = parseBody(body, "pull response");
    PullResponse response;
    const json& changes =
        getArray(root, "pull", "changes", static_cast<std::size_t>(kMaxPullLimit));
    std::int64_t last = 0;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const std::string where = "changes[" + std::to_string(i) + "]";
        const json& o = requireObject(changes[i], where);
        Change c;
        c.seq = getInt(o, where, "seq", 1);
        // A client applies changes in order and stores the cursor with them: out of order is
        // a broken server, not something to sort out here.
        if (c.seq <= last) malformed(field(where, "seq") + " is not ascending");
        last = c.seq;
        c.kind = getString(o, where, "kind", kMaxIdBytes);
        c.entityId = getString(o, where, "entity_id", kMaxIdBytes);
        c.version = getInt(o, where, "version");
        c.status = getString(o, where, "status", kMaxIdBytes, true);
        c.payload = getObjectText(o, where, "payload");
        response.changes.push_back(std::move(c));
    }
    response.cursor = getInt(root, "pull", "cursor");
    if (response.cursor < last) malformed("pull.cursor is behind the last change");
    response.more = getBool(root, "pull", "more");
    return response;
}

std::string encode(const LoginRequest& request) {
    return dumpJson(json{{"username", request.username}, {"password", request.password}});
}

LoginRequest decodeLoginRequest(std::string_view body) {
    const json root = parseBody(body, "login");
    return {getString(root, "login", "username", kMaxIdBytes),
            getString(root, "login", "password", kMaxTextBytes)};
}

std::string encode(const Session& session) {
    return dumpJson(json{{"token", session.token},
                         {"user",
                          {{"username", session.username},
                           {"full_name", session.fullName},
                           {"role", session.role},
                           {"ward", session.ward}}},
                         {"expires_at", session.expiresAt}});
}

Session decodeSession(std::string_view body) {
    const json root = parseBody(body, "session");
    Session s;
    s.token = getString(root, "session", "token", kMaxIdBytes);
    const json& user = requireObject(require(root, "session", "user"), "session.user");
    s.username = getString(user, "session.user", "username", kMaxIdBytes);
    s.fullName = getString(user, "session.user", "full_name", kMaxTextBytes, true);
    s.role = getString(user, "session.user", "role", kMaxIdBytes);
    if (!isValidRole(s.role)) malformed("session.user.role: unknown role '" + s.role + "'");
    s.ward = getString(user, "session.user", "ward", kMaxIdBytes);
    s.expiresAt = getInt(root, "session", "expires_at");
    return s;
}

std::string encode(const ErrorBody& error) {
    return dumpJson(json{{"error", {{"code", error.code}, {"message", error.message}}}});
}

ErrorBody decodeErrorBody(std::string_view body) {
    const json root = parseBody(body, "error");
    const json& e = requireObject(require(root, "error", "error"), "error.error");
    return {getString(e, "error", "code", kMaxIdBytes),
            getString(e, "error", "message", kMaxTextBytes, true)};
}

namespace {

/// A "YYYY-MM-DD" that is a real date, in exactly that form.
std::string getDay(const json& object, std::string_view where, std::string_view key) {
    std::string day = getString(object, where, key, 10);
    const auto parsed = tryParseIsoDate(day);
    if (day.size() != 10 || !parsed || formatIsoDate(*parsed) != day)
        malformed(field(where, key) + " must be a date YYYY-MM-DD, not '" + day + "'");
    return day;
}

}  // namespace

std::string encode(const CountsResponse& counts) {
    json days = json::array();
    for (const auto& d : counts.days) days.push_back({{"day", d.day}, {"dossiers", d.dossiers}});
    return dumpJson(json{{"ward", counts.ward}, {"days", days}});
}

CountsResponse decodeCountsResponse(std::string_view body) {
    const json root = parseBody(body, "counts");
    CountsResponse counts;
    counts.ward = getString(root, "counts", "ward", kMaxIdBytes);
    const json& days = getArray(root, "counts", "days", static_cast<std::size_t>(kMaxCountDays));
    for (std::size_t i = 0; i < days.size(); ++i) {
        const std::string where = "days[" + std::to_string(i) + "]";
        const json& o = requireObject(days[i], where);
        DayCount d{getDay(o, where, "day"), getInt(o, where, "dossiers")};
        if (!counts.days.empty() && d.day <= counts.days.back().day)
            malformed(field(where, "day") + " is not ascending");
        counts.days.push_back(std::move(d));
    }
    return counts;
}

PullResponse decodeSnapshotResponse(std::string_view body) {
    const json root = parseBody(body, "snapshot");
    PullResponse response;
    const json& changes =
        getArray(root, "snapshot", "changes", static_cast<std::size_t>(kMaxPullLimit));
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const std::string where = "changes[" + std::to_string(i) + "]";
        const json& o = requireObject(changes[i], where);
        Change c;
        c.seq = getInt(o, where, "seq", 1);
        c.kind = getString(o, where, "kind", kMaxIdBytes);
        if (c.kind != kSnapshotKind)
            malformed(field(where, "kind") + " must be " + std::string(kSnapshotKind) + ", not '" +
                      c.kind + "'");
        c.entityId = getString(o, where, "entity_id", kMaxIdBytes);
        if (!response.changes.empty() && c.entityId <= response.changes.back().entityId)
            malformed(field(where, "entity_id") + " is not ascending");
        c.version = getInt(o, where, "version", 1);
        c.status = getString(o, where, "status", kMaxIdBytes, true);
        c.payload = getObjectText(o, where, "payload");
        response.changes.push_back(std::move(c));
    }
    response.cursor = getInt(root, "snapshot", "cursor");
    response.more = getBool(root, "snapshot", "more");
    return response;
}

}  // namespace motcua::sync
