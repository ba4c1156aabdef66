// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua-desk: the desk application officers use all day.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/config.h>
#include <wx/stdpaths.h>

#include <cstdlib>
#include <filesystem>

#include "desk.h"
#include "ui_text.h"

namespace {

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

class DeskApp : public wxApp {
public:
    bool OnInit() override {
        SetAppName("motcua-desk");
        SetAppDisplayName("MotCua Desk");
        wxCmdLineParser parser(argc, argv);
        parser.AddOption("", "db", "ward database (default: $MOTCUA_DB or the user data folder)");
        parser.AddOption("", "lang", "interface language: vi or en");
        parser.AddSwitch("h", "help", "show this help", wxCMD_LINE_OPTION_HELP);
        if (parser.Parse() != 0) return false;

        using namespace motcua::app;
        wxConfigBase* config = wxConfigBase::Get();
        DeskOptions options;
        wxString value;
        const std::string dataDir = motcua::app::toUtf8(wxStandardPaths::Get().GetUserDataDir());
        options.dbPath = parser.Found("db", &value) ? toUtf8(value) : envOr("MOTCUA_DB", dataDir + "/ward.db");
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(options.dbPath).parent_path(), ec);
        options.language = parser.Found("lang", &value) ? toUtf8(value) : toUtf8(config->Read("/language", "vi"));
        if (options.language != "en") options.language = "vi";
        config->Write("/language", wxString(options.language));
        options.resourceDir = envOr("MOTCUA_RESOURCES", MOTCUA_RESOURCE_DIR);
        options.localeDir = envOr("MOTCUA_LOCALE_DIR", MOTCUA_LOCALE_DIR);
        setLanguage(options.language, options.localeDir);
        m_desk = std::make_unique<Desk>(options);
        return m_desk->start();
    }
    int OnExit() override {
        m_desk.reset();
        return wxApp::OnExit();
    }

private:
    std::unique_ptr<motcua::app::Desk> m_desk;
};

}  // namespace

wxIMPLEMENT_APP(DeskApp);
