// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua sync`: one pass, or a headless sync worker, against the city backend.
#include <atomic>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "args.h"
#include "context.h"
#include "exit_codes.h"
#include "json_out.h"
#include "motcua/crypto/secret.h"
#include "motcua/sync/backoff.h"
#include "motcua/sync/offline_timestamps.h"
#include "motcua/sync/engine.h"
#include "motcua/sync/tsa_client.h"
#include "motcua/sync/transport.h"

namespace motcua::cli {

using nlohmann::json;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void onStopSignal(int) {
    g_stop = true;
}

/// SIGINT/SIGTERM end the worker loop between passes; restored when the command ends.
class StopSignals {
public:
    StopSignals() {
        g_stop = false;
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_int);
        sigaction(SIGTERM, &action, &m_term);
    }
    ~StopSignals() {
        sigaction(SIGINT, &m_int, nullptr);
        sigaction(SIGTERM, &m_term, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction m_int {};
    struct sigaction m_term {};
};

/// Waits, waking early when asked to stop.
void pause(std::chrono::milliseconds delay) {
    const auto until = std::chrono::steady_clock::now() + delay;
    while (!g_stop && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

json reportJson(const sync::SyncReport& r, const store::SyncStatus& status) {
    json mismatches = json::array();
    for (const auto& m : r.counts.mismatches)
        mismatches.push_back({{"day", formatIsoDate(m.day)},
                              {"desk", m.desk},
                              {"server", m.server},
                              {"desk_after_repair", m.deskAfterRepair}});
    return {{"timestamped", r.timestamped},
            {"pushed", r.push.pushed},
            {"applied", r.push.applied},
            {"duplicates", r.push.duplicates},
            {"conflicts", r.push.conflicts},
            {"rejected", r.push.rejected},
            {"blobs_uploaded", r.push.blobs},
            {"blob_bytes", r.push.blobBytes},
            {"missing_blobs", r.push.missingBlobs},
            {"pulled", r.pull.changes},
            {"inserted", r.pull.applied.inserted},
            {"updated", r.pull.applied.updated},
            {"held_back", r.pull.applied.heldBack},
            {"accounts", r.pull.applied.accounts},
            {"problems", r.pull.applied.problems},
            {"count_check",
             {{"days", r.counts.days},
              {"agrees", r.counts.agrees()},
              {"repaired", r.counts.repairedDossiers},
              {"mismatches", mismatches}}},
            {"pending", status.pending},
            {"unresolved", status.conflicts + status.rejected},
            {"cursor", status.pullCursor}};
}

void printReport(const Context& ctx, bool asJson, const sync::SyncReport& r,
                 const store::SyncStatus& status) {
    if (asJson) {
        *ctx.out << jsonText(reportJson(r, status)) << "\n";
        return;
    }
    *ctx.out << "pushed " << r.push.pushed << " (applied " << r.push.applied << ", duplicates "
             << r.push.duplicates << ", conflicts " << r.push.conflicts << ", rejected "
             << r.push.rejected << "), blobs " << r.push.blobs << "; pulled " << r.pull.changes
             << " (new " << r.pull.applied.inserted << ", updated " << r.pull.applied.updated
             << "); pending " << status.pending << ", unresolved "
             << status.conflicts + status.rejected << "\n";
    for (const auto& m : r.counts.mismatches)
        *ctx.out << "count check " << formatIsoDate(m.day) << ": desk " << m.desk << ", server "
                 << m.server
                 << (m.deskAfterRepair == m.server ? ", repaired by re-pull"
                                                   : ", desk has dossiers the server lacks")
                 << "\n";
    if (r.push.missingBlobs > 0)
        *ctx.err << "motcua: " << r.push.missingBlobs
                 << " attachment(s) named by ops are missing from this desk\n";
}

int exitFor(const Context& ctx, bool asJson, const sync::SyncError& e) {
    using C = sync::SyncError::Code;
    const char* code = e.code() == C::Network          ? "Network"
                       : e.code() == C::Unauthorized   ? "Unauthorized"
                       : e.code() == C::ProtocolTooOld ? "ProtocolTooOld"
                                                       : "Server";
    *ctx.err << "motcua: sync: " << e.what() << "\n";
    if (asJson)
        *ctx.out << jsonText(json{{"error", {{"code", code}, {"message", e.what()}}}}) << "\n";
    if (e.code() == C::Network)
        *ctx.err << "motcua: nothing is lost; the outbox is kept and the next sync continues\n";
    return failureOf(e).exitCode;
}

int syncStatus(const Context& ctx, bool asJson) {
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto s = store.pull().status();
    if (asJson) {
        *ctx.out << jsonText(json{
                        {"pending", s.pending},
                        {"conflicts", s.conflicts},
                        {"rejected", s.rejected},
                        {"problems", s.problems},
                        {"cursor", s.pullCursor},
                        {"last_success",
                         s.lastSuccess ? json(formatIsoDateTime(*s.lastSuccess)) : json(nullptr)},
                        {"last_error", s.lastError}})
                 << "\n";
        return 0;
    }
    *ctx.out << "pending " << s.pending << ", conflicts " << s.conflicts << ", rejected "
             << s.rejected << ", pull problems " << s.problems << "\n"
             << "last success: "
             << (s.lastSuccess ? formatIsoDateTime(*s.lastSuccess) : std::string("never")) << "\n";
    if (!s.lastError.empty()) *ctx.out << "last error: " << s.lastError << "\n";
    return 0;
}

}  // namespace

int cmdSync(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(
        argv, {{"server", "ca", "user", "password-env", "interval", "batch", "check-days", "tsa"},
               {},
               {"password-stdin", "once", "json"}});
    const bool asJson = ctx.json || args.has("json");
    if (args.positional().size() == 1 && args.positional()[0] == "status")
        return syncStatus(ctx, asJson);
    if (!args.positional().empty())
        throw UsageError(
            "usage: motcua sync --server URL [--ca FILE] --user U (--password-stdin | "
            "--password-env VAR) "
            "[--once] [--interval SEC] | motcua sync status");
    const std::string user = args.require("user");
    sync::SyncOptions options;
    options.batchSize = args.intValue("batch", 100, 1, static_cast<int>(sync::kMaxOpsPerPush));
    options.countCheckDays = args.intValue("check-days", 31, 0, 3660);
    const auto interval = std::chrono::seconds(args.intValue("interval", 60, 1, 86400));
    std::string password = readPassword(args);
    struct Wipe {
        std::string& secret;
        ~Wipe() { crypto::wipe(secret); }
    } wipeAtEnd{password};

    auto store = ctx.openStore();
    sync::HttpsTransport transport(
        {args.require("server"), args.get("ca").value_or(""), std::chrono::seconds(30)});
    // Signatures made offline get their document timestamp (PAdES B-T) before they go up,
    // when the desk has a timestamp authority (--tsa, else the desk's settings).
    const auto desk = store.settings().deskConfig();
    const std::string tsaUrl = args.get("tsa").value_or(desk.tsaUrl);
    if (!tsaUrl.empty()) {
        const std::string ca = args.get("ca").value_or(desk.caFile);
        options.beforePush = [tsaUrl, ca, &ctx](store::Store& s) {
            const auto run = sync::timestampOfflineSignatures(s, [&](const std::string& query) {
                return sync::postTimestampQuery(tsaUrl, ca, query, std::chrono::seconds(20));
            });
            if (run.waiting > 0)
                *ctx.err << "motcua: " << run.waiting
                         << " signed result(s) still without a timestamp: " << run.error << "\n";
            return run.stamped;
        };
    }

    if (args.has("once")) {
        try {
            const auto session = sync::loginAndRemember(store, transport, user, password);
            const auto report =
                sync::syncOnce(store, transport, session.token, ctx.clock->localNow(), options);
            printReport(ctx, asJson, report, store.pull().status());
            return 0;
        } catch (const sync::SyncError& e) {
            if (e.code() != sync::SyncError::Code::Unauthorized)
                store.pull().recordAttempt(false, e.what());
            return exitFor(ctx, asJson, e);
        }
    }

    // The worker: sync, wait, again; back off while the server is out of reach; log in again
    // when the session expires. Ends on SIGINT or SIGTERM between passes.
    const StopSignals signals;
    sync::Backoff backoff;
    std::string token;
    while (!g_stop) {
        try {
            if (token.empty())
                token = sync::loginAndRemember(store, transport, user, password).token;
            const auto report =
                sync::syncOnce(store, transport, token, ctx.clock->localNow(), options);
            backoff.reset();
            *ctx.out << formatIsoDateTime(ctx.clock->localNow()) << " ";
            printReport(ctx, asJson, report, store.pull().status());
            ctx.out->flush();
            pause(interval);
        } catch (const sync::SyncError& e) {
            using C = sync::SyncError::Code;
            if (e.code() == C::Unauthorized && !token.empty()) {
                token.clear();  // the session expired: log in again at once
                continue;
            }
            if (e.code() != C::Network) return exitFor(ctx, asJson, e);
            store.pull().recordAttempt(false, e.what());
            const auto delay = backoff.next();
            *ctx.err << "motcua: sync: " << e.what() << "; retrying in " << delay.count() / 1000
                     << " s\n";
            pause(delay);
        }
    }
    return 0;
}

}  // namespace motcua::cli
