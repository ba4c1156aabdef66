// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The sync protocol v1 (DESIGN.md "Sync protocol"): the messages the desk and the server
// exchange, and their one JSON encoding. Decoders are strict: a wrong type, a missing field, an
// unknown op kind or an oversized value is a SyncError(Malformed | TooLarge) naming the field,
// never a default silently filled in. Unknown extra fields are ignored so that a newer peer may
// add optional fields without a protocol bump.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/limits.h"

namespace motcua::sync {

/// The one exception type of the sync layer.
class SyncError : public std::runtime_error {
public:
    enum class Code {
        Malformed,  ///< not the JSON the protocol expects (syntax, type, missing field, bad value)
        TooLarge,   ///< a body, list or value over the protocol's limits
        Unsupported,     ///< an unknown op kind or outcome
        Network,         ///< no answer: connection, TLS or timeout; nothing is lost, retry later
        Unauthorized,    ///< 401: wrong credentials or the session expired; log in again
        ProtocolTooOld,  ///< 426: this desk must be updated before it can sync
        Server,          ///< any other unexpected answer from the server
    };
    SyncError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};
std::string_view syncErrorName(SyncError::Code code);

/// Every request carries this header; a server answers 426 to a missing or older version.
inline constexpr std::string_view kProtocolHeader = "X-MotCua-Protocol";
inline constexpr int kProtocolVersion = 1;

/// Limits both ends enforce. A body over kMaxBodyBytes is refused before it is parsed.
inline constexpr std::size_t kMaxBodyBytes = 8u * 1024u * 1024u;
inline constexpr std::size_t kMaxOpsPerPush = 1000;
/// One op's or change's payload: core's limit, which a dossier at every field limit fits in.
inline constexpr std::size_t kMaxPayloadBytes = limits::kPayloadBytes;
/// A pull or snapshot page is cut before its encoding passes this, well under kMaxBodyBytes
/// whatever its changes hold, so a page of large dossiers never exceeds what a desk reads.
inline constexpr std::size_t kMaxPageBytes = 4u * 1024u * 1024u;
inline constexpr std::size_t kMaxIdBytes = 128;     ///< op ids, device ids, entity ids, tokens
inline constexpr std::size_t kMaxTextBytes = 1024;  ///< names, passwords, reasons
inline constexpr int kMaxPullLimit = 1000;

enum class OpKind { DossierIntake, DossierAction, DossierEdit, DossierFiles };
std::string_view opKindName(OpKind kind);  ///< "dossier.intake", ...
std::optional<OpKind> parseOpKind(std::string_view name);

/// One outbox op as it travels. `payload` is the text of a JSON object.
struct Op {
    std::string opId;
    std::string deviceId;
    std::int64_t seq = 0;  ///< the desk's outbox order
    OpKind kind = OpKind::DossierIntake;
    std::string entityId;  ///< the dossier code
    std::int64_t baseVersion = 0;
    std::string payload = "{}";
    /// The server account of the person who made the op at the desk; empty when nobody signed
    /// in with one (the CLI, a local account): the op is then the pushing session's. The server
    /// checks the role of this account, which must be of the session's ward.
    std::string author;
    bool operator==(const Op&) const = default;
};

struct PushRequest {
    std::vector<Op> ops;
    bool operator==(const PushRequest&) const = default;
};

enum class OpOutcome { Applied, Duplicate, Conflict, Rejected };
std::string_view opOutcomeName(OpOutcome outcome);  ///< "applied", ...
std::optional<OpOutcome> parseOpOutcome(std::string_view name);

struct OpResult {
    std::string opId;
    OpOutcome outcome = OpOutcome::Applied;
    std::optional<std::int64_t>
        serverVersion;  ///< the entity's version on the server, if it has one
    std::string error;  ///< why, for conflict and rejected
    bool operator==(const OpResult&) const = default;
};

struct PushResult {
    std::vector<OpResult> results;  ///< one per op, in the request's order
    bool operator==(const PushResult&) const = default;
};

/// One change on the server, for pull.
struct Change {
    std::int64_t seq = 0;  ///< the server's sequence; clients never order by clocks
    std::string kind;      ///< the op kind that made it, e.g. "dossier.intake"
    std::string entityId;
    std::int64_t version = 0;
    std::string status;
    std::string payload = "{}";  ///< JSON object text
    bool operator==(const Change&) const = default;
};

struct PullResponse {
    std::vector<Change> changes;  ///< ascending seq
    std::int64_t cursor = 0;      ///< pass back as ?cursor= to continue
    bool more = false;            ///< more changes wait past this page
    bool operator==(const PullResponse&) const = default;
};

struct LoginRequest {
    std::string username;
    std::string password;
};

struct Session {
    std::string token;  ///< bearer token
    std::string username;
    std::string fullName;
    std::string role;            ///< "officer", "supervisor", "admin"
    std::string ward;            ///< unit code
    std::int64_t expiresAt = 0;  ///< Unix seconds
    bool operator==(const Session&) const = default;
};

/// The body of every 4xx/5xx answer.
struct ErrorBody {
    std::string code;  ///< stable, e.g. "MalformedBody"
    std::string message;
    bool operator==(const ErrorBody&) const = default;
};

/// GET /api/v1/sync/counts?from=YYYY-MM-DD&to=YYYY-MM-DD: the caller's ward's dossiers per day
/// (the day in the dossier code), for the count check after a sync. At most kMaxCountDays days.
inline constexpr int kMaxCountDays = 366;

struct DayCount {
    std::string day;  ///< "YYYY-MM-DD"
    std::int64_t dossiers = 0;
    bool operator==(const DayCount&) const = default;
};

struct CountsResponse {
    std::string ward;            ///< unit code
    std::vector<DayCount> days;  ///< ascending by day; days without dossiers are left out
    bool operator==(const CountsResponse&) const = default;
};

/// GET /api/v1/sync/snapshot?day=YYYY-MM-DD&after=CODE&limit=M answers a PullResponse whose
/// changes are one per dossier of that day, ordered by code (so seq is not ascending), each of
/// this kind with the server's current dossier as payload; cursor is 0. The desk repairs a day
/// whose counts disagree with it, rather than resetting its cursor.
inline constexpr std::string_view kSnapshotKind = "dossier.snapshot";

bool isValidRole(std::string_view role);

std::string encode(const PushRequest& request);
std::string encode(const PushResult& result);
std::string encode(const PullResponse& response);
std::string encode(const LoginRequest& request);
std::string encode(const Session& session);
std::string encode(const ErrorBody& error);
std::string encode(const CountsResponse& counts);

PushRequest decodePushRequest(std::string_view body);
PushResult decodePushResult(std::string_view body);
PullResponse decodePullResponse(std::string_view body);
LoginRequest decodeLoginRequest(std::string_view body);
Session decodeSession(std::string_view body);
ErrorBody decodeErrorBody(std::string_view body);
/// Days must be valid dates, strictly ascending, dossiers >= 0, at most kMaxCountDays of them.
CountsResponse decodeCountsResponse(std::string_view body);
/// The snapshot's PullResponse: entity ids strictly ascending, every kind kSnapshotKind, seq >= 1.
PullResponse decodeSnapshotResponse(std::string_view body);

}  // namespace motcua::sync
