// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <nlohmann/json.hpp>

#include "store_impl.h"
#include "motcua/core/catalog_file.h"
#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua::store {

using nlohmann::json;

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw StoreError(StoreError::Code::InvalidInput, what);
}

}  // namespace

std::vector<Procedure> parseCatalog(const std::string& text) {
    try {
        return parseCatalogJson(text);
    } catch (const Error& e) {
        invalid(e.what());
    }
}

void writeProcedures(Database& db, const std::vector<Procedure>& procedures) {
    Statement upsert(
        db,
        "INSERT OR REPLACE INTO procedures (code, name, folded_name, sector, unit, "
        "limit_unit, limit_value, cutoff_minutes, fee_kind, fee_amount, fee_tier_pages, "
        "fee_later_amount, fee_max_per_copy, fee_note) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement clearDocs(db, "DELETE FROM procedure_documents WHERE procedure_code = ?");
    Statement addDoc(
        db,
        "INSERT INTO procedure_documents (procedure_code, position, name, form, count) "
        "VALUES (?,?,?,?,?)");
    for (const auto& p : procedures) {
        // INSERT OR REPLACE would cascade-delete documents anyway; be explicit about it.
        clearDocs.bind(1, p.code).run();
        clearDocs.reset();
        upsert.bind(1, p.code).bind(2, p.name).bind(3, foldForSearch(p.code + " " + p.name));
        upsert.bind(4, p.sector).bind(5, p.unit);
        upsert.bind(6, std::string(timeLimitUnitName(p.limit.unit))).bind(7, p.limit.value);
        if (p.limit.cutoff)
            upsert.bind(8, std::int64_t(p.limit.cutoff->count()));
        else
            upsert.bindNull(8);
        upsert.bind(9, std::string(feeKindName(p.fee.kind))).bind(10, p.fee.amount.vnd);
        upsert.bind(11, p.fee.tierPages).bind(12, p.fee.laterAmount.vnd);
        if (p.fee.maxPerCopy)
            upsert.bind(13, p.fee.maxPerCopy->vnd);
        else
            upsert.bindNull(13);
        upsert.bind(14, p.fee.note).run();
        upsert.reset();
        int position = 0;
        for (const auto& d : p.documents) {
            addDoc.bind(1, p.code).bind(2, ++position).bind(3, d.name);
            addDoc.bind(4, std::string(documentFormName(d.form))).bind(5, d.count).run();
            addDoc.reset();
        }
    }
}

std::vector<std::pair<int, std::vector<CalendarOverride>>> parseCalendar(const std::string& text) {
    try {
        return parseCalendarJson(text);
    } catch (const Error& e) {
        invalid(e.what());
    }
}

void writeCalendar(Database& db,
                   const std::vector<std::pair<int, std::vector<CalendarOverride>>>& years) {
    Statement clear(db, "DELETE FROM calendar_days WHERE date BETWEEN ? AND ?");
    Statement add(db, "INSERT OR REPLACE INTO calendar_days (date, kind, note) VALUES (?,?,?)");
    for (const auto& [year, days] : years) {
        clear.bind(1, std::to_string(year) + "-01-01")
            .bind(2, std::to_string(year) + "-12-31")
            .run();
        clear.reset();
        for (const auto& d : days) {
            add.bind(1, formatIsoDate(d.date));
            add.bind(2, d.kind == CalendarOverride::Kind::DayOff ? "off" : "work");
            add.bind(3, d.note).run();
            add.reset();
        }
    }
}

int Catalog::importCatalog(const std::string& catalogJson) {
    const auto procedures = parseCatalog(catalogJson);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    writeProcedures(db, procedures);
    json codes = json::array();
    for (const auto& p : procedures) codes.push_back(p.code);
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "catalog.import", std::nullopt,
                     "catalog", std::nullopt, std::nullopt, json{{"codes", codes}}.dump()});
    tx.commit();
    return static_cast<int>(procedures.size());
}

int Catalog::importCalendar(const std::string& calendarJson) {
    const auto years = parseCalendar(calendarJson);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    writeCalendar(db, years);
    json list = json::array();
    for (const auto& [year, days] : years) list.push_back(year);
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "calendar.import", std::nullopt,
                     "calendar", std::nullopt, std::nullopt, json{{"years", list}}.dump()});
    tx.commit();
    return static_cast<int>(years.size());
}

WorkCalendar Catalog::calendar() {
    const auto hours = settingValue(implOf(m_store).db, "office_hours");
    WorkCalendar calendar(hours.empty() ? OfficeHours::standard() : OfficeHours::parse(hours));
    Statement st(implOf(m_store).db, "SELECT date, kind, note FROM calendar_days");
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

std::vector<Procedure> Catalog::procedures(const std::string& search) {
    std::vector<Procedure> result;
    const std::string folded = foldForSearch(search);
    Statement st(
        implOf(m_store).db,
        "SELECT code FROM procedures WHERE ? = '' OR instr(folded_name, ?) > 0 ORDER BY code");
    st.bind(1, folded).bind(2, folded);
    std::vector<std::string> codes;
    while (st.step()) codes.push_back(st.getText(0));
    for (const auto& code : codes) result.push_back(*procedure(code));
    return result;
}

std::optional<Procedure> Catalog::procedure(const std::string& code) {
    auto& db = implOf(m_store).db;
    Statement st(
        db,
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
        p.documents.push_back(
            {docs.getText(0),
             parseDocumentForm(docs.getText(1)).value_or(RequiredDocument::Form::Original),
             static_cast<int>(docs.getInt(2))});
    return p;
}

}  // namespace motcua::store
