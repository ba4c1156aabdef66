// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/sync/engine.h"

#include <map>
#include <set>

#include "motcua/core/dossier_code.h"
#include "motcua/core/error.h"
#include "motcua/crypto/secret.h"
#include "motcua/sync/blobs.h"
#include "reply.h"

namespace motcua::sync {

namespace {

std::map<std::string, std::int64_t> byDay(const std::vector<store::DayCount>& counts) {
    std::map<std::string, std::int64_t> days;
    for (const auto& c : counts) days[formatIsoDate(c.day)] = c.dossiers;
    return days;
}

/// Each page of the server's snapshot of one day, in code order.
template <typename OnPage>
void forEachSnapshotPage(Transport& transport, const std::string& token, const std::string& day,
                         OnPage onPage) {
    std::string after;
    for (;;) {
        const auto reply = transport.send("GET",
                                          "/api/v1/sync/snapshot?day=" + day + "&after=" + after +
                                              "&limit=" + std::to_string(kMaxPullLimit),
                                          "", token);
        expectStatus(reply, 200, "snapshot of " + day);
        const auto page = decodeSnapshotResponse(reply.body);
        std::vector<store::RemoteChange> changes;
        for (const auto& c : page.changes) {
            if (!after.empty() && c.entityId <= after)
                throw SyncError(SyncError::Code::Server, "snapshot of " + day + ": dossier " +
                                                             c.entityId + " is out of order");
            after = c.entityId;
            changes.push_back(toRemoteChange(c));
        }
        onPage(changes);
        if (!page.more) break;
        if (page.changes.empty())
            throw SyncError(SyncError::Code::Server,
                            "snapshot of " + day + ": more promised, none sent");
    }
}

/// Brings in every dossier of one day from the server's snapshot; returns how many were new
/// or updated here.
int repullDay(store::Store& store, Transport& transport, const std::string& token,
              const std::string& day) {
    int repaired = 0;
    forEachSnapshotPage(transport, token, day,
                        [&](const std::vector<store::RemoteChange>& changes) {
                            const auto applied = store.pull().apply(changes, std::nullopt);
                            repaired += applied.inserted + applied.updated;
                        });
    return repaired;
}

}  // namespace

int refetchDiverged(store::Store& store, Transport& transport, const std::string& token) {
    std::map<std::string, std::set<std::string>> byDayCodes;
    for (const auto& code : store.pull().dossiersToRefetch()) {
        try {
            byDayCodes[formatIsoDate(DossierCode::parse(code).day())].insert(code);
        } catch (const Error&) {
            store.pull().keepLocalVersion(
                code);  // not a dossier code: nothing on the server to fetch
        }
    }
    int refetched = 0;
    for (auto& [day, codes] : byDayCodes) {
        forEachSnapshotPage(transport, token, day,
                            [&](const std::vector<store::RemoteChange>& page) {
                                std::vector<store::RemoteChange> wanted;
                                for (const auto& c : page)
                                    if (codes.erase(c.entityId) > 0) wanted.push_back(c);
                                if (wanted.empty()) return;
                                const auto applied = store.pull().apply(wanted, std::nullopt, true);
                                refetched += applied.inserted + applied.updated;
                            });
        for (const auto& missing : codes) store.pull().keepLocalVersion(missing);
    }
    return refetched;
}

namespace {

/// Fetches each blob of `wanted` into the blob folder; returns how many arrived.
int fetchBlobs(store::Store& store, Transport& transport, const std::string& token,
               const std::vector<std::string>& wanted) {
    int fetched = 0;
    for (const auto& sha : wanted) {
        // Range by range into the blob folder, resumed by the next pass if cut off; a result of
        // 50 MiB costs no more memory than a small one.
        const std::string partial = store.blobs().partialPath(sha);
        try {
            downloadBlob(transport, token, sha, partial);
        } catch (const SyncError& e) {
            // Not uploaded yet by the desk that made it: the next pass tries again.
            if (e.code() == SyncError::Code::Server) continue;
            throw;
        }
        store.blobs().adopt(sha, partial);
        ++fetched;
    }
    return fetched;
}

}  // namespace

int fetchResultDocuments(store::Store& store, Transport& transport, const std::string& token) {
    return fetchBlobs(store, transport, token, store.blobs().missingResultBlobs());
}

int fetchSubmissionFiles(store::Store& store, Transport& transport, const std::string& token) {
    return fetchBlobs(store, transport, token, store.blobs().missingSubmissionFiles());
}

CountCheck checkCounts(store::Store& store, Transport& transport, const std::string& token,
                       Date from, Date to) {
    const auto reply = transport.send(
        "GET", "/api/v1/sync/counts?from=" + formatIsoDate(from) + "&to=" + formatIsoDate(to), "",
        token);
    expectStatus(reply, 200, "count check");
    const auto server = decodeCountsResponse(reply.body);
    std::map<std::string, std::int64_t> serverDays;
    for (const auto& d : server.days) serverDays[d.day] = d.dossiers;
    const auto deskDays = byDay(store.pull().syncedDossierCounts(from, to));

    std::map<std::string, std::pair<std::int64_t, std::int64_t>> all;  // day -> (desk, server)
    for (const auto& [day, n] : deskDays) all[day].first = n;
    for (const auto& [day, n] : serverDays) all[day].second = n;
    CountCheck check;
    check.days = static_cast<int>(all.size());
    for (const auto& [day, counts] : all) {
        if (counts.first == counts.second) continue;
        DayMismatch mismatch{parseIsoDate(day), counts.first, counts.second, counts.first};
        if (counts.first < counts.second) {
            check.repairedDossiers += repullDay(store, transport, token, day);
            const auto again = byDay(store.pull().syncedDossierCounts(mismatch.day, mismatch.day));
            mismatch.deskAfterRepair = again.count(day) ? again.at(day) : 0;
        }
        check.mismatches.push_back(mismatch);
    }
    return check;
}

Session loginAndRemember(store::Store& store, Transport& transport, const std::string& username,
                         std::string password) {
    Session session;
    try {
        session = login(transport, username, password);
    } catch (...) {
        crypto::wipe(password);
        throw;
    }
    store.accounts().rememberServerLogin(
        {session.username, session.fullName, session.role, session.ward, true},
        std::move(password));
    return session;
}

SyncReport syncOnce(store::Store& store, Transport& transport, const std::string& token,
                    LocalDateTime now, const SyncOptions& options) {
    SyncReport report;
    try {
        if (options.beforePush) report.timestamped = options.beforePush(store);
        report.push = pushOutbox(store, transport, token, options.batchSize);
        report.pull = pullChanges(store, transport, token, options.pullPageSize);
        report.refetched = refetchDiverged(store, transport, token);
        report.resultsFetched = fetchResultDocuments(store, transport, token);
        report.submissionFilesFetched = fetchSubmissionFiles(store, transport, token);
        if (options.countCheckDays > 0) {
            const Date to = now.date();
            const Date from{now.day - std::chrono::days{options.countCheckDays - 1}};
            report.counts = checkCounts(store, transport, token, from, to);
        }
    } catch (const SyncError& e) {
        store.pull().recordAttempt(false, e.what());
        throw;
    }
    store.pull().recordAttempt(true, "");
    return report;
}

}  // namespace motcua::sync
