// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>

#include "args.h"
#include "context.h"
#include "exit_codes.h"
#include "json_out.h"
#include "motcua/core/error.h"
#include "motcua/demo/demo.h"
#include "motcua/files/files.h"

namespace motcua::cli {

using nlohmann::json;

namespace {

std::string readText(const std::string& path) {
    return files::rethrowAs<store::StoreError>(store::StoreError::Code::Io,
                                               [&] { return files::readFile(path); });
}

}  // namespace

std::string defaultDbPath() {
    if (const char* env = std::getenv("MOTCUA_DB"); env && *env) return env;
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".local" / "share";
    else
        base = ".";
    return (base / "motcua" / "ward.db").string();
}

store::Store Context::openStore(store::OpenMode mode) const {
    const bool create = mode == store::OpenMode::Create;
    if (!create && !std::filesystem::exists(dbPath))
        throw store::StoreError(store::StoreError::Code::NotInitialized,
                                "no database at " + dbPath + "; run `motcua init` first");
    if (!wardLock) {
        if (const auto parent = std::filesystem::path(dbPath).parent_path();
            create && !parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);  // Store::open reports what fails
        }
        wardLock = std::make_shared<store::WardLock>(store::WardLock::acquire(
            dbPath, store::WardLock::Mode::Shared, "motcua, pid " + std::to_string(::getpid())));
    }
    return store::Store::open(dbPath, mode, *clock);
}

int cmdInit(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"unit-code", "unit-name", "desk", "officer", "place", "catalog",
                            "calendar", "office-hours"},
                           {},
                           {"json"}});
    store::WardSettings ward;
    ward.unitCode = args.require("unit-code");
    ward.unitName = args.require("unit-name");
    ward.deskNumber = args.intValue("desk", 1, 1, 9);
    if (!args.has("desk")) throw UsageError("--desk is required");
    ward.officerName = args.get("officer").value_or("");
    ward.placeName = args.get("place").value_or("Hà Nội");
    if (auto hours = args.get("office-hours")) ward.officeHours = OfficeHours::parse(*hours);
    const std::string catalog =
        readText(args.get("catalog").value_or(ctx.resourceDir + "/catalog/procedures.json"));
    const std::string calendar =
        readText(args.get("calendar").value_or(ctx.resourceDir + "/calendar/vn-days-off.json"));
    auto store = ctx.openStore(store::OpenMode::Create);
    store.settings().initialize(ward, catalog, calendar);
    const auto settings = store.settings().ward();
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"db", ctx.dbPath},
                                  {"unit_code", settings.unitCode},
                                  {"desk", settings.deskNumber},
                                  {"device_id", settings.deviceId},
                                  {"procedures", store.catalog().procedures().size()}})
                 << "\n";
    else
        *ctx.out << "initialised " << ctx.dbPath << " for " << settings.unitName << " ("
                 << settings.unitCode << "), desk " << settings.deskNumber << "\n";
    return 0;
}

int cmdCatalog(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"search"}, {}, {"json"}});
    const auto& pos = args.positional();
    if (pos.empty()) throw UsageError("usage: motcua catalog list [--search TEXT] | import FILE");
    auto store = ctx.openStore(pos[0] == "import" ? store::OpenMode::Write : store::OpenMode::Read);
    if (pos[0] == "import") {
        if (pos.size() != 2) throw UsageError("usage: motcua catalog import FILE");
        const int count = store.catalog().importCatalog(readText(pos[1]));
        *ctx.out << "imported " << count << " procedures\n";
        return 0;
    }
    if (pos[0] != "list" || pos.size() != 1)
        throw UsageError("usage: motcua catalog list [--search TEXT] | import FILE");
    const auto procedures = store.catalog().procedures(args.get("search").value_or(""));
    if (ctx.json || args.has("json")) {
        json out = json::array();
        for (const auto& p : procedures) out.push_back(toJson(p));
        *ctx.out << jsonText(out) << "\n";
        return 0;
    }
    for (const auto& p : procedures) *ctx.out << p.code << "  " << p.name << "\n";
    return 0;
}

int cmdAccount(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"name", "password-env"}, {}, {"password-stdin", "json"}});
    const auto& pos = args.positional();
    auto store = ctx.openStore(pos.size() == 1 && pos[0] == "list" ? store::OpenMode::Read
                                                                   : store::OpenMode::Write);
    if (pos.size() == 1 && pos[0] == "list") {
        const auto names = store.accounts().localNames();
        if (ctx.json || args.has("json"))
            *ctx.out << jsonText(json(names)) << "\n";
        else
            for (const auto& n : names) *ctx.out << n << "\n";
        return 0;
    }
    if (pos.size() != 1 || pos[0] != "add")
        throw UsageError(
            "usage: motcua account add --name NAME (--password-stdin | --password-env VAR) | "
            "account list");
    std::string password = readPassword(args);
    const std::string name = args.require("name");
    store.accounts().add(name, std::move(password));
    *ctx.out << "added account " << name << "\n";
    return 0;
}

int cmdOutbox(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"limit"}, {}, {"json", "unresolved"}});
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto pending = store.outbox().pendingCount();
    // --unresolved: the conflicts and rejections the server answered, with its reasons.
    const auto ops = args.has("unresolved")
                         ? store.outbox().unresolved()
                         : store.outbox().pending(args.intValue("limit", 1000, 1, 1000000));
    if (ctx.json || args.has("json")) {
        json list = json::array();
        for (const auto& op : ops) list.push_back(toJson(op));
        *ctx.out << jsonText(json{{"pending", pending}, {"ops", list}}) << "\n";
        return 0;
    }
    *ctx.out << pending << " pending\n";
    for (const auto& op : ops) {
        *ctx.out << op.seq << "  " << op.opId << "  " << op.kind << "  " << op.entityId;
        if (!op.result.empty()) {
            const auto answer = json::parse(op.result, nullptr, false);
            if (answer.is_object())
                *ctx.out << "  " << answer.value("result", "") << ": " << answer.value("error", "");
        }
        *ctx.out << "\n";
    }
    return 0;
}

int cmdAudit(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{}, {}, {"json"}});
    if (args.positional().size() != 1 || args.positional()[0] != "verify")
        throw UsageError("usage: motcua audit verify");
    auto store = ctx.openStore(store::OpenMode::Read);
    const bool asJson = ctx.json || args.has("json");
    // The file first: a chain read from damaged pages proves nothing.
    const auto damage = store.integrityProblems();
    if (!damage.empty()) {
        if (asJson) *ctx.out << jsonText(json{{"ok", false}, {"integrity", damage}}) << "\n";
        *ctx.err << "motcua: the database " << ctx.dbPath
                 << " is damaged; SQLite's integrity check reports:\n";
        for (const auto& line : damage) *ctx.err << "  " << line << "\n";
        *ctx.err << "motcua: restore it from a backup, or let the next sync fetch the ward again "
                    "into a new file\n";
        return kExitUnavailable;
    }
    const auto check = store.audit().verify();
    if (asJson) {
        json j = {{"ok", check.ok}, {"entries", check.entries}, {"integrity", json::array()}};
        if (!check.ok) j["first_broken"] = *check.firstBrokenSeq, j["problem"] = check.problem;
        *ctx.out << jsonText(j) << "\n";
    } else if (check.ok) {
        *ctx.out << "database intact; audit chain holds: " << check.entries << " entries\n";
    } else {
        *ctx.err << "motcua: audit chain broken at entry " << *check.firstBrokenSeq << ": "
                 << check.problem << "\n";
    }
    return check.ok ? kExitOk : kExitInvalid;
}

int cmdDemo(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"dossiers", "months", "seed"}, {}, {"json", "quiet"}});
    const int count = args.intValue("dossiers", 500, 1, 10000000);
    const int months = args.intValue("months", 6, 1, 120);
    const int seed = args.intValue("seed", 2025, 0, 2147483647);
    auto store = ctx.openStore();
    const auto start = std::chrono::steady_clock::now();
    const bool quiet = args.has("quiet") || ctx.json || args.has("json");
    const auto made = demo::generate(store, count, months, std::uint64_t(seed),
                                     [&](std::int64_t done, std::int64_t total) {
                                         if (!quiet)
                                             *ctx.err << "\r" << done << "/" << total << std::flush;
                                         return true;
                                     });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!quiet) *ctx.err << "\n";
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"dossiers", made}, {"seconds", seconds}}) << "\n";
    else
        *ctx.out << "generated " << made << " demo dossiers in " << seconds << " s\n";
    return 0;
}

}  // namespace motcua::cli
