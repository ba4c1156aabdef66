// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A document's files added after intake: a scan made at the desk, a file the citizen brings
// later. Committed with its audit entry and its op (`dossier.files`) in one transaction.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "dossier_rows.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/limits.h"
#include "motcua/core/vietnamese_text.h"
#include "store_impl.h"

namespace motcua::store {

using nlohmann::json;

Dossier Dossiers::addDocumentFiles(const std::string& code, std::size_t document,
                                   const std::vector<std::string>& paths) {
    if (paths.empty())
        throw StoreError(StoreError::Code::InvalidInput, "no file to add to the document");
    auto& db = implOf(m_store).db;
    const std::string nowIso = implOf(m_store).nowIso();
    const std::string wanted(trim(code));
    {
        const auto d = loadByCode(db, wanted);
        if (!d) throw StoreError(StoreError::Code::NotFound, "no dossier " + wanted);
        if (document >= d->documents.size())
            throw StoreError(StoreError::Code::InvalidInput,
                             "dossier " + wanted + " has no document " +
                                 std::to_string(document + 1) + "; it has " +
                                 std::to_string(d->documents.size()));
    }
    // Blobs first: content-addressed, so a crash before the commit leaves only an unused file.
    std::vector<Attachment> added;
    for (const auto& path : paths) {
        Attachment a = storeBlob(m_store.blobDir(), path);
        if (std::none_of(added.begin(), added.end(),
                         [&](const Attachment& b) { return b.sha256 == a.sha256; }))
            added.push_back(std::move(a));
    }

    Transaction tx(db);
    const WardSettings ward = implOf(m_store).requireSettings();
    auto found = loadByCode(db, wanted);
    if (!found) throw StoreError(StoreError::Code::NotFound, "no dossier " + wanted);
    Dossier d = std::move(*found);
    if (isTerminal(d.status))
        throw StoreError(StoreError::Code::NotAllowed, "dossier " + d.code + " is " +
                                                           std::string(statusName(d.status)) +
                                                           "; its documents can no longer change");
    if (document >= d.documents.size())
        throw StoreError(StoreError::Code::InvalidInput,
                         "dossier " + d.code + " has no document " + std::to_string(document + 1));
    SubmittedDocument& doc = d.documents[document];
    json files = json::array();
    for (const auto& a : added) {
        if (std::none_of(d.attachments.begin(), d.attachments.end(),
                         [&](const Attachment& b) { return b.sha256 == a.sha256; }))
            d.attachments.push_back(a);
        if (std::find(doc.files.begin(), doc.files.end(), a.sha256) == doc.files.end())
            doc.files.push_back(a.sha256);
        files.push_back({{"sha256", a.sha256}, {"file_name", a.fileName}, {"size", a.size}});
    }
    checkDossierShape(d.documents, d.attachments.size(), d.sets);

    const int baseVersion = d.version;
    Statement update(
        db, "UPDATE dossiers SET version = ?, updated_at = ? WHERE id = ? AND version = ?");
    update.bind(1, baseVersion + 1).bind(2, nowIso).bind(3, d.id).bind(4, baseVersion).run();
    ++d.version;
    Statement documentFiles(
        db, "UPDATE dossier_documents SET files = ? WHERE dossier_id = ? AND position = ?");
    documentFiles.bind(1, json(doc.files).dump())
        .bind(2, d.id)
        .bind(3, static_cast<std::int64_t>(document + 1))
        .run();
    Statement attach(db,
                     "INSERT OR IGNORE INTO dossier_attachments (dossier_id, sha256, file_name, "
                     "size) VALUES (?,?,?,?)");
    for (const auto& a : added) {
        attach.reset();
        attach.bind(1, d.id).bind(2, a.sha256).bind(3, a.fileName).bind(4, a.size).run();
    }

    const std::string detail = json{
        {payload::kCode, d.code},
        {payload::kDocument, static_cast<std::int64_t>(document + 1)},
        {payload::kDocumentName, doc.name},
        {payload::kFiles, std::move(files)},
        {payload::kAt, nowIso}}.dump();
    appendAudit(db, {nowIso, ward.officerName, "files", d.id, d.code,
                     std::string(statusName(d.status)), std::string(statusName(d.status)), detail});
    enqueueOutbox(db, ward.deviceId, "dossier.files", d.code, baseVersion, detail, nowIso);
    tx.commit();
    return d;
}

}  // namespace motcua::store
