// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <algorithm>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/core/password_hash.h"
#include "motcua/core/uuid.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

std::string settingValue(Database& db, std::string_view key) {
    Statement st(db, "SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.getText(0) : std::string();
}

void setSetting(Database& db, std::string_view key, std::string_view value) {
    Statement st(db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
    st.bind(1, key).bind(2, value).run();
}

WardSettings Store::Impl::requireSettings() {
    WardSettings s;
    s.unitCode = settingValue(db, "unit_code");
    if (s.unitCode.empty())
        throw StoreError(StoreError::Code::NotInitialized,
                         "the database " + db.path() + " has no ward yet; run `motcua init` first");
    s.unitName = settingValue(db, "unit_name");
    s.deskNumber = std::stoi(settingValue(db, "desk_number"));
    s.officerName = settingValue(db, "officer_name");
    s.placeName = settingValue(db, "place_name");
    s.deviceId = settingValue(db, "device_id");
    if (const auto hours = settingValue(db, "office_hours"); !hours.empty())
        s.officeHours = OfficeHours::parse(hours);
    return s;
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Store Store::open(const std::string& path, OpenMode mode, const Clock& clock) {
    const bool create = mode == OpenMode::Create;
    if (create) {
        std::error_code ec;
        const auto parent = std::filesystem::path(path).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    }
    auto impl = std::make_unique<Impl>(path, create, clock);
    // What the file is decides what may be written to it: nothing, until it is known ours.
    const int version = checkSchema(impl->db, create);
    if (mode != OpenMode::Read || version < latestSchemaVersion()) {
        impl->db.useWal();
        migrate(impl->db);
    }
    Store store(std::move(impl));
    if (mode != OpenMode::Read) removeAbandonedIncoming(store.blobDir());
    return store;
}

Store Store::open(const std::string& path, bool create, const Clock& clock) {
    return open(path, create ? OpenMode::Create : OpenMode::Write, clock);
}

int Store::schemaVersion() { return latestSchemaVersion(); }
const std::string& Store::path() const { return m_impl->db.path(); }

std::string Store::blobDir() const {
    return (std::filesystem::path(m_impl->db.path()).parent_path() / "blobs").string();
}

Database& Store::database() { return m_impl->db; }

bool Store::isInitialized() { return !settingValue(m_impl->db, "unit_code").empty(); }

void Store::initialize(const WardSettings& ward, const std::string& catalogJson,
                       const std::string& calendarJson) {
    if (!isValidUnitCode(ward.unitCode))
        throw Error(Errc::InvalidArgument, "unit code '" + ward.unitCode +
                                               "' is not a QCVN 102 code such as 000.00.15.H30");
    if (ward.deskNumber < 1 || ward.deskNumber > 9)
        throw Error(Errc::DeskNumberRange, "desk number must be 1-9");
    if (trim(ward.unitName).empty()) throw Error(Errc::InvalidArgument, "unit name is empty");
    WorkCalendar{ward.officeHours};  // validates the office hours
    // Parse everything before the transaction: bad input changes nothing.
    const auto procedures = parseCatalog(catalogJson);
    const auto calendar = parseCalendar(calendarJson);

    auto& db = m_impl->db;
    Transaction tx(db);
    if (!settingValue(db, "unit_code").empty())
        throw StoreError(StoreError::Code::AlreadyInitialized,
                         "the database " + db.path() + " already belongs to ward " +
                             settingValue(db, "unit_code"));
    const std::string deviceId = ward.deviceId.empty() ? newUuid() : ward.deviceId;
    setSetting(db, "unit_code", ward.unitCode);
    setSetting(db, "unit_name", composeVietnamese(ward.unitName));
    setSetting(db, "desk_number", std::to_string(ward.deskNumber));
    setSetting(db, "officer_name", composeVietnamese(ward.officerName));
    setSetting(db, "place_name", composeVietnamese(ward.placeName));
    setSetting(db, "device_id", deviceId);
    setSetting(db, "office_hours", ward.officeHours.str());
    writeProcedures(db, procedures);
    writeCalendar(db, calendar);
    appendAudit(db, {m_impl->nowIso(), ward.officerName, "init", std::nullopt, ward.unitCode,
                     std::nullopt, std::nullopt,
                     json{{"unit_name", ward.unitName},
                          {"desk", ward.deskNumber},
                          {"device_id", deviceId},
                          {"procedures", procedures.size()}}
                         .dump()});
    tx.commit();
}

WardSettings Store::settings() { return m_impl->requireSettings(); }

void Store::setOfficer(const std::string& officerName) {
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    setSetting(db, "officer_name", composeVietnamese(officerName));
    setSetting(db, kOfficerUsernameKey, "");
    appendAudit(db, {m_impl->nowIso(), officerName, "officer.sign_in", std::nullopt, ward.unitCode,
                     std::nullopt, std::nullopt, json{{"previous", ward.officerName}}.dump()});
    tx.commit();
}

void Store::setOfficeHours(const OfficeHours& hours) {
    WorkCalendar{hours};  // validates
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    setSetting(db, "office_hours", hours.str());
    appendAudit(db, {m_impl->nowIso(), ward.officerName, "settings.office_hours", std::nullopt,
                     ward.unitCode, std::nullopt, std::nullopt,
                     json{{"from", ward.officeHours.str()}, {"to", hours.str()}}.dump()});
    tx.commit();
}

void Store::addAccount(const std::string& name, std::string password) {
    const std::string officer = composeVietnamese(trim(name));
    const bool tooShort = password.size() < 6;
    const std::string verifier = tooShort ? std::string() : makePasswordVerifier(password);
    wipe(password);
    if (officer.empty()) throw Error(Errc::InvalidArgument, "the officer's name is empty");
    if (tooShort) throw Error(Errc::InvalidArgument, "a password needs at least 6 characters");
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    Statement exists(db, "SELECT 1 FROM local_accounts WHERE name = ?");
    exists.bind(1, officer);
    if (exists.step()) throw StoreError(StoreError::Code::NotAllowed, "there is already an account for " + officer);
    Statement add(db, "INSERT INTO local_accounts (name, verifier, created_at) VALUES (?, ?, ?)");
    add.bind(1, officer).bind(2, verifier).bind(3, m_impl->nowIso()).run();
    appendAudit(db, {m_impl->nowIso(), ward.officerName, "account.add", std::nullopt, officer, std::nullopt,
                     std::nullopt, "{}"});
    tx.commit();
}

std::vector<std::string> Store::accounts() {
    std::vector<std::string> names;
    Statement st(m_impl->db, "SELECT name FROM local_accounts ORDER BY name");
    while (st.step()) names.push_back(st.getText(0));
    return names;
}

bool Store::changePassword(const std::string& name, std::string current, std::string next) {
    const std::string officer = composeVietnamese(trim(name));
    struct Wipe {
        std::string& a;
        std::string& b;
        ~Wipe() {
            wipe(a);
            wipe(b);
        }
    } wipeBoth{current, next};
    if (next.size() < 6) throw Error(Errc::InvalidArgument, "a password needs at least 6 characters");
    std::string verifier;
    {
        Statement st(m_impl->db, "SELECT verifier FROM local_accounts WHERE name = ?");
        st.bind(1, officer);
        if (st.step()) verifier = st.getText(0);
    }
    const bool ok = !verifier.empty() && checkPassword(current, verifier);
    const std::string replacement = ok ? makePasswordVerifier(next) : std::string();
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    if (ok) {
        Statement set(db, "UPDATE local_accounts SET verifier = ? WHERE name = ?");
        set.bind(1, replacement).bind(2, officer).run();
    }
    appendAudit(db, {m_impl->nowIso(), officer, ok ? "account.password_changed" : "account.password_change_refused",
                     std::nullopt, officer, std::nullopt, std::nullopt, "{}"});
    tx.commit();
    return ok;
}

bool Store::signIn(const std::string& name, std::string password) {
    const std::string officer = composeVietnamese(trim(name));
    std::string verifier;
    {
        Statement st(m_impl->db, "SELECT verifier FROM local_accounts WHERE name = ?");
        st.bind(1, officer);
        if (st.step()) verifier = st.getText(0);
    }
    // An unknown name costs the same hashing as a wrong password: it is checked against a
    // verifier made once, with the same iterations, that no password matches in practice.
    static const std::string unknownName = makePasswordVerifier("-");
    const bool ok = checkPassword(password, verifier.empty() ? unknownName : verifier) && !verifier.empty();
    wipe(password);
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    if (ok) {
        setSetting(db, "officer_name", officer);
        setSetting(db, kOfficerUsernameKey, "");
    }
    appendAudit(db, {m_impl->nowIso(), officer, ok ? "officer.sign_in" : "officer.sign_in_failed", std::nullopt,
                     ward.unitCode, std::nullopt, std::nullopt, json{{"previous", ward.officerName}}.dump()});
    tx.commit();
    return ok;
}

int Store::importCatalog(const std::string& catalogJson) {
    const auto procedures = parseCatalog(catalogJson);
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    writeProcedures(db, procedures);
    json codes = json::array();
    for (const auto& p : procedures) codes.push_back(p.code);
    appendAudit(db, {m_impl->nowIso(), ward.officerName, "catalog.import", std::nullopt, "catalog",
                     std::nullopt, std::nullopt, json{{"codes", codes}}.dump()});
    tx.commit();
    return static_cast<int>(procedures.size());
}

int Store::importCalendar(const std::string& calendarJson) {
    const auto years = parseCalendar(calendarJson);
    auto& db = m_impl->db;
    Transaction tx(db);
    const auto ward = m_impl->requireSettings();
    writeCalendar(db, years);
    json list = json::array();
    for (const auto& [year, days] : years) list.push_back(year);
    appendAudit(db, {m_impl->nowIso(), ward.officerName, "calendar.import", std::nullopt, "calendar",
                     std::nullopt, std::nullopt, json{{"years", list}}.dump()});
    tx.commit();
    return static_cast<int>(years.size());
}

WorkCalendar Store::calendar() {
    const auto hours = settingValue(m_impl->db, "office_hours");
    WorkCalendar calendar(hours.empty() ? OfficeHours::standard() : OfficeHours::parse(hours));
    Statement st(m_impl->db, "SELECT date, kind, note FROM calendar_days");
    while (st.step()) {
        const auto date = tryParseIsoDate(st.getText(0));
        if (!date) continue;  // CHECK constraints and the importer keep this from happening
        calendar.setOverride({*date,
                              st.getText(1) == "off" ? CalendarOverride::Kind::DayOff
                                                     : CalendarOverride::Kind::WorkDay,
                              st.getText(2)});
    }
    return calendar;
}

std::vector<Procedure> Store::procedures(const std::string& search) {
    std::vector<Procedure> result;
    const std::string folded = foldForSearch(search);
    Statement st(m_impl->db,
                 "SELECT code FROM procedures WHERE ? = '' OR instr(folded_name, ?) > 0 ORDER BY code");
    st.bind(1, folded).bind(2, folded);
    std::vector<std::string> codes;
    while (st.step()) codes.push_back(st.getText(0));
    for (const auto& code : codes) result.push_back(*procedure(code));
    return result;
}

std::optional<Procedure> Store::procedure(const std::string& code) {
    auto& db = m_impl->db;
    Statement st(db,
                 "SELECT code, name, sector, unit, limit_unit, limit_value, cutoff_minutes, fee_kind, "
                 "fee_amount, fee_tier_pages, fee_later_amount, fee_max_per_copy, fee_note "
                 "FROM procedures WHERE code = ?");
    st.bind(1, code);
    if (!st.step()) return std::nullopt;
    Procedure p;
    p.code = st.getText(0);
    p.name = st.getText(1);
    p.sector = st.getText(2);
    p.unit = st.getText(3);
    p.limit.unit = parseTimeLimitUnit(st.getText(4)).value_or(TimeLimit::Unit::WorkingDays);
    p.limit.value = static_cast<int>(st.getInt(5));
    if (!st.isNull(6)) p.limit.cutoff = std::chrono::minutes(st.getInt(6));
    p.fee.kind = parseFeeKind(st.getText(7)).value_or(FeeRule::Kind::Free);
    p.fee.amount = Money{st.getInt(8)};
    p.fee.tierPages = static_cast<int>(st.getInt(9));
    p.fee.laterAmount = Money{st.getInt(10)};
    if (!st.isNull(11)) p.fee.maxPerCopy = Money{st.getInt(11)};
    p.fee.note = st.getText(12);
    Statement docs(db,
                   "SELECT name, form, count FROM procedure_documents WHERE procedure_code = ? "
                   "ORDER BY position");
    docs.bind(1, code);
    while (docs.step())
        p.documents.push_back({docs.getText(0),
                               parseDocumentForm(docs.getText(1)).value_or(RequiredDocument::Form::Original),
                               static_cast<int>(docs.getInt(2))});
    return p;
}

std::int64_t Store::pendingOutboxCount() {
    Statement st(m_impl->db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    st.step();
    return st.getInt(0);
}

DaySummary Store::summary() {
    const LocalDateTime now = m_impl->clock->localNow();
    const std::string today = formatIsoDate(now.date());
    const std::string tomorrow = formatIsoDate(Date{now.day + std::chrono::days{1}});
    auto count = [&](const char* sql, std::initializer_list<std::string> args) {
        Statement st(m_impl->db, sql);
        int i = 0;
        for (const auto& a : args) st.bind(++i, a);
        st.step();
        return st.getInt(0);
    };
    // Pending statuses spelled out so each count is a range scan of dossiers_by_status.
    constexpr const char* kPending =
        "status IN ('received','in_progress','supplement_requested','awaiting_approval','approved')";
    DaySummary s;
    s.receivedToday = count("SELECT count(*) FROM dossiers WHERE received_at >= ? AND received_at < ?",
                            {today, tomorrow});
    s.dueToday = count((std::string("SELECT count(*) FROM dossiers WHERE ") + kPending +
                        " AND due_at >= ? AND due_at < ?").c_str(),
                       {today, tomorrow});
    s.overdue = count((std::string("SELECT count(*) FROM dossiers WHERE ") + kPending + " AND due_at < ?").c_str(),
                      {formatIsoDateTime(now)});
    s.awaitingApproval = count("SELECT count(*) FROM dossiers WHERE status = 'awaiting_approval'", {});
    s.pendingSync = pendingOutboxCount();
    return s;
}

std::vector<OutboxOp> Store::outbox(int limit) {
    std::vector<OutboxOp> ops;
    Statement st(m_impl->db,
                 "SELECT seq, op_id, device_id, kind, entity_id, base_version, payload, state, "
                 "created_at, COALESCE(result, ''), author FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?");
    st.bind(1, limit);
    while (st.step()) {
        OutboxOp op;
        op.seq = st.getInt(0);
        op.opId = st.getText(1);
        op.deviceId = st.getText(2);
        op.kind = st.getText(3);
        op.entityId = st.getText(4);
        op.baseVersion = static_cast<int>(st.getInt(5));
        op.payload = st.getText(6);
        op.state = st.getText(7);
        op.createdAt = parseIsoDateTime(st.getText(8));
        op.result = st.getText(9);
        op.author = st.getText(10);
        ops.push_back(std::move(op));
    }
    return ops;
}

void Store::recordOpResults(const std::vector<OpResultRecord>& results) {
    static constexpr std::array<std::string_view, 4> kStates{"applied", "duplicate", "conflict", "rejected"};
    auto& db = m_impl->db;
    Transaction tx(db);
    const WardSettings ward = m_impl->requireSettings();
    Statement find(db, "SELECT state FROM outbox WHERE op_id = ?");
    Statement update(db,
                     "UPDATE outbox SET state = ?, attempts = attempts + 1, result = ? "
                     "WHERE op_id = ? AND state = 'pending'");
    Statement refetch(db,
                      "INSERT OR IGNORE INTO sync_refetch (code, reason, at) SELECT entity_id, ?2, ?3 FROM outbox "
                      "WHERE op_id = ?1 AND kind LIKE 'dossier.%'");
    json counts = json::object();
    for (const auto& r : results) {
        if (std::find(kStates.begin(), kStates.end(), r.state) == kStates.end())
            throw StoreError(StoreError::Code::InvalidInput, "unknown op result '" + r.state + "' for op " + r.opId);
        find.reset();
        find.bind(1, r.opId);
        if (!find.step()) throw StoreError(StoreError::Code::NotFound, "no outbox op " + r.opId);
        json answer = {{"result", r.state}, {"error", r.error}};
        answer["server_version"] = r.serverVersion ? json(*r.serverVersion) : json(nullptr);
        update.reset();
        update.bind(1, r.state).bind(2, answer.dump()).bind(3, r.opId).run();
        if (db.changes() == 0) continue;
        counts[r.state] = counts.value(r.state, 0) + 1;
        if (r.state == "conflict" || r.state == "rejected") {
            // The local dossier went where the server did not follow: fetch the server's.
            refetch.reset();
            refetch.bind(1, r.opId).bind(2, r.state).bind(3, m_impl->nowIso()).run();
        }
    }
    if (!counts.empty())
        appendAudit(db, {m_impl->nowIso(), ward.officerName, "sync.push", std::nullopt, ward.unitCode,
                         std::nullopt, std::nullopt, counts.dump()});
    tx.commit();
}

AuditCheck Store::verifyAudit() { return verifyAuditChain(m_impl->db); }

std::vector<std::string> Store::integrityProblems() {
    std::vector<std::string> problems;
    Statement st(m_impl->db, "PRAGMA integrity_check(100)");
    while (st.step())
        if (const auto line = st.getText(0); line != "ok") problems.push_back(line);
    return problems;
}

}  // namespace motcua::store
