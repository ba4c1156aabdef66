// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the ServerStore's source files share; private to the server layer.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "motcua/core/dossier_status.h"
#include "motcua/crypto/sha256.h"
#include "motcua/files/files.h"
#include "motcua/server/server_store.h"
#include "sql.h"
#include "storage_failure.h"

namespace motcua::server {

/// Whose blobs an account reads and writes: its ward's, or a connector's own ("portal:<id>",
/// never a ward code, which has no ':'), until a submission grants them to a ward.
inline std::string blobOwner(const User& user) {
    return user.isConnector() ? "portal:" + std::to_string(user.id) : user.ward;
}

/// What the server found in an approval's signed result.
struct SignedResult {
    std::string sha256;
    std::string problem;  ///< empty when every signature verifies
    std::uint64_t size = 0;
    std::string signerDer;  ///< the last (non-timestamp) signature's certificate
    std::string signerSubject;
    std::uint64_t signedFrom = 0;  ///< every byte before this is covered by that signature
};

inline std::int64_t unixSeconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

struct ServerStore::Impl {
    std::unique_ptr<sql::Database> db;
    std::shared_ptr<const Clock> clock;
    /// The clock's time as the database stores it: seconds since the epoch.
    std::int64_t unixNow() const { return unixSeconds(clock->now()); }
    std::filesystem::path blobDir;
    /// Partial uploads are files: one writer at a time in this process.
    std::mutex blobMutex;
    std::mutex trustMutex;
    std::mutex listenerMutex;
    std::function<void()> noticeListener;
    /// Tells the listener (the mail sender) that a push added notices.
    void noticesAdded();
    std::vector<std::string> trustFiles;
    std::vector<std::string> crlFiles;

    std::filesystem::path blobPath(const std::string& sha) const {
        return files::contentPath(folder().string(), sha);
    }
    std::filesystem::path partialPath(const User& user, const std::string& sha) const {
        return folder() / "partial" / (blobOwner(user) + "-" + sha);
    }
    /// Throws ServerError(Config) when no blob folder was given (PostgreSQL without --blob-dir).
    const std::filesystem::path& folder() const {
        if (blobDir.empty())
            throw ServerError(ServerError::Code::Config,
                              "no blob folder: with PostgreSQL, attachments need --blob-dir DIR");
        return blobDir;
    }
    /// Whether `user` may read the complete blob: its ward's (or the connector's own upload),
    /// or, for a connector, the form of a notice on one of its submissions.
    bool readable(sql::Connection& c, const User& user, const std::string& sha,
                  std::int64_t* size = nullptr);
    /// The first `n` bytes of a complete blob ("" when it cannot be read), to tell its type.
    std::string blobHead(const std::string& sha, std::size_t n) const;
    /// Whether the ward has the complete blob, and its size.
    bool hasBlob(sql::Connection& c, const std::string& ward, const std::string& sha,
                 std::int64_t* size = nullptr);

    /// A decision on a submission names its form: a complete PDF blob of the ward. Throws
    /// rules::Refused.
    void requireForm(sql::Connection& c, const std::string& ward, const nlohmann::json& dossier);
    /// What a notice tells the citizen, and the PDF it carries.
    struct NoticeOf {
        std::string_view kind;  ///< notices.kind: "accepted", ..., "result_ready"
        std::string fileSha256;
        std::string fileName;
    };
    /// The durable notice for the dossier's applicant (portal.cpp), dated when the desk acted
    /// (rules::deskTime); `now` is the push's time.
    void addNotice(sql::Connection& c, const std::string& ward, const nlohmann::json& dossier,
                   const nlohmann::json& payload, const NoticeOf& what,
                   std::chrono::system_clock::time_point now);
    /// An approval applied: the dossier's next electronic result (`<code>-KQ<nn>`) is added to
    /// it, kept in the citizens' store, and its notice queued (e_results.cpp). A code the desk
    /// gave must be that one. Throws rules::Refused.
    void keepElectronicResult(sql::Connection& c, const std::string& ward, nlohmann::json& dossier,
                              const nlohmann::json& payload, const SignedResult& result,
                              const std::string& opId, std::chrono::system_clock::time_point now);

    /// An approval's signed result, uploaded by `user`'s ward, with its signatures verified;
    /// `problem` says why it cannot approve anything. Reads the blob whole.
    SignedResult verifyResult(const User& user, const std::string& sha);
    /// Why `result` cannot approve the dossier whose draft is `draftSha` on behalf of `author`
    /// ("" when it can): see approval.cpp.
    std::string bindingProblem(sql::Connection& c, const SignedResult& result,
                               const std::string& draftSha, const User& author);
};

/// The payload of the latest change every ward pulls of `kind` ("catalog.import"), if any
/// (portal.cpp).
std::optional<std::string> latestShared(sql::Connection& c, const char* kind);

/// Throws ServerError(InvalidInput) unless 64 lowercase hex digits.
void requireSha(const std::string& sha);
using crypto::isSha256Hex;

/// Runs `work`, turning database failures into ServerError(Storage).
template <typename Work>
auto storage(Work&& work) -> decltype(work()) {
    return storageOn<sql::SqlError>(std::forward<Work>(work));
}

}  // namespace motcua::server
