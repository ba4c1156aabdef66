// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "desk.h"

#include <wx/config.h>
#include <wx/msgdlg.h>
#include <wx/utils.h>
#include <wx/translation.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "main_frame.h"
#include "setup_dialog.h"
#include "ui_text.h"

namespace motcua::app {

namespace {
std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw store::StoreError(store::StoreError::Code::Io, "cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}
}  // namespace

void setLanguage(const std::string& language, const std::string& localeDir) {
    auto* translations = new wxTranslations();
    wxTranslations::Set(translations);
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(localeDir));
    if (language == "en") {
        translations->SetLanguage(wxLANGUAGE_ENGLISH_US);
        return;  // the source strings are English
    }
    translations->SetLanguage(wxLANGUAGE_VIETNAMESE);
    translations->AddStdCatalog();  // wx's own buttons and dialogs, when installed
    translations->AddCatalog("motcua-desk");
}

Desk::Desk(DeskOptions options) : m_options(std::move(options)), m_clock(std::make_unique<SystemClock>()) {}

Desk::~Desk() = default;

bool Desk::signIn(store::Store& store) {
    const auto current = store.settings();
    wxArrayString names;
    for (const auto& n : store.accounts()) names.Add(fromUtf8(n));
    LoginDialog login(nullptr, fromUtf8(current.unitName), names, fromUtf8(current.officerName));
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (login.ShowModal() != wxID_OK) return false;
        const std::string officer = toUtf8(login.officer());
        if (names.empty()) {  // a ward set up from the command line, without accounts yet
            if (!officer.empty() && officer != current.officerName) store.setOfficer(officer);
            return true;
        }
        wxBusyCursor busy;  // the password check is deliberately slow
        if (store.signIn(officer, login.password())) return true;
        login.showProblem(_("Wrong name or password."));
    }
    return false;
}

bool Desk::start() {
    try {
        // Start-up reads a few settings rows before any window exists: no worker needed yet.
        auto store = store::Store::open(m_options.dbPath, true, *m_clock);
        if (!store.isInitialized()) {
            if (!m_options.interactive) return false;
            SetupDialog setup(nullptr);
            if (setup.ShowModal() != wxID_OK) return false;
            store.initialize(setup.settings(), readText(m_options.resourceDir + "/catalog/procedures.json"),
                             readText(m_options.resourceDir + "/calendar/vn-days-off.json"));
            store.addAccount(setup.settings().officerName, setup.password());
        } else if (m_options.interactive && !signIn(store)) {
            return false;
        }
        m_context.ward = store.settings();
    } catch (...) {
        wxMessageBox(errorText(std::current_exception()), _("MotCua Desk"), wxICON_ERROR);
        return false;
    }
    m_worker = std::make_unique<Worker>(m_options.dbPath, *m_clock);
    m_context.worker = m_worker.get();
    m_context.clock = m_clock.get();
    m_context.resourceDir = m_options.resourceDir;
    m_context.documentsDir = (std::filesystem::path(m_options.dbPath).parent_path() / "documents").string();
    m_context.printDialogs = m_options.interactive;
    m_frame = new MainFrame(m_context);
    m_frame->Show();
    return true;
}

}  // namespace motcua::app
