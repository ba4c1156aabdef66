// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk's side of sync as the store sees it: applying pulled changes with their cursor,
// which blobs the server has, the ward's accounts and offline sign-in, the count check.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dossier_rows.h"
#include "motcua/core/dossier_code.h"
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

/// A pulled change that cannot be applied; kept, never thrown, so the rest of the page goes on.
struct Unapplicable {
    std::string problem;
};

std::string text(const json& object, const char* key, bool required = true) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) throw Unapplicable{std::string("the dossier has no ") + key};
        return {};
    }
    if (!it->is_string()) throw Unapplicable{std::string(key) + " is not text"};
    return it->get<std::string>();
}

std::int64_t integer(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        throw Unapplicable{std::string(key) + " is missing or not an integer"};
    return it->get<std::int64_t>();
}

LocalDateTime dateTime(const std::string& value, const char* key) {
    try {
        return parseIsoDateTime(value);
    } catch (const Error&) {
        throw Unapplicable{std::string(key) + " is not an ISO date-time: " + value};
    }
}

/// The server's full dossier JSON (the intake payload as the desk wrote it, kept current by
/// the server) as a Dossier. The procedure name comes from this desk's catalog.
Dossier dossierFromPayload(Database& db, const RemoteChange& change, const json& p) {
    Dossier d;
    d.code = change.entityId;
    if (text(p, "code") != d.code) throw Unapplicable{"the payload is for " + text(p, "code")};
    d.procedureCode = text(p, "procedure");
    Statement proc(db, "SELECT name FROM procedures WHERE code = ?");
    proc.bind(1, d.procedureCode);
    if (!proc.step())
        throw Unapplicable{"procedure " + d.procedureCode + " is not in this desk's catalog"};
    d.procedureName = proc.getText(0);
    const auto status = parseStatus(change.status.empty() ? text(p, "status") : change.status);
    if (!status) throw Unapplicable{"unknown status " + change.status};
    d.status = *status;

    const auto applicant = p.find("applicant");
    if (applicant == p.end() || !applicant->is_object())
        throw Unapplicable{"the dossier has no applicant"};
    d.applicant.fullName = text(*applicant, "full_name");
    d.applicant.idNumber = text(*applicant, "id_number", false);
    d.applicant.address = text(*applicant, "address", false);
    d.applicant.phone = text(*applicant, "phone", false);
    d.applicant.email = text(*applicant, "email", false);
    if (const auto dob = text(*applicant, "date_of_birth", false); !dob.empty()) {
        d.applicant.dateOfBirth = tryParseIsoDate(dob);
        if (!d.applicant.dateOfBirth) throw Unapplicable{"date_of_birth is not a date: " + dob};
    }
    if (const auto g = text(*applicant, "gender", false); !g.empty())
        d.applicant.gender = parseGender(g);

    if (const auto docs = p.find("documents"); docs != p.end() && docs->is_array()) {
        for (const auto& doc : *docs) {
            if (!doc.is_object()) throw Unapplicable{"a document is not an object"};
            const auto form = parseDocumentForm(text(doc, "form"));
            if (!form) throw Unapplicable{"unknown document form " + text(doc, "form")};
            SubmittedDocument item{
                text(doc, "name"), *form, static_cast<int>(integer(doc, "count")), {}};
            if (const auto files = doc.find("files"); files != doc.end() && !files->is_null()) {
                if (!files->is_array()) throw Unapplicable{"a document's files are not a list"};
                for (const auto& sha : *files) {
                    if (!sha.is_string() || !isHex64(sha.get<std::string>()))
                        throw Unapplicable{"a document's file is not a SHA-256"};
                    item.files.push_back(sha.get<std::string>());
                }
            }
            d.documents.push_back(std::move(item));
        }
    }
    if (const auto files = p.find("attachments"); files != p.end() && files->is_array()) {
        for (const auto& a : *files) {
            if (!a.is_object() || !isHex64(text(a, "sha256")))
                throw Unapplicable{"an attachment has no valid sha256"};
            d.attachments.push_back({text(a, "sha256"), text(a, "file_name"), integer(a, "size")});
        }
    }
    d.sets = static_cast<int>(integer(p, "sets"));
    d.fee = Money{integer(p, "fee_vnd")};
    const auto channel = parseReturnChannel(text(p, "return_channel"));
    if (!channel) throw Unapplicable{"unknown return channel " + text(p, "return_channel")};
    d.returnChannel = *channel;
    d.receivedAt = dateTime(text(p, "received_at"), "received_at");
    d.dueAt = dateTime(text(p, "due_at"), "due_at");
    if (const auto r = text(p, "returned_at", false); !r.empty())
        d.returnedAt = dateTime(r, "returned_at");
    d.registerBook = static_cast<int>(integer(p, "register_book"));
    d.registerSequence = static_cast<int>(integer(p, "register_seq"));
    d.receivedBy = text(p, "received_by", false);
    // Dossiers from before channels were recorded came to the counter.
    if (const auto came = text(p, "channel", false); !came.empty()) {
        const auto parsed = parseChannel(came);
        if (!parsed) throw Unapplicable{"unknown channel " + came};
        d.channel = *parsed;
    }
    if (const auto at = text(p, "submitted_at", false); !at.empty())
        d.submittedAt = dateTime(at, "submitted_at");
    d.portalRef = text(p, "portal_ref", false);
    d.version = static_cast<int>(change.version);
    if (d.version < 1)
        throw Unapplicable{"version " + std::to_string(change.version) + " is not positive"};
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
    Statement result(
        db,
        "INSERT OR IGNORE INTO dossier_results (dossier_id, sha256, file_name, signed, added_at) "
        "VALUES (?,?,?,?,?)");
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
                throw Unapplicable{"the payload is not JSON"};
            }
            if (!payload.is_object()) throw Unapplicable{"the payload is not a JSON object"};

            if (change.kind == "account.user") {
                const std::string role = text(payload, "role");
                if (!isDeskRoleName(role)) throw Unapplicable{"unknown role " + role};
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
                    throw Unapplicable{e.what()};
                } catch (const StoreError& e) {
                    throw Unapplicable{e.what()};
                }
                audit.append({nowIso, ward.officerName, change.kind, std::nullopt, "server",
                              std::nullopt, std::nullopt, json{{"seq", change.seq}}.dump()});
                ++applied.reference;
                continue;
            }
            if (change.kind.rfind("dossier.", 0) != 0)
                throw Unapplicable{"unknown change kind " + change.kind};

            try {
                if (DossierCode::parse(change.entityId).unitCode() != ward.unitCode)
                    throw Unapplicable{"the dossier belongs to another ward"};
            } catch (const Error& e) {
                throw Unapplicable{"not a dossier code: " + std::string(e.what())};
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
            Dossier incoming = dossierFromPayload(db, change, payload);
            std::optional<std::string> fromStatus;
            if (!local) {
                writer.insert(incoming, nowIso);
                ++applied.inserted;
            } else {
                fromStatus = std::string(statusName(local->status));
                // A server that does not relay how the dossier came leaves what this desk knows.
                if (!payload.contains("channel")) incoming.channel = local->channel;
                if (!payload.contains("submitted_at")) incoming.submittedAt = local->submittedAt;
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
            // Result documents made at another desk: named here, their bytes fetched by sync.
            for (const std::string key : {"draft", "result"}) {
                const auto sha = payload.find(key + "_sha256");
                if (sha == payload.end() || !sha->is_string() || !isHex64(sha->get<std::string>()))
                    continue;
                const auto name = payload.find(key + "_file_name");
                result.reset();
                result.bind(1, incoming.id).bind(2, sha->get<std::string>());
                result.bind(3, name != payload.end() && name->is_string() ? name->get<std::string>()
                                                                          : key + ".pdf");
                result.bind(4, key == "result" ? 1 : 0).bind(5, nowIso).run();
            }
            audit.append(
                {nowIso, ward.officerName, "sync.pull", incoming.id, incoming.code, fromStatus,
                 std::string(statusName(incoming.status)),
                 json{{"seq", change.seq}, {"kind", change.kind}, {"version", change.version}}
                     .dump()});
        } catch (const Unapplicable& u) {
            problem.reset();
            problem.bind(1, nowIso)
                .bind(2, change.seq)
                .bind(3, change.kind)
                .bind(4, change.entityId);
            problem.bind(5, u.problem)
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
