// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua`: the desk's command-line tool over the same core and store as the GUI.
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "args.h"
#include "context.h"
#include "terminal_output.h"
#include "motcua/core/error.h"
#include "motcua/documents/document_error.h"
#include "motcua/signing/signing_error.h"

namespace {

using namespace motcua;
using namespace motcua::cli;

// Exit codes are a stable interface (scripts and later checks rely on them).
constexpr int kOk = 0;
constexpr int kUsage = 1;
constexpr int kInvalid = 2;
constexpr int kNotFound = 3;
constexpr int kNotAllowed = 4;
constexpr int kFailure = 5;  ///< the database or a file could not be used

constexpr const char* kUsageText =
    "usage: motcua [--db PATH] [--json] COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  init --unit-code CODE --unit-name NAME --desk N [--officer NAME] [--place NAME]\n"
    "       [--office-hours 07:30-11:30,13:30-17:00]\n"
    "  catalog list [--search TEXT] | catalog import FILE\n"
    "  intake --procedure CODE (--qr TEXT | --id CCCD --name NAME --dob YYYY-MM-DD\n"
    "         --gender nam|nu --address TEXT) [--phone P] [--email E] [--attach FILE]...\n"
    "         [--received YYYY-MM-DDTHH:MM] [--copies N] [--pages N] [--sets N]\n"
    "  list [--status S] [--search TEXT] [--overdue] [--from DATE] [--to DATE] [--limit N]\n"
    "  show CODE\n"
    "  act CODE ACTION [--reason TEXT] [--due YYYY-MM-DDTHH:MM] [--result SIGNED.pdf (approve)]\n"
    "  edit CODE [--name N] [--id CCCD] [--dob D] [--gender nam|nu] [--address A] [--phone P]\n"
    "       [--email E]\n"
    "  due-date --procedure CODE --received YYYY-MM-DDTHH:MM\n"
    "  print CODE --form receipt|supplement|rejection|apology|stop|control --out FILE.pdf\n"
    "        [--reason TEXT]\n"
    "  register --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx|FILE.csv\n"
    "  account add --name NAME (--password-stdin | --password-env VAR) | account list\n"
    "  outbox [--unresolved]\n"
    "  audit verify\n"
    "  demo --dossiers N [--months M] [--seed S]\n"
    "  token list [--module PATH]... [--no-registered]\n"
    "  sign IN.pdf... (--out OUT.pdf | --out-dir DIR) [--module PATH] [--token LABEL] [--key-id HEX]\n"
    "       (--pin-stdin | --pin-env VAR | --pin-pad) [--reason T] [--location T] [--page N]\n"
    "       [--visible PAGE:X,Y,W,H | --visible top-right[:W,H]] [--signature-image PNG]\n"
    "       [--seal-image PNG [--seal-diameter-mm MM]] [--title T] [--document-number T]\n"
    "       (Ctrl+C stops after the current document: exit 130, with what was and was not signed)\n"
    "  sign-cms FILE --out FILE.p7s [--module PATH] [--token LABEL] [--key-id HEX]\n"
    "       (--pin-stdin | --pin-env VAR | --pin-pad)\n"
    "  verify FILE.pdf [--trust CA.pem]... [--crl FILE]...\n"
    "       (exit 0: every signature intact and trusted, else 2; a stale CRL: revocation unknown)\n"
    "  timestamp IN.pdf --tsa URL [--ca FILE] [--timeout SEC] --out OUT.pdf\n"
    "       (a PAdES B-T document timestamp; exit 6: TSA unreachable, IN untouched)\n"
    "  sync --server URL [--ca FILE] --user U (--password-stdin | --password-env VAR) [--once]\n"
    "       [--interval SEC] [--batch N] [--check-days N] [--tsa URL] | sync status\n"
    "       (--once: one pass; else a worker until SIGINT/SIGTERM; exit 6: server unreachable)\n"
    "  --version\n"
    "\n"
    "exit codes: 0 ok, 1 usage, 2 invalid input, 3 not found, 4 not allowed in this state,\n"
    "            5 the database, a file or the token could not be used,\n"
    "            6 the server could not be reached (nothing lost; sync again later),\n"
    "            130 / 143 interrupted by SIGINT / SIGTERM (sign)\n";

int exitCodeFor(store::StoreError::Code code) {
    using C = store::StoreError::Code;
    switch (code) {
        case C::NotFound: return kNotFound;
        case C::NotAllowed: return kNotAllowed;
        case C::InvalidInput: return kInvalid;
        case C::AlreadyInitialized: return kNotAllowed;
        default: return kFailure;
    }
}

void reportError(const Context& ctx, std::string_view code, const std::string& message) {
    std::cerr << "motcua: " << message << "\n";
    if (ctx.json) std::cout << nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    makeStandardStreamsTerminalSafe();
    const SystemClock clock;
    Context ctx;
    ctx.clock = &clock;
    ctx.out = &std::cout;
    ctx.err = &std::cerr;
    const char* resources = std::getenv("MOTCUA_RESOURCES");
    ctx.resourceDir = resources && *resources ? resources : MOTCUA_RESOURCE_DIR;

    std::vector<std::string> args(argv + 1, argv + argc);
    std::string dbPath;
    std::vector<std::string> rest;
    try {
        // Global options come before or after the command; pull them out first.
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i] == "--db") {
                if (i + 1 >= args.size()) throw UsageError("--db needs a path");
                dbPath = args[++i];
            } else if (args[i].rfind("--db=", 0) == 0) {
                dbPath = args[i].substr(5);
            } else if (args[i] == "--json") {
                ctx.json = true;
            } else {
                rest.push_back(args[i]);
            }
        }
        ctx.dbPath = dbPath.empty() ? defaultDbPath() : dbPath;
        if (rest.empty() || rest[0] == "--help" || rest[0] == "help" || rest[0] == "-h") {
            (rest.empty() ? std::cerr : std::cout) << kUsageText;
            return rest.empty() ? kUsage : kOk;
        }
        if (rest[0] == "--version" || rest[0] == "version") {
            std::cout << "motcua " << MOTCUA_VERSION << " (schema " << store::Store::schemaVersion() << ")\n";
            return kOk;
        }
        static const std::map<std::string, Command> commands{
            {"init", cmdInit},         {"catalog", cmdCatalog},    {"intake", cmdIntake},
            {"list", cmdList},         {"show", cmdShow},          {"act", cmdAct},
            {"due-date", cmdDueDate},  {"outbox", cmdOutbox},      {"audit", cmdAudit},
            {"edit", cmdEdit},         {"account", cmdAccount},    {"print", cmdPrint},
            {"register", cmdRegister}, {"demo", cmdDemo},          {"token", cmdToken},
            {"sign", cmdSign},         {"sign-cms", cmdSignCms},   {"verify", cmdVerify},
            {"sync", cmdSync},         {"timestamp", cmdTimestamp}};
        const auto it = commands.find(rest[0]);
        if (it == commands.end()) throw UsageError("unknown command '" + rest[0] + "'");
        return it->second(ctx, std::vector<std::string>(rest.begin() + 1, rest.end()));
    } catch (const UsageError& e) {
        reportError(ctx, "Usage", e.what());
        std::cerr << "run `motcua --help` for the commands\n";
        return kUsage;
    } catch (const Error& e) {
        reportError(ctx, errcName(e.code()), e.what());
        return e.code() == Errc::ActionNotAllowed ? kNotAllowed : kInvalid;
    } catch (const store::StoreError& e) {
        reportError(ctx, store::storeErrorName(e.code()), e.what());
        return exitCodeFor(e.code());
    } catch (const documents::DocumentError& e) {
        reportError(ctx, documents::documentErrorName(e.code()), e.what());
        return e.code() == documents::DocumentError::Code::FormNotApplicable ? kNotAllowed : kFailure;
    } catch (const signing::SigningError& e) {
        reportError(ctx, signing::signingErrorName(e.code()), e.what());
        using C = signing::SigningError::Code;
        const bool badInput = e.code() == C::PdfEncrypted || e.code() == C::PdfDamaged ||
                              e.code() == C::PdfUnsupported || e.code() == C::InvalidInput ||
                              e.code() == C::TimestampRefused;
        return badInput ? kInvalid : kFailure;  // token errors: 5
    } catch (const std::exception& e) {
        reportError(ctx, "Internal", e.what());
        return kFailure;
    }
}
