// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/catalog_file.h"

#include <nlohmann/json.hpp>

#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua {

using nlohmann::json;

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw Error(Errc::InvalidArgument, what);
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

std::vector<Procedure> parseCatalogJson(const std::string& text) {
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

std::vector<CalendarYear> parseCalendarJson(const std::string& text) {
    const json root = parseJson(text, "the calendar table");
    if (!root.is_object() || !root.contains("years") || !root["years"].is_object())
        invalid("the calendar table must be an object with a \"years\" object");
    std::vector<CalendarYear> result;
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

}  // namespace motcua
