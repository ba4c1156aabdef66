// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua`: the desk's command-line tool over the same core and store as the GUI.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.h"
#include "commands.h"
#include "context.h"
#include "exit_codes.h"
#include "json_out.h"
#include "terminal_output.h"
#include "motcua/core/error.h"
#include "motcua/core/version.h"
#include "motcua/documents/document_error.h"
#include "motcua/signing/signing_error.h"
#include "motcua/protocol/protocol.h"

namespace {

using namespace motcua;
using namespace motcua::cli;

void reportError(const Context& ctx, std::string_view code, const std::string& message) {
    std::cerr << "motcua: " << message << "\n";
    if (ctx.json)
        std::cout << jsonText(nlohmann::json{{"error", {{"code", code}, {"message", message}}}})
                  << "\n";
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
        if (rest.empty() || rest[0] == "--help" || rest[0] == "-h") {
            (rest.empty() ? std::cerr : std::cout) << overallHelp();
            return rest.empty() ? kExitUsage : kExitOk;
        }
        if (rest[0] == "--version" || rest[0] == "version") {
            std::cout << "motcua " << projectVersion() << " (schema "
                      << store::Store::schemaVersion() << ")\n";
            return kExitOk;
        }
        if (rest[0] == "help") {
            if (rest.size() == 1) {
                std::cout << overallHelp();
                return kExitOk;
            }
            const auto* command = findCommand(rest[1]);
            if (!command) throw UsageError("unknown command '" + rest[1] + "'");
            std::cout << commandHelp(*command);
            return kExitOk;
        }
        const auto* command = findCommand(rest[0]);
        if (!command) throw UsageError("unknown command '" + rest[0] + "'");
        const std::vector<std::string> commandArgs(rest.begin() + 1, rest.end());
        for (const auto& arg : commandArgs)
            if (arg == "--help") {
                std::cout << commandHelp(*command);
                return kExitOk;
            }
        return command->run(ctx, commandArgs);
    } catch (const std::exception& e) {
        const Failure failure = failureOf(e);
        reportError(ctx, failure.code, e.what());
        if (failure.exitCode == kExitUsage) std::cerr << "run `motcua --help` for the commands\n";
        return failure.exitCode;
    }
}
