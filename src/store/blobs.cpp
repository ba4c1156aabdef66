// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Blobs as the database knows them: result documents, uploads, downloads, offline timestamps.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

std::string Blobs::path(const std::string& sha256) const {
    if (!isSha256Hex(sha256))
        throw StoreError(StoreError::Code::InvalidInput, "not a SHA-256: " + sha256);
    return (std::filesystem::path(m_store.blobDir()) / sha256.substr(0, 2) / sha256.substr(2))
        .string();
}

std::vector<PendingResult> Blobs::pendingSignedResults() {
    Statement st(implOf(m_store).db,
                 "SELECT op_id, entity_id, payload FROM outbox WHERE state = 'pending' AND kind = "
                 "'dossier.action' "
                 "ORDER BY seq");
    std::vector<PendingResult> results;
    while (st.step()) {
        const json payload = json::parse(st.getText(2), nullptr, false);
        if (!payload.is_object() ||
            payload.value(payload::kAction, "") != actionName(DossierAction::Approve) ||
            payload.value(payload::kResultTimestamped, false))
            continue;
        const std::string sha = payload.value(payload::kResultSha256, "");
        if (!isSha256Hex(sha)) continue;
        results.push_back({st.getText(0), st.getText(1), sha, path(sha)});
    }
    return results;
}

void Blobs::replacePendingResult(const std::string& opId, const std::string& newPdfPath) {
    std::optional<PendingResult> pending;
    for (auto& r : pendingSignedResults())
        if (r.opId == opId) pending = std::move(r);
    if (!pending)
        throw StoreError(StoreError::Code::NotFound,
                         "no pending approval " + opId + " with a result to replace");
    const std::string before = readFile(pending->path);
    const std::string after = readFile(newPdfPath);
    if (after.size() <= before.size() || after.compare(0, before.size(), before) != 0)
        throw StoreError(
            StoreError::Code::InvalidInput,
            "the new result does not extend the signed one; earlier signatures would not hold");
    const Attachment stored = storeBlob(m_store.blobDir(), newPdfPath);
    auto& db = implOf(m_store).db;
    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    Statement read(db, "SELECT payload FROM outbox WHERE op_id = ? AND state = 'pending'");
    read.bind(1, opId);
    if (!read.step())
        throw StoreError(StoreError::Code::NotFound, "approval " + opId + " is no longer pending");
    json payload = storedJson(read.getText(0), "the payload of op " + opId);
    payload[payload::kResultSha256] = stored.sha256;
    payload[payload::kResultSize] = stored.size;
    payload[payload::kResultTimestamped] = true;
    Statement write(db, "UPDATE outbox SET payload = ? WHERE op_id = ?");
    write.bind(1, payload.dump()).bind(2, opId).run();
    Statement result(db,
                     "UPDATE dossier_results SET sha256 = ?, size = ? WHERE sha256 = ? AND "
                     "dossier_id = (SELECT id FROM dossiers WHERE code = ?)");
    result.bind(1, stored.sha256).bind(2, stored.size).bind(3, pending->sha256);
    result.bind(4, pending->code).run();
    appendAudit(
        db, {implOf(m_store).nowIso(), ward.officerName, "sign.timestamp", std::nullopt,
             pending->code, std::nullopt, std::nullopt,
             json{{"op_id", opId}, {"before", pending->sha256}, {"after", stored.sha256}}.dump()});
    tx.commit();
}

namespace {

/// The blobs a query lists (one SHA-256 a row) whose file is not in the blob folder.
std::vector<std::string> notPresent(const Blobs& blobs, Statement& query) {
    std::vector<std::string> missing;
    while (query.step()) {
        std::error_code ec;
        if (!std::filesystem::exists(blobs.path(query.getText(0)), ec))
            missing.push_back(query.getText(0));
    }
    return missing;
}

}  // namespace

std::vector<std::string> Blobs::missingResultBlobs() {
    Statement st(implOf(m_store).db, "SELECT DISTINCT sha256 FROM dossier_results ORDER BY sha256");
    return notPresent(*this, st);
}

std::vector<std::string> Blobs::missingSubmissionFiles() {
    Statement st(implOf(m_store).db, "SELECT sha256 FROM wanted_blobs ORDER BY since, sha256");
    return notPresent(*this, st);
}

std::string Blobs::partialPath(const std::string& sha256) const {
    return (std::filesystem::path(m_store.blobDir()) / (".download-" + sha256)).string();
}

void Blobs::adopt(const std::string& sha256, const std::string& downloaded) {
    const std::filesystem::path final = path(sha256);
    std::error_code ec;
    std::filesystem::create_directories(final.parent_path(), ec);
    if (ec)
        throw StoreError(StoreError::Code::Io,
                         "cannot create " + final.parent_path().string() + ": " + ec.message());
    moveVerifiedBlob(downloaded, final.string(), sha256);
    Statement fetched(implOf(m_store).db, "DELETE FROM wanted_blobs WHERE sha256 = ?");
    fetched.bind(1, sha256).run();
}

bool Blobs::isUploaded(const std::string& sha256) {
    Statement st(implOf(m_store).db, "SELECT 1 FROM uploaded_blobs WHERE sha256 = ?");
    st.bind(1, sha256);
    return st.step();
}

void Blobs::markUploaded(const std::string& sha256) {
    if (!isSha256Hex(sha256))
        throw StoreError(StoreError::Code::InvalidInput, "not a SHA-256: " + sha256);
    Statement st(implOf(m_store).db,
                 "INSERT OR IGNORE INTO uploaded_blobs (sha256, uploaded_at) VALUES (?, ?)");
    st.bind(1, sha256).bind(2, implOf(m_store).nowIso()).run();
}

std::vector<ResultDocument> Blobs::results(const std::string& code) {
    Statement st(implOf(m_store).db,
                 "SELECT r.sha256, r.file_name, r.signed, r.added_at, r.result_code FROM "
                 "dossier_results r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ? "
                 "ORDER BY r.added_at DESC, r.signed DESC");
    st.bind(1, std::string(trim(code)));
    std::vector<ResultDocument> results;
    while (st.step()) {
        ResultDocument r{
            st.getText(0), st.getText(1), st.getInt(2) != 0, parseIsoDateTime(st.getText(3)), "",
            false,         st.getText(4)};
        r.path = path(r.sha256);
        std::error_code ec;
        r.present = std::filesystem::exists(r.path, ec);
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace motcua::store
