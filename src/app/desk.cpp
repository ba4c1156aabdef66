// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "desk.h"

#include <unistd.h>
#include <wx/config.h>
#include <wx/msgdlg.h>
#include <wx/utils.h>
#include <wx/translation.h>

#include <wx/progdlg.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "motcua/core/password_hash.h"
#include "motcua/sync/push.h"
#include "motcua/sync/transport.h"

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

Desk::~Desk() {
    wipe(m_syncPassword);
    // Windows go before the services they call; the sync thread stops before the worker.
    m_sync.reset();
    m_tokens.reset();
}

namespace {

/// The network half of a first online sign-in, off the GUI thread. The dialog pulses while it
/// runs and may be cancelled; the thread owns copies of everything it uses.
struct OnlineLogin {
    std::mutex mutex;
    bool done = false;
    std::optional<sync::Session> session;
    std::optional<sync::SyncError> error;
};

std::optional<sync::Session> loginOnline(wxWindow* parent, const store::DeskConfig& config, const std::string& username,
                                         std::string password, wxString& problem) {
    auto state = std::make_shared<OnlineLogin>();
    std::thread([state, config, username, password]() mutable {
        try {
            sync::HttpsTransport transport({config.serverUrl, config.caFile, std::chrono::seconds(15)});
            auto session = sync::login(transport, username, password);
            std::lock_guard lock(state->mutex);
            state->session = std::move(session);
        } catch (const sync::SyncError& e) {
            std::lock_guard lock(state->mutex);
            state->error = e;
        }
        wipe(password);
        std::lock_guard lock(state->mutex);
        state->done = true;
    }).detach();
    wipe(password);
    wxProgressDialog progress(_("Sign in"), _("Checking the account with the city server..."), 100, parent,
                              wxPD_APP_MODAL | wxPD_CAN_ABORT | wxPD_AUTO_HIDE);
    for (;;) {
        {
            std::lock_guard lock(state->mutex);
            if (state->done) break;
        }
        if (!progress.Pulse()) {
            problem = _("Sign-in cancelled.");
            return std::nullopt;
        }
        wxMilliSleep(50);
    }
    std::lock_guard lock(state->mutex);
    if (state->session) return state->session;
    if (state->error && state->error->code() == sync::SyncError::Code::Unauthorized)
        problem = _("Wrong name or password.");
    else
        problem = wxString::Format(_("The city server cannot be reached to check this account, and it has not signed "
                                     "in at this desk before: %s"),
                                   fromUtf8(state->error ? state->error->what() : ""));
    return std::nullopt;
}

}  // namespace

bool Desk::signIn(store::Store& store) {
    const auto current = store.settings();
    const auto config = store.deskConfig();
    const auto localNames = store.accounts();
    const auto wardAccounts = store.wardAccounts();
    wxArrayString names;
    for (const auto& n : localNames) names.Add(fromUtf8(n));
    for (const auto& a : wardAccounts) names.Add(fromUtf8(a.username));
    const bool server = !config.serverUrl.empty();
    LoginDialog login(nullptr, fromUtf8(current.unitName), names, fromUtf8(current.officerName), server);
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (login.ShowModal() != wxID_OK) return false;
        const std::string officer = toUtf8(login.officer());
        if (names.empty() && !server) {  // a ward set up from the command line, without accounts yet
            if (!officer.empty() && officer != current.officerName) store.setOfficer(officer);
            return true;
        }
        std::string password = login.password();
        struct Wipe {
            std::string& secret;
            ~Wipe() { wipe(secret); }
        } wipeAtEnd{password};
        const bool local = std::find(localNames.begin(), localNames.end(), officer) != localNames.end();
        if (local) {
            wxBusyCursor busy;  // the password check is deliberately slow
            if (store.signIn(officer, password)) {
                m_context.role = "admin";
                return true;
            }
            login.showProblem(_("Wrong name or password."));
            continue;
        }
        const auto known = std::find_if(wardAccounts.begin(), wardAccounts.end(),
                                        [&](const store::WardAccount& a) { return a.username == officer; });
        if (known != wardAccounts.end() && known->offlineSignIn) {
            wxBusyCursor busy;
            if (const auto account = store.signInOffline(officer, password)) {
                m_context.role = account->role;
                m_syncUser = officer;
                m_syncPassword = password;
                return true;
            }
            login.showProblem(_("Wrong name or password."));
            continue;
        }
        if (!server) {
            login.showProblem(_("Wrong name or password."));
            continue;
        }
        wxString problem;
        if (const auto session = loginOnline(&login, config, officer, password, problem)) {
            wxBusyCursor busy;
            store.rememberServerLogin({session->username, session->fullName, session->role, session->ward, true}, password);
            store.signInOffline(session->username, password);  // makes them the officer at the desk, audited
            m_context.role = session->role;
            m_syncUser = session->username;
            m_syncPassword = password;
            return true;
        }
        login.showProblem(problem);
    }
    return false;
}

bool Desk::start() {
    try {
        // The ward is this desk's until it quits: no motcua command may write it meanwhile,
        // whatever a library in this process does to the database's own locks.
        if (const auto parent = std::filesystem::path(m_options.dbPath).parent_path(); !parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);  // what fails, the lock reports
        }
        m_wardLock.emplace(store::WardLock::acquire(m_options.dbPath, store::WardLock::Mode::Exclusive,
                                                    "motcua-desk, pid " + std::to_string(::getpid())));
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
        m_modulePaths = store.deskConfig().modulePaths;
    } catch (...) {
        wxMessageBox(errorText(std::current_exception()), _("MotCua Desk"), wxICON_ERROR);
        return false;
    }
    m_worker = std::make_unique<Worker>(m_options.dbPath, *m_clock);
    m_context.worker = m_worker.get();
    m_sync = std::make_unique<SyncService>(m_options.dbPath, *m_clock);
    m_context.sync = m_sync.get();
    if (!m_syncUser.empty()) m_sync->signIn(m_syncUser, std::move(m_syncPassword));
    wipe(m_syncPassword);
    m_tokens = std::make_unique<TokenService>(m_modulePaths, m_options.registeredModules);
    m_context.tokens = m_tokens.get();
    m_context.clock = m_clock.get();
    m_context.resourceDir = m_options.resourceDir;
    m_context.documentsDir = (std::filesystem::path(m_options.dbPath).parent_path() / "documents").string();
    m_context.printDialogs = m_options.interactive;
    m_frame = new MainFrame(m_context);
    m_frame->Show();
    return true;
}

}  // namespace motcua::app
