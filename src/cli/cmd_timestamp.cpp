// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua timestamp: an RFC 3161 document timestamp (PAdES B-T for the signatures before it).
#include <nlohmann/json.hpp>

#include "args.h"
#include "context.h"
#include "exit_codes.h"
#include "json_out.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/timestamp.h"
#include "motcua/protocol/protocol.h"
#include "motcua/sync/tsa_client.h"

namespace motcua::cli {

int cmdTimestamp(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"tsa", "ca", "out", "timeout"}, {}, {}});
    if (args.positional().size() != 1 || !args.has("tsa") || !args.has("out"))
        throw UsageError(
            "usage: motcua timestamp IN.pdf --tsa URL [--ca FILE] [--timeout SEC] --out OUT.pdf");
    const std::string url = args.require("tsa");
    const std::string ca = args.get("ca").value_or("");
    const std::chrono::seconds timeout(args.intValue("timeout", 30, 1, 600));
    try {
        signing::addDocumentTimestampFile(
            args.positional().front(), args.require("out"), [&](const std::string& query) {
                return sync::postTimestampQuery(url, ca, query, timeout);
            });
    } catch (const sync::SyncError& e) {
        // A TSA that answered, but not with a usable timestamp, is bad input to this command
        // (exit 2, as a refused timestamp is); only an unreachable one is worth retrying later
        // (exit 6). main's one table turns either into the exit code and the --json error.
        if (e.code() != sync::SyncError::Code::Network)
            throw signing::SigningError(signing::SigningError::Code::TimestampRefused, e.what());
        *ctx.err << "motcua: " << args.positional().front()
                 << " is unchanged; try again when online\n";
        throw;
    }
    if (ctx.json)
        *ctx.out << jsonText(nlohmann::json{{"file", args.require("out")}, {"timestamped", true}})
                 << "\n";
    else
        *ctx.out << args.require("out") << "\n";
    return 0;
}

}  // namespace motcua::cli
