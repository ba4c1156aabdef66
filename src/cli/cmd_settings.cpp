// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua settings`: where the desk syncs (the city server and its CA) and its timestamp
// authority, as the desk's settings dialog keeps them, for scripts and a desk set up by hand.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "args.h"
#include "context.h"
#include "json_out.h"
#include "motcua/core/error.h"

namespace motcua::cli {

using nlohmann::json;

int cmdSettings(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"server", "ca", "tsa"}, {}, {"json"}});
    if (!args.positional().empty())
        throw UsageError(
            "usage: motcua settings [--server https://HOST:PORT] [--ca FILE] [--tsa URL]");
    const bool change = args.has("server") || args.has("ca") || args.has("tsa");
    auto store = ctx.openStore(change ? store::OpenMode::Write : store::OpenMode::Read);
    auto config = store.settings().deskConfig();
    if (change) {
        if (const auto server = args.get("server")) config.serverUrl = *server;
        if (const auto tsa = args.get("tsa")) config.tsaUrl = *tsa;
        if (const auto ca = args.get("ca")) {
            // Kept absolute: the desk may be started from any folder.
            std::error_code ec;
            if (!ca->empty() && !std::filesystem::is_regular_file(*ca, ec))
                throw Error(Errc::InvalidArgument, "no CA bundle at " + *ca);
            config.caFile = ca->empty() ? "" : std::filesystem::absolute(*ca).string();
        }
        store.settings().setDeskConfig(config);  // checks the addresses; audited
    }
    if (ctx.json || args.has("json")) {
        *ctx.out << jsonText(json{{"server_url", config.serverUrl},
                                  {"ca_file", config.caFile},
                                  {"tsa_url", config.tsaUrl}})
                 << "\n";
        return 0;
    }
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
    *ctx.out << "server: " << shown(config.serverUrl) << "\n"
             << "CA: " << shown(config.caFile) << "\n"
             << "timestamp authority: " << shown(config.tsaUrl) << "\n";
    return 0;
}

}  // namespace motcua::cli
