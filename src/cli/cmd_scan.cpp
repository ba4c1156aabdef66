// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua scan: the scanners SANE finds, and a paper document scanned into one PDF.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "args.h"
#include "context.h"
#include "json_out.h"
#include "motcua/scan/scan_pdf.h"
#include "motcua/scan/scanner.h"

namespace motcua::cli {

namespace {

constexpr const char* kUsage =
    "usage: motcua scan --list-devices [--json]\n"
    "       motcua scan --out FILE.pdf [--device NAME] [--resolution DPI] [--mode color|gray]\n"
    "                   [--source auto|feeder|flatbed] [--pages N]";

int listDevices(const Context& ctx, bool json) {
    const auto devices = scan::listDevices();
    if (json) {
        auto list = nlohmann::json::array();
        for (const auto& d : devices)
            list.push_back(
                {{"name", d.name}, {"vendor", d.vendor}, {"model", d.model}, {"type", d.type}});
        *ctx.out << jsonText(nlohmann::json{{"devices", list}}) << "\n";
        return 0;
    }
    if (devices.empty()) *ctx.err << "motcua: no scanner found\n";
    for (const auto& d : devices)
        *ctx.out << d.name << "\t" << d.vendor << " " << d.model << " (" << d.type << ")\n";
    return 0;
}

template <class Value>
Value choice(const Args& args, const std::string& option,
             std::initializer_list<std::pair<const char*, Value>> values, Value fallback) {
    const auto given = args.get(option);
    if (!given) return fallback;
    for (const auto& [name, value] : values)
        if (*given == name) return value;
    throw UsageError("--" + option + ": unknown value '" + *given + "'\n" + kUsage);
}

/// On a terminal, "scanning page 2: 45%" rewritten in place once per percent; into a file or
/// a pipe, one line per page.
class ProgressLine {
public:
    ProgressLine(std::ostream& err, bool terminal) : m_err(err), m_terminal(terminal) {}
    bool operator()(const scan::ScanProgress& p) {
        const int percent =
            p.bytesExpected > 0 ? static_cast<int>(p.bytesRead * 100 / p.bytesExpected) : -1;
        if (p.page == m_page && (!m_terminal || percent == m_percent)) return true;
        if (!m_terminal) {
            m_err << "motcua: scanning page " << p.page << "\n";
        } else {
            m_err << "\rmotcua: scanning page " << p.page;
            if (percent >= 0) m_err << ": " << percent << "%";
            m_err << "   " << std::flush;
        }
        m_page = p.page;
        m_percent = percent;
        return true;
    }
    void done(std::size_t pages) {
        if (m_terminal && m_page > 0) m_err << "\n";
        m_err << "motcua: " << pages << (pages == 1 ? " page" : " pages") << " scanned\n";
    }

private:
    std::ostream& m_err;
    bool m_terminal;
    int m_page = 0;
    int m_percent = -2;
};

}  // namespace

int cmdScan(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(
        argv,
        {{"out", "device", "resolution", "mode", "source", "pages"}, {}, {"list-devices", "json"}});
    if (!args.positional().empty()) throw UsageError(kUsage);
    if (args.has("list-devices")) return listDevices(ctx, ctx.json || args.has("json"));
    if (!args.has("out")) throw UsageError(kUsage);

    scan::ScanSettings settings;
    settings.device = args.get("device").value_or("");
    settings.resolutionDpi = args.intValue("resolution", 200, 1, 19200);
    settings.mode =
        choice(args, "mode", {{"color", scan::ColorMode::Color}, {"gray", scan::ColorMode::Gray}},
               scan::ColorMode::Color);
    settings.source = choice(args, "source",
                             {{"auto", scan::PaperSource::Auto},
                              {"feeder", scan::PaperSource::Feeder},
                              {"flatbed", scan::PaperSource::Flatbed}},
                             scan::PaperSource::Auto);
    settings.maxPages = args.intValue("pages", 0, 0, 10000);

    ProgressLine progress(*ctx.err, ctx.err == &std::cerr && ::isatty(STDERR_FILENO));
    const auto pages =
        scan::scanDocument(settings, [&](const scan::ScanProgress& p) { return progress(p); });
    progress.done(pages.size());
    const std::string out = args.require("out");
    scan::writeScanPdf(pages, out);
    if (ctx.json)
        *ctx.out << jsonText(nlohmann::json{{"file", out}, {"pages", pages.size()}}) << "\n";
    else
        *ctx.out << out << "\n";
    return 0;
}

}  // namespace motcua::cli
