// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <algorithm>
#include <charconv>
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

std::int64_t storedInteger(std::string_view text, std::string_view what) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw StoreError(StoreError::Code::Damaged,
                         std::string(what) + " '" + std::string(text) + "' is not a number");
    return value;
}

LocalDateTime storedTime(std::string_view text, std::string_view what) {
    try {
        return parseIsoDateTime(text);
    } catch (const Error&) {
        throw StoreError(StoreError::Code::Damaged,
                         std::string(what) + " '" + std::string(text) + "' is not a date-time");
    }
}

json storedJson(const std::string& text, std::string_view what) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw StoreError(StoreError::Code::Damaged,
                         std::string(what) + " is not JSON: " + e.what());
    }
}

WardSettings Store::Impl::requireSettings() {
    WardSettings s;
    s.unitCode = settingValue(db, "unit_code");
    if (s.unitCode.empty())
        throw StoreError(StoreError::Code::NotInitialized,
                         "the database " + db.path() + " has no ward yet; run `motcua init` first");
    s.unitName = settingValue(db, "unit_name");
    s.deskNumber =
        static_cast<int>(storedInteger(settingValue(db, "desk_number"), "the desk number"));
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

int Store::schemaVersion() {
    return latestSchemaVersion();
}
const std::string& Store::path() const {
    return m_impl->db.path();
}

std::string Store::blobDir() const {
    return (std::filesystem::path(m_impl->db.path()).parent_path() / "blobs").string();
}

const Clock& Store::clock() const {
    return *m_impl->clock;
}

std::vector<std::string> Store::integrityProblems() {
    std::vector<std::string> problems;
    Statement st(m_impl->db, "PRAGMA integrity_check(100)");
    while (st.step())
        if (const auto line = st.getText(0); line != "ok") problems.push_back(line);
    return problems;
}

}  // namespace motcua::store
