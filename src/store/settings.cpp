// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The ward and desk settings, kept in the settings table.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/core/uuid.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

namespace {

/// Lists of paths are kept one a line.
std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find('\n', start), text.size());
        if (end > start) lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        if (line.find('\n') != std::string::npos)
            throw Error(Errc::InvalidArgument, "a path has a line break");
        if (!line.empty()) text += (text.empty() ? "" : "\n") + line;
    }
    return text;
}
}  // namespace

bool DeskSettings::isInitialized() {
    return !settingValue(implOf(m_store).db, "unit_code").empty();
}

void DeskSettings::initialize(const WardSettings& ward, const std::string& catalogJson,
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

    auto& db = implOf(m_store).db;
    Transaction tx(db);
    if (!settingValue(db, "unit_code").empty())
        throw StoreError(StoreError::Code::AlreadyInitialized, "the database " + db.path() +
                                                                   " already belongs to ward " +
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
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "init", std::nullopt,
                     ward.unitCode, std::nullopt, std::nullopt,
                     json{{"unit_name", ward.unitName},
                          {"desk", ward.deskNumber},
                          {"device_id", deviceId},
                          {"procedures", procedures.size()}}
                         .dump()});
    tx.commit();
}

WardSettings DeskSettings::ward() {
    return implOf(m_store).requireSettings();
}

void DeskSettings::setOfficeHours(const OfficeHours& hours) {
    WorkCalendar{hours};  // validates
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const auto ward = implOf(m_store).requireSettings();
    setSetting(db, "office_hours", hours.str());
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "settings.office_hours",
                     std::nullopt, ward.unitCode, std::nullopt, std::nullopt,
                     json{{"from", ward.officeHours.str()}, {"to", hours.str()}}.dump()});
    tx.commit();
}

DeskConfig DeskSettings::deskConfig() {
    auto& db = implOf(m_store).db;
    DeskConfig c;
    c.serverUrl = settingValue(db, "sync.server_url");
    c.caFile = settingValue(db, "sync.ca_file");
    c.tsaUrl = settingValue(db, "signing.tsa_url");
    c.modulePaths = splitLines(settingValue(db, "signing.modules"));
    c.trustFiles = splitLines(settingValue(db, "signing.trust"));
    return c;
}

void DeskSettings::setDeskConfig(const DeskConfig& config) {
    const auto https = [](const std::string& url) {
        return url.empty() || url.rfind("https://", 0) == 0;
    };
    if (!https(config.serverUrl))
        throw Error(Errc::InvalidArgument, "the server address must start with https://");
    if (!config.tsaUrl.empty() && config.tsaUrl.rfind("http://", 0) != 0 && !https(config.tsaUrl))
        throw Error(Errc::InvalidArgument,
                    "the timestamp authority's address must be an http(s):// URL");
    const std::string modules = joinLines(config.modulePaths);
    const std::string trust = joinLines(config.trustFiles);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    setSetting(db, "sync.server_url", config.serverUrl);
    setSetting(db, "sync.ca_file", config.caFile);
    setSetting(db, "signing.tsa_url", config.tsaUrl);
    setSetting(db, "signing.modules", modules);
    setSetting(db, "signing.trust", trust);
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "settings.desk", std::nullopt,
                     ward.unitCode, std::nullopt, std::nullopt,
                     json{{"server_url", config.serverUrl},
                          {"ca_file", config.caFile},
                          {"tsa_url", config.tsaUrl},
                          {"modules", config.modulePaths},
                          {"trust", config.trustFiles}}
                         .dump()});
    tx.commit();
}

void DeskSettings::updateWard(const std::string& unitName, const std::string& placeName,
                              int deskNumber) {
    const std::string name = composeVietnamese(trim(unitName));
    const std::string place = composeVietnamese(trim(placeName));
    if (name.empty()) throw Error(Errc::InvalidArgument, "the ward's name is empty");
    if (deskNumber < 1 || deskNumber > 9)
        throw Error(Errc::DeskNumberRange, "the desk number must be 1 to 9");
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    setSetting(db, "unit_name", name);
    setSetting(db, "place_name", place);
    setSetting(db, "desk_number", std::to_string(deskNumber));
    appendAudit(db, {implOf(m_store).nowIso(), ward.officerName, "settings.ward", std::nullopt,
                     ward.unitCode, std::nullopt, std::nullopt,
                     json{{"unit_name", name},
                          {"place_name", place},
                          {"desk", deskNumber},
                          {"previous_desk", ward.deskNumber}}
                         .dump()});
    tx.commit();
}

}  // namespace motcua::store
