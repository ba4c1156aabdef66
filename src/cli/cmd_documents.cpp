// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <ostream>

#include "args.h"
#include "context.h"
#include "json_out.h"
#include "motcua/core/error.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/documents/forms.h"
#include "motcua/documents/register_export.h"

namespace motcua::cli {

using nlohmann::json;

namespace {
bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

int cmdPrint(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"form", "out", "reason", "sheets"}, {}, {"json"}});
    if (args.positional().size() != 1)
        throw UsageError(
            "usage: motcua print CODE --form receipt|supplement|rejection|apology|stop|control "
            "--out FILE.pdf [--reason TEXT] [--sheets whole|halves]");
    const auto kind = documents::parseFormKind(args.require("form"));
    if (!kind) throw UsageError("unknown form '" + *args.get("form") + "'");
    const std::string sheets = args.get("sheets").value_or("whole");
    if (sheets != "whole" && sheets != "halves")
        throw UsageError(
            "--sheets is 'whole' (each copy on its own A4 sheet) or 'halves' (two A5 halves of "
            "one)");
    const auto layout = sheets == "halves" ? documents::SheetLayout::HalfSheets
                                           : documents::SheetLayout::WholeSheets;
    const std::string out = args.require("out");
    const std::string& code = args.positional().front();

    auto store = ctx.openStore(store::OpenMode::Read);
    const auto form = documents::formContext(store.dossiers().record(code), ctx.clock->localNow(),
                                             args.get("reason").value_or(""));
    const std::string pdf = documents::renderForm(*kind, form, ctx.resourceDir + "/forms", layout);
    documents::writeFileAtomically(out, pdf);
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"code", code},
                                  {"form", documents::formName(*kind)},
                                  {"out", out},
                                  {"bytes", pdf.size()}})
                 << "\n";
    else
        *ctx.out << out << "\n";
    return 0;
}

int cmdRegister(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"from", "to", "out"}, {}, {"json"}});
    const Date from = parseIsoDate(args.require("from"));
    const Date to = parseIsoDate(args.require("to"));
    const std::string out = args.require("out");
    if (Days{to} < Days{from}) throw Error(Errc::InvalidArgument, "--to is before --from");
    const bool xlsx = endsWith(out, ".xlsx");
    if (!xlsx && !endsWith(out, ".csv"))
        throw Error(Errc::InvalidArgument, "--out must name a .xlsx or .csv file");
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto entries = store.dossiers().registerEntries(from, to);
    const documents::RegisterInfo info{store.settings().ward().unitName, from, to,
                                       ctx.clock->localNow()};
    if (xlsx)
        documents::exportRegisterXlsx(out, info, entries);
    else
        documents::exportRegisterCsv(out, info, entries);
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"out", out}, {"rows", entries.size()}}) << "\n";
    else
        *ctx.out << out << ": " << entries.size() << " dossiers\n";
    return 0;
}

}  // namespace motcua::cli
