// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The blob folder beside the database: result documents, attachments, transfers to and from the
// server.
#pragma once

#include <string>
#include <vector>

#include "motcua/store/dossier_types.h"

namespace motcua::store {

class Store;

/// A Store's blobs (`store.blobs()`): content-addressed files named by their SHA-256, and the
/// result documents dossiers name. Use from the Store's thread only.
class Blobs {
public:
    explicit Blobs(Store& store) : m_store(store) {}

    /// Where a blob lives in the blob folder (it may not exist).
    std::string path(const std::string& sha256) const;
    /// Where a download of blob `sha256` collects its bytes, range by range, in the blob folder.
    std::string partialPath(const std::string& sha256) const;
    /// Moves a downloaded file (partialPath) into place as the blob `sha256` after checking,
    /// reading it piece by piece, that it hashes to it; a file that does not is removed and
    /// StoreError(InvalidInput) thrown, so the next download starts again.
    void adopt(const std::string& sha256, const std::string& downloaded);
    bool isUploaded(const std::string& sha256);
    void markUploaded(const std::string& sha256);

    /// The dossier's result documents, newest first.
    std::vector<ResultDocument> results(const std::string& code);
    /// Signed results of approvals still waiting to be pushed that have no document timestamp
    /// yet (signatures made offline, for PAdES B-T once a timestamp authority answers).
    std::vector<PendingResult> pendingSignedResults();
    /// Replaces a pending approval's signed result with a later version of the same PDF (its
    /// bytes extended, e.g. by a document timestamp): stored as a blob, named by the op and the
    /// dossier instead of the old one, marked timestamped; audited. Throws StoreError(NotFound)
    /// when the op is no longer pending, (InvalidInput) when the new file does not begin with
    /// the old one's bytes (an incremental update never rewrites them).
    void replacePendingResult(const std::string& opId, const std::string& newPdfPath);
    /// Result documents named by dossiers (pulled from other desks) whose bytes are not here.
    std::vector<std::string> missingResultBlobs();
    /// Files of pulled online and postal submissions whose bytes are not here yet, oldest
    /// first: fetched by sync so the officer can look at them offline. adopt() takes a blob off
    /// this list.
    std::vector<std::string> missingSubmissionFiles();

private:
    Store& m_store;
};

}  // namespace motcua::store
