// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the citizen's tracking page reads: a dossier by its code and tracking key, its steps
// from the change log, its electronic results and what the verifier says of their signatures.
#include "motcua/core/date_time.h"
#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/core/tracking_key.h"
#include "motcua/core/vietnamese_text.h"
#include "motcua/crypto/secret.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "server_store_impl.h"

namespace motcua::server {

using nlohmann::json;

namespace {

/// The first letter of each word of the name, upper case, each followed by a dot: "N.T.H.".
std::string initialsOf(const std::string& fullName) {
    std::string initials;
    bool wordStart = true;
    for (std::size_t i = 0; i < fullName.size();) {
        const auto byte = static_cast<unsigned char>(fullName[i]);
        const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        const std::string letter = fullName.substr(i, length);
        i += length;
        if (letter == " " || letter == "\t") {
            wordStart = true;
        } else if (wordStart) {
            initials += toUpperVietnamese(letter) + ".";
            wordStart = false;
        }
    }
    return initials;
}

std::string procedureName(sql::Connection& c, const std::string& code) {
    const auto text = latestShared(c, "catalog.import");
    const json catalog = text ? json::parse(*text, nullptr, false) : json();
    if (!catalog.is_object() || !catalog.contains("procedures") ||
        !catalog["procedures"].is_array())
        return {};
    for (const auto& entry : catalog["procedures"])
        if (entry.is_object() && entry.value("code", json()) == code &&
            entry.value("name", json()).is_string())
            return entry["name"].get<std::string>();
    return {};
}

/// The results the dossier JSON lists, skipping any entry that is not whole.
std::vector<TrackedResult> resultsOf(const json& dossier) {
    std::vector<TrackedResult> results;
    const auto list = dossier.find("results");
    if (list == dossier.end() || !list->is_array()) return results;
    for (const auto& r : *list) {
        if (!r.is_object()) continue;
        TrackedResult result{r.value("code", std::string()), r.value("sha256", std::string()),
                             r.value("file_name", std::string()), r.value("size", std::int64_t{0}),
                             r.value("at", std::string())};
        if (result.code.empty() || !isSha256Hex(result.sha256)) continue;
        results.push_back(std::move(result));
    }
    return results;
}

/// When a change happened: the desk's time of receipt for an intake, the citizen's for a
/// submission (neither is an op the server timed), else when the server applied the op.
std::string stepTime(const std::string& kind, const json& payload, const sql::Rows& row) {
    if (kind == "dossier.intake") return payload.value("received_at", std::string());
    if (kind == "dossier.submission") return payload.value("submitted_at", std::string());
    if (row.isNull(3)) return {};
    return formatIsoDateTime(
        toLocal(std::chrono::system_clock::time_point(std::chrono::seconds(row.integer(3)))));
}

}  // namespace

std::optional<TrackedDossier> ServerStore::trackedDossier(const std::string& code,
                                                          const std::string& key) {
    // The same work for an unknown code as for a wrong key: a key of the right form is always
    // compared with something of the same length.
    static const std::string kNoKey(kTrackingKeyLength, '-');
    std::string ward, payloadText;
    bool known = false;
    if (isTrackingKey(key) && code.size() <= 64) {
        storage([&] {
            m_impl->db->read([&](sql::Connection& c) {
                auto row = c.query("SELECT ward, payload FROM dossiers WHERE code = ?", {code});
                if (row.next()) {
                    ward = row.text(0);
                    payloadText = row.text(1);
                    known = true;
                }
                return 0;
            });
        });
    }
    json dossier = known ? json::parse(payloadText, nullptr, false) : json();
    const std::string stored =
        dossier.is_object() ? dossier.value("tracking_key", std::string()) : std::string();
    const bool keyed = isTrackingKey(stored);
    const bool match = crypto::equalSecrets(key, keyed ? stored : kNoKey);
    if (!known || !keyed || !match) return std::nullopt;

    TrackedDossier t;
    t.code = code;
    t.procedureCode = dossier.value("procedure", std::string());
    t.status = dossier.value("status", std::string());
    t.dueAt = dossier.value("due_at", std::string());
    if (const auto a = dossier.find("applicant"); a != dossier.end() && a->is_object())
        t.initials = initialsOf(a->value("full_name", std::string()));
    t.results = resultsOf(dossier);
    storage([&] {
        m_impl->db->read([&](sql::Connection& c) {
            t.procedureName = procedureName(c, t.procedureCode);
            auto rows = c.query(
                "SELECT c.kind, c.status, c.payload, a.applied_at FROM changes c "
                "LEFT JOIN applied_ops a ON a.op_id = c.op_id "
                "WHERE c.ward = ? AND c.entity_id = ? AND c.kind LIKE 'dossier.%' ORDER BY c.seq",
                {ward, code});
            while (rows.next()) {
                const std::string status = rows.text(1);
                if (!t.steps.empty() && t.steps.back().status == status) continue;
                const json payload = json::parse(rows.text(2), nullptr, false);
                t.steps.push_back(
                    {status,
                     stepTime(rows.text(0), payload.is_object() ? payload : json::object(), rows)});
            }
            return 0;
        });
    });
    return t;
}

std::optional<TrackedResultFile> ServerStore::trackedResult(const std::string& code,
                                                            const std::string& key,
                                                            const std::string& resultCode) {
    const auto dossier = trackedDossier(code, key);
    if (!dossier) return std::nullopt;
    for (const auto& r : dossier->results) {
        if (r.code != resultCode) continue;
        const auto path = m_impl->blobPath(r.sha256);
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
        return TrackedResultFile{r, path.string()};
    }
    return std::nullopt;
}

std::vector<ResultSignature> ServerStore::resultSignatures(const std::string& sha256) {
    requireSha(sha256);
    std::string pdf;
    try {
        pdf = files::readFile(m_impl->blobPath(sha256).string());
    } catch (const files::FileError&) {
        return {};
    }
    std::vector<std::string> trust, crls;
    {
        std::lock_guard lock(m_impl->trustMutex);
        trust = m_impl->trustFiles;
        crls = m_impl->crlFiles;
    }
    std::vector<ResultSignature> signatures;
    try {
        for (const auto& r : signing::verifyPdf(pdf, trust, crls))
            signatures.push_back({r.signer, r.signingTime, r.ok(), r.documentTimestamp});
    } catch (const signing::SigningError& e) {
        throw ServerError(ServerError::Code::Config,
                          std::string("cannot check signatures: ") + e.what());
    }
    return signatures;
}

}  // namespace motcua::server
