// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua-desk: the desk application officers use all day.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/stdpaths.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <string_view>

#include "desk.h"
#include "motcua/core/version.h"
#include "main_frame.h"
#include "ui_text.h"

namespace {

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

/// Where the ward's database lives by default: the same folder as `motcua` uses, so the GUI
/// and the command line work on one database ($XDG_DATA_HOME/motcua, ~/.local/share/motcua);
/// elsewhere the platform's user data folder.
std::string defaultDataDir() {
#if defined(__UNIX__) && !defined(__APPLE__)
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/motcua";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/motcua";
#endif
    return motcua::app::toUtf8(wxStandardPaths::Get().GetUserDataDir());
}

class DeskApp : public wxApp {
public:
    bool OnInit() override {
        SetAppName("motcua-desk");
        SetAppDisplayName("MotCua Desk");
        wxCmdLineParser parser(argc, argv);
        parser.AddOption("", "db", "ward database (default: $MOTCUA_DB or the user data folder)");
        parser.AddOption("", "lang", "interface language: vi or en");
        parser.AddSwitch("", "exit-when-ready",
                         "print the start-up time once the dossier list shows, then quit "
                         "(benchmarks, smoke tests)");
        parser.AddSwitch("h", "help", "show this help", wxCMD_LINE_OPTION_HELP);
        parser.AddSwitch("", "version", "print the version and exit (works without a display)");
        if (parser.Parse() != 0) return false;

        using namespace motcua::app;
        wxConfigBase* config = wxConfigBase::Get();
        DeskOptions options;
        wxString value;
        options.dbPath = parser.Found("db", &value)
                             ? toUtf8(value)
                             : envOr("MOTCUA_DB", defaultDataDir() + "/ward.db");
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(options.dbPath).parent_path(),
                                            ec);
        options.language =
            parser.Found("lang", &value) ? toUtf8(value) : toUtf8(config->Read("/language", "vi"));
        if (options.language != "en") options.language = "vi";
        config->Write("/language", wxString(options.language));
        options.resourceDir = envOr("MOTCUA_RESOURCES", MOTCUA_RESOURCE_DIR);
        options.localeDir = envOr("MOTCUA_LOCALE_DIR", MOTCUA_LOCALE_DIR);
        setLanguage(options.language, options.localeDir);
        options.interactive = !parser.Found("exit-when-ready");
        m_desk = std::make_unique<Desk>(options);
        if (!m_desk->start()) return false;
        if (parser.Found("exit-when-ready")) {
            m_desk->frame()->onListUpdated = [this](std::size_t rows) {
                const auto ms = std::chrono::duration<double, std::milli>(
                                    std::chrono::steady_clock::now() - m_started)
                                    .count();
                std::printf("ready_ms=%.1f rows=%zu\n", ms, rows);
                std::fflush(stdout);
                m_desk->frame()->onListUpdated = nullptr;
                m_desk->frame()->Close();
            };
        }
        return true;
    }
    int OnExit() override {
        m_desk.reset();
        return wxApp::OnExit();
    }

private:
    std::unique_ptr<motcua::app::Desk> m_desk;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

}  // namespace

wxIMPLEMENT_APP_NO_MAIN(DeskApp);

int main(int argc, char** argv) {
    // Answered before GTK starts, so it works without a display.
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]) == "--version") {
            std::printf("motcua-desk %.*s\n", int(motcua::projectVersion().size()),
                        motcua::projectVersion().data());
            return 0;
        }
    return wxEntry(argc, argv);
}
