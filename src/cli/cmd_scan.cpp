// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua scan: the scanners SANE finds, and a paper document scanned into one PDF.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "args.h"
#include "context.h"
#include "json_out.h"
#include "motcua/scan/scan_pdf.h"
#include "motcua/core/uuid.h"
#include "motcua/scan/scanner.h"
#include "motcua/store/store_error.h"

namespace motcua::cli {

namespace {

constexpr const char* kUsage =
    "usage: motcua scan --list-devices [--json]\n"
    "       motcua scan (--out FILE.pdf | CODE --document N) [--device NAME] [--resolution DPI]\n"
    "                   [--mode color|gray] [--source auto|feeder|flatbed] [--pages N]";

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

/// A file name from a document's name: no folder separators or control characters, at most
/// 200 bytes, cut on a character boundary.
std::string scanFileName(const std::string& documentName) {
    std::string name;
    for (const char c : documentName)
        name += (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '-' : c;
    if (name.size() > 200) {
        std::size_t cut = 200;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
        name.resize(cut);
    }
    return (name.empty() ? std::string("scan") : name) + ".pdf";
}

}  // namespace

int cmdScan(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"out", "device", "resolution", "mode", "source", "pages", "document"},
                           {},
                           {"list-devices", "json"}});
    if (args.has("list-devices")) {
        if (!args.positional().empty()) throw UsageError(kUsage);
        return listDevices(ctx, ctx.json || args.has("json"));
    }
    // Into a dossier's document, or into a file: one or the other.
    const bool intoDossier = args.positional().size() == 1 && args.has("document");
    if (args.positional().size() > 1 || (!intoDossier && !args.positional().empty()) ||
        intoDossier == args.has("out"))
        throw UsageError(kUsage);

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

    // The dossier and its document first: no paper is fed for a code that is not there.
    std::optional<store::Store> store;
    std::string code;
    std::size_t document = 0;
    std::string out;
    namespace fs = std::filesystem;
    fs::path scratch;
    if (intoDossier) {
        code = args.positional().front();
        document = static_cast<std::size_t>(args.intValue("document", 1, 1, 1000)) - 1;
        store.emplace(ctx.openStore());
        const auto d = store->dossiers().findByCode(code);
        if (!d) throw store::StoreError(store::StoreError::Code::NotFound, "no dossier " + code);
        if (document >= d->documents.size())
            throw store::StoreError(store::StoreError::Code::InvalidInput,
                                    "dossier " + code + " has no document " +
                                        std::to_string(document + 1) + "; it has " +
                                        std::to_string(d->documents.size()));
        // Made once the pages are in: a failed or cancelled scan leaves no folder behind.
        scratch = fs::temp_directory_path() / ("motcua-scan-" + newUuid());
        out = (scratch / scanFileName(d->documents[document].name)).string();
    } else {
        out = args.require("out");
    }

    ProgressLine progress(*ctx.err, ctx.err == &std::cerr && ::isatty(STDERR_FILENO));
    const auto pages =
        scan::scanDocument(settings, [&](const scan::ScanProgress& p) { return progress(p); });
    progress.done(pages.size());
    if (intoDossier) {
        // The store keeps its own copy (content-addressed); the scratch copy goes either way.
        struct RemoveScratch {
            fs::path path;
            ~RemoveScratch() {
                std::error_code ec;
                fs::remove_all(path, ec);
            }
        } removeScratch{scratch};
        fs::create_directories(scratch);
        scan::writeScanPdf(pages, out);
        const Dossier d = store->dossiers().addDocumentFiles(code, document, {out});
        const std::string sha = d.documents[document].files.back();
        if (ctx.json || args.has("json"))
            *ctx.out << jsonText(nlohmann::json{{"code", d.code},
                                                {"document", document + 1},
                                                {"sha256", sha},
                                                {"pages", pages.size()},
                                                {"digitised", d.isDigitised()}})
                     << "\n";
        else
            *ctx.out << d.code << " " << (document + 1) << " " << sha << "\n";
        return 0;
    }
    scan::writeScanPdf(pages, out);
    if (ctx.json)
        *ctx.out << jsonText(nlohmann::json{{"file", out}, {"pages", pages.size()}}) << "\n";
    else
        *ctx.out << out << "\n";
    return 0;
}

}  // namespace motcua::cli
