// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <nlohmann/json.hpp>

#include "store_impl.h"
#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua::store {

using nlohmann::json;

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw StoreError(StoreError::Code::InvalidInput, what);
}

json parseJson(const std::string& text, const char* what) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        invalid(std::string(what) + " is not valid JSON: " + e.what());
    }
}

std::optional<std::chrono::minutes> parseTimeOfDay(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (hhmm[std::size_t(i)] < '0' || hhmm[std::size_t(i)] > '9') return std::nullopt;
    const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return std::chrono::minutes(h * 60 + m);
}

Procedure procedureFromJson(const json& j) {
    Procedure p;
    p.code = j.at("code").get<std::string>();
    p.name = composeVietnamese(j.at("name").get<std::string>());
    p.sector = j.value("sector", "");
    p.unit = j.value("unit", "");
    const json& limit = j.at("time_limit");
    const auto unit = parseTimeLimitUnit(limit.at("unit").get<std::string>());
    if (!unit) invalid("unknown time limit unit in " + p.code);
    p.limit.unit = *unit;
    p.limit.value = limit.value("value", 0);
    if (limit.contains("cutoff")) {
        p.limit.cutoff = parseTimeOfDay(limit.at("cutoff").get<std::string>());
        if (!p.limit.cutoff) invalid("cut-off of " + p.code + " is not HH:MM");
    }
    const json fee = j.value("fee", json::object({{"kind", "free"}}));
    const auto kind = parseFeeKind(fee.value("kind", "free"));
    if (!kind) invalid("unknown fee kind in " + p.code);
    p.fee.kind = *kind;
    p.fee.amount = Money{fee.value("amount", std::int64_t{0})};
    p.fee.tierPages = fee.value("tier_pages", 0);
    p.fee.laterAmount = Money{fee.value("later_amount", std::int64_t{0})};
    if (fee.contains("max_per_copy"))
        p.fee.maxPerCopy = Money{fee.at("max_per_copy").get<std::int64_t>()};
    p.fee.note = fee.value("note", "");
    for (const json& d : j.value("documents", json::array())) {
        RequiredDocument doc;
        doc.name = composeVietnamese(d.at("name").get<std::string>());
        const auto form = parseDocumentForm(d.value("form", "original"));
        if (!form) invalid("unknown document form in " + p.code);
        doc.form = *form;
        doc.count = d.value("count", 1);
        p.documents.push_back(std::move(doc));
    }
    return p;
}

}  // namespace

std::vector<Procedure> parseCatalog(const std::string& text) {
    const json root = parseJson(text, "the catalog");
    if (!root.is_object() || !root.contains("procedures") || !root["procedures"].is_array())
        invalid("the catalog must be an object with a \"procedures\" array");
    std::vector<Procedure> result;
    std::size_t index = 0;
    for (const json& entry : root["procedures"]) {
        try {
            Procedure p = procedureFromJson(entry);
            p.validate();
            result.push_back(std::move(p));
        } catch (const json::exception& e) {
            invalid("catalog entry " + std::to_string(index) + ": " + e.what());
        } catch (const Error& e) {
            invalid("catalog entry " + std::to_string(index) + ": " + e.what());
        }
        ++index;
    }
    if (result.empty()) invalid("the catalog has no procedures");
    return result;
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
    const json root = parseJson(text, "the calendar table");
    if (!root.is_object() || !root.contains("years") || !root["years"].is_object())
        invalid("the calendar table must be an object with a \"years\" object");
    std::vector<std::pair<int, std::vector<CalendarOverride>>> result;
    for (const auto& [yearText, entry] : root["years"].items()) {
        int year = 0;
        try {
            year = std::stoi(yearText);
        } catch (const std::exception&) {
            invalid("calendar year '" + yearText + "' is not a number");
        }
        std::vector<CalendarOverride> days;
        auto read = [&](const char* key, CalendarOverride::Kind kind) {
            for (const json& d : entry.value(key, json::array())) {
                const auto date = tryParseIsoDate(d.value("date", ""));
                if (!date || int(date->year()) != year)
                    invalid("calendar " + yearText + ": bad date in " + key);
                days.push_back({*date, kind, composeVietnamese(d.value("note", ""))});
            }
        };
        try {
            read("days_off", CalendarOverride::Kind::DayOff);
            read("work_days", CalendarOverride::Kind::WorkDay);
        } catch (const json::exception& e) {
            invalid("calendar " + yearText + ": " + e.what());
        }
        result.emplace_back(year, std::move(days));
    }
    return result;
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
