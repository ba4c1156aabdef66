// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's side of sync as the store sees it: applying pulled changes with their cursor,
// which blobs the server has, the ward's accounts and offline sign-in, the count check.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dossier_rows.h"
#include "result_rows.h"
#include "motcua/core/dossier_code.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "motcua/core/password_hash.h"
#include "motcua/core/role.h"
#include "motcua/core/sha256.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

namespace {

// Sync state lives in the settings table beside the ward's settings.
constexpr std::string_view kCursorKey = "sync.pull_cursor";
constexpr std::string_view kLastSuccessKey = "sync.last_success_at";
constexpr std::string_view kLastErrorKey = "sync.last_error";
// Pulled changes this desk could not apply, kept for a person: at most this many, the newest,
// each with the start of its payload.
constexpr std::int64_t kMaxSyncProblems = 1000;
constexpr std::size_t kMaxSyncProblemPayload = 16 * 1024;

/// A pulled change that cannot be applied: caught for each change and kept for a person, so
/// the rest of the page goes on.
struct UnusableChange : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string text(const json& object, const char* key, bool required = true) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) throw UnusableChange(std::string("the change has no ") + key);
        return {};
    }
    if (!it->is_string()) throw UnusableChange(std::string(key) + " is not text");
    return it->get<std::string>();
}

/// The server's full dossier JSON (the intake payload as the desk wrote it, kept current by
/// the server) as a Dossier, through core's payload codec. The procedure name comes from this
/// desk's catalog; the status and version the change names win over the payload's.
Dossier dossierFromPayload(Database& db, const RemoteChange& change) {
    Dossier d;
    try {
        d = payload::decodeDossier(change.payload);
    } catch (const Error& e) {
        throw UnusableChange(e.what());
    }
    if (d.code != change.entityId) throw UnusableChange("the payload is for " + d.code);
    Statement proc(db, "SELECT name FROM procedures WHERE code = ?");
    proc.bind(1, d.procedureCode);
    if (!proc.step())
        throw UnusableChange("procedure " + d.procedureCode + " is not in this desk's catalog");
    d.procedureName = proc.getText(0);
    if (!change.status.empty()) {
        const auto status = parseStatus(change.status);
        if (!status) throw UnusableChange("unknown status " + change.status);
        d.status = *status;
    }
    if (change.version < 1)
        throw UnusableChange("version " + std::to_string(change.version) + " is not positive");
    d.version = static_cast<int>(change.version);
    return d;
}

}  // namespace

PullApplied Pull::apply(const std::vector<RemoteChange>& changes,
                        std::optional<std::int64_t> cursor, bool serverWins) {
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    const std::string nowIso = implOf(m_store).nowIso();
    PullApplied applied;
    DossierWriter writer(db);
    AuditLog audit(db);
    Statement pending(db, "SELECT 1 FROM outbox WHERE entity_id = ? AND state = 'pending' LIMIT 1");
    Statement wanted(db, "INSERT OR IGNORE INTO wanted_blobs (sha256, since) VALUES (?, ?)");
    Statement problem(db,
                      "INSERT INTO sync_problems (at, seq, kind, entity_id, problem, payload) "
                      "VALUES (?,?,?,?,?,?)");
    Statement refetch(
        db, "INSERT OR IGNORE INTO sync_refetch (code, reason, at) VALUES (?, 'held back', ?)");
    Statement refetched(db, "DELETE FROM sync_refetch WHERE code = ?");
    ResultRows results(db);
    Statement account(
        db,
        "INSERT INTO ward_accounts (username, full_name, role, ward, updated_at) VALUES "
        "(?,?,?,?,?) "
        "ON CONFLICT(username) DO UPDATE SET full_name = excluded.full_name, role = excluded.role, "
        "ward = excluded.ward, updated_at = excluded.updated_at");

    for (const auto& change : changes) {
        try {
            json payload;
            try {
                payload = json::parse(change.payload);
            } catch (const json::exception&) {
                throw UnusableChange("the payload is not JSON");
            }
            if (!payload.is_object()) throw UnusableChange("the payload is not a JSON object");

            if (change.kind == "account.user") {
                const std::string role = text(payload, "role");
                if (!isDeskRoleName(role)) throw UnusableChange("unknown role " + role);
                account.reset();
                account.bind(1, text(payload, "username")).bind(2, text(payload, "full_name"));
                account.bind(3, role).bind(4, text(payload, "ward")).bind(5, nowIso).run();
                ++applied.accounts;
                continue;
            }
            if (change.kind == "catalog.import" || change.kind == "calendar.import") {
                try {
                    if (change.kind == "catalog.import")
                        writeProcedures(db, parseCatalog(change.payload));
                    else
                        writeCalendar(db, parseCalendar(change.payload));
                } catch (const Error& e) {
                    throw UnusableChange(e.what());
                } catch (const StoreError& e) {
                    throw UnusableChange(e.what());
                }
                audit.append({nowIso, ward.officerName, change.kind, std::nullopt, "server",
                              std::nullopt, std::nullopt, json{{"seq", change.seq}}.dump()});
                ++applied.reference;
                continue;
            }
            if (change.kind.rfind("dossier.", 0) != 0)
                throw UnusableChange("unknown change kind " + change.kind);

            try {
                if (DossierCode::parse(change.entityId).unitCode() != ward.unitCode)
                    throw UnusableChange("the dossier belongs to another ward");
            } catch (const Error& e) {
                throw UnusableChange("not a dossier code: " + std::string(e.what()));
            }
            auto local = loadByCode(db, change.entityId);
            pending.reset();
            pending.bind(1, change.entityId);
            const bool hasPending = pending.step();
            if (hasPending) {
                // Local changes wait to be pushed; the server answers them first, then the
                // dossier is fetched again (dossiersToRefetch).
                refetch.reset();
                refetch.bind(1, change.entityId).bind(2, nowIso).run();
                ++applied.heldBack;
                continue;
            }
            if (!serverWins && local && local->version >= change.version) {
                ++applied.current;
                continue;
            }
            if (serverWins) {
                refetched.reset();
                refetched.bind(1, change.entityId).run();
            }
            Dossier incoming = dossierFromPayload(db, change);
            // From a desk that still attached loosely: every file belongs to a document here.
            fileLooseAttachments(incoming);
            std::optional<std::string> fromStatus;
            if (!local) {
                writer.insert(incoming, nowIso);
                ++applied.inserted;
            } else {
                fromStatus = std::string(statusName(local->status));
                // A server that does not relay how the dossier came leaves what this desk knows.
                if (!payload.contains("channel")) incoming.channel = local->channel;
                if (!payload.contains(payload::kSubmittedAt))
                    incoming.submittedAt = local->submittedAt;
                if (!payload.contains("portal_ref")) incoming.portalRef = local->portalRef;
                writer.replace(*local, incoming, nowIso);
                ++applied.updated;
            }
            // An online or postal submission's files: the officer looks at them at the desk,
            // offline too, so sync fetches them (Blobs::missingSubmissionFiles).
            if (incoming.channel != Channel::Counter) {
                for (const auto& a : incoming.attachments) {
                    std::error_code ec;
                    if (std::filesystem::exists(m_store.blobs().path(a.sha256), ec)) continue;
                    wanted.reset();
                    wanted.bind(1, a.sha256).bind(2, nowIso).run();
                }
            }
            // Result documents made at another desk: named here, their bytes fetched by sync;
            // the electronic results numbered as the server numbered them.
            for (const bool isResult : {false, true}) {
                std::vector<Attachment> named;
                const auto sha =
                    payload.find(isResult ? payload::kResultSha256 : payload::kDraftSha256);
                if (sha != payload.end() && sha->is_string() &&
                    isSha256Hex(sha->get<std::string>())) {
                    const auto name =
                        payload.find(isResult ? payload::kResultFileName : payload::kDraftFileName);
                    named.push_back({sha->get<std::string>(),
                                     name != payload.end() && name->is_string()
                                         ? name->get<std::string>()
                                         : std::string(isResult ? "result.pdf" : "draft.pdf"),
                                     0});
                }
                results.adopt(incoming, named, isResult, nowIso);
            }
            audit.append(
                {nowIso, ward.officerName, "sync.pull", incoming.id, incoming.code, fromStatus,
                 std::string(statusName(incoming.status)),
                 json{{"seq", change.seq}, {"kind", change.kind}, {"version", change.version}}
                     .dump()});
        } catch (const UnusableChange& u) {
            problem.reset();
            problem.bind(1, nowIso)
                .bind(2, change.seq)
                .bind(3, change.kind)
                .bind(4, change.entityId);
            problem.bind(5, u.what())
                .bind(6, change.payload.substr(0, kMaxSyncProblemPayload))
                .run();
            ++applied.problems;
        }
    }
    if (applied.problems > 0) {
        // Kept for a person, not for ever: the newest ones, so a server that keeps sending what
        // this desk cannot apply does not fill its disk.
        Statement trim(
            db, "DELETE FROM sync_problems WHERE id <= (SELECT max(id) FROM sync_problems) - ?");
        trim.bind(1, kMaxSyncProblems).run();
    }
    if (cursor) {
        const std::string previous = settingValue(db, kCursorKey);
        if (!previous.empty() && storedInteger(previous, "the pull cursor") > *cursor)
            throw StoreError(StoreError::Code::InvalidInput, "the pull cursor would go back from " +
                                                                 previous + " to " +
                                                                 std::to_string(*cursor));
        setSetting(db, kCursorKey, std::to_string(*cursor));
    }
    tx.commit();
    return applied;
}

std::vector<std::string> Pull::dossiersToRefetch() {
    Statement st(implOf(m_store).db,
                 "SELECT r.code FROM sync_refetch r WHERE NOT EXISTS (SELECT 1 FROM outbox o "
                 "WHERE o.entity_id = r.code AND o.state = 'pending') ORDER BY r.code");
    std::vector<std::string> codes;
    while (st.step()) codes.push_back(st.getText(0));
    return codes;
}

void Pull::keepLocalVersion(const std::string& code) {
    Statement st(implOf(m_store).db, "DELETE FROM sync_refetch WHERE code = ?");
    st.bind(1, code).run();
}

std::int64_t Pull::cursor() {
    const std::string value = settingValue(implOf(m_store).db, kCursorKey);
    return value.empty() ? 0 : storedInteger(value, "the pull cursor");
}

std::vector<DayCount> Pull::syncedDossierCounts(Date from, Date to) {
    auto& db = implOf(m_store).db;
    const WardSettings ward = implOf(m_store).requireSettings();
    // By the day of the code, as the server counts: a submission's code is the day the server
    // took it, which is neither when it was submitted nor when it was accepted. Codes are
    // `<unit>-YYMMDD-NNNN`, so the days are a range of the code's index.
    const auto codeDay = [&](Date day) {
        const std::string iso = formatIsoDate(day);  // "2026-03-10" -> "<unit>-260310"
        return ward.unitCode + "-" + iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2);
    };
    Statement st(db,
                 "SELECT substr(d.code, -11, 6) AS day, count(*) FROM dossiers d "
                 "WHERE d.code >= ?1 AND d.code < ?2 "
                 "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = d.code "
                 "AND o.kind = 'dossier.intake' AND o.state IN ('pending','rejected')) "
                 "GROUP BY day ORDER BY day");
    st.bind(1, codeDay(from)).bind(2, codeDay(Date{Days{to} + std::chrono::days{1}}));
    std::vector<DayCount> counts;
    while (st.step()) {
        const std::string yymmdd = st.getText(0);
        const auto day = tryParseIsoDate("20" + yymmdd.substr(0, 2) + "-" + yymmdd.substr(2, 2) +
                                         "-" + yymmdd.substr(4, 2));
        if (day) counts.push_back({*day, st.getInt(1)});
    }
    return counts;
}

std::optional<std::pair<Date, Date>> Pull::dossierDayRange() {
    Statement st(implOf(m_store).db, "SELECT min(received_at), max(received_at) FROM dossiers");
    if (!st.step() || st.isNull(0)) return std::nullopt;
    return std::pair{parseIsoDateTime(st.getText(0)).date(),
                     parseIsoDateTime(st.getText(1)).date()};
}

void Pull::recordAttempt(bool ok, const std::string& error) {
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    if (ok) setSetting(db, kLastSuccessKey, implOf(m_store).nowIso());
    setSetting(db, kLastErrorKey, ok ? std::string() : error);
    tx.commit();
}

SyncStatus Pull::status() {
    auto& db = implOf(m_store).db;
    SyncStatus status;
    status.pullCursor = cursor();
    if (const auto at = settingValue(db, kLastSuccessKey); !at.empty())
        status.lastSuccess = parseIsoDateTime(at);
    status.lastError = settingValue(db, kLastErrorKey);
    Statement st(db,
                 "SELECT count(*) FILTER (WHERE state = 'pending'), "
                 "count(*) FILTER (WHERE state = 'conflict' AND resolved_at IS NULL), "
                 "count(*) FILTER (WHERE state = 'rejected' AND resolved_at IS NULL) FROM outbox");
    st.step();
    status.pending = st.getInt(0);
    status.conflicts = st.getInt(1);
    status.rejected = st.getInt(2);
    Statement problems(db, "SELECT count(*) FROM sync_problems");
    problems.step();
    status.problems = problems.getInt(0);
    return status;
}

}  // namespace motcua::store
