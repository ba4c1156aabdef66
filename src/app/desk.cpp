// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "desk.h"

#include <wx/image.h>

#include <unistd.h>
#include <wx/config.h>
#include <wx/msgdlg.h>
#include <wx/utils.h>
#include <wx/translation.h>

#include <wx/progdlg.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "motcua/core/role.h"
#include "motcua/crypto/secret.h"
#include "motcua/files/files.h"
#include "motcua/sync/push.h"
#include "motcua/sync/transport.h"

#include "main_frame.h"
#include "setup_dialog.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

/// The role an account the store or the server names may use at this desk: a name this desk
/// does not know (a newer server's) gets an officer's rights, the least.
Role deskRole(const std::string& name) {
    const auto role = parseRole(name);
    return role && isDeskRole(*role) ? *role : Role::Officer;
}
std::string readText(const std::string& path) {
    return files::rethrowAs<store::StoreError>(store::StoreError::Code::Io,
                                               [&] { return files::readFile(path); });
}
}  // namespace

void setLanguage(const std::string& language, const std::string& localeDir) {
    auto* translations = new wxTranslations();
    wxTranslations::Set(translations);
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(wxString::FromUTF8(localeDir));
    if (language == "en") {
        translations->SetLanguage(wxLANGUAGE_ENGLISH_US);
        // The source strings are English; GTK's own dialogs speak it too.
        ::setenv("LANGUAGE", "en", 1);
        std::setlocale(LC_MESSAGES, "C.UTF-8");
        return;
    }
    translations->SetLanguage(wxLANGUAGE_VIETNAMESE);
    translations->AddStdCatalog();  // wx's own buttons and dialogs, when installed
    translations->AddCatalog(
        "motcua-desk");  // holds wx's stock strings too (Debian has no vi wxstd)
    // GTK's own dialogs (the file chooser, the print dialog, "(None)") translate through
    // gettext, which follows LC_MESSAGES: Vietnamese messages only, so numbers and dates in
    // files keep the C conventions. The installer makes sure vi_VN.UTF-8 exists; without it
    // GTK's strings stay English and nothing else changes.
    ::setenv("LANGUAGE", "vi", 1);
    if (!std::setlocale(LC_MESSAGES, "vi_VN.UTF-8")) std::setlocale(LC_MESSAGES, "C.UTF-8");
}

Desk::Desk(DeskOptions options)
    : m_options(std::move(options)), m_clock(std::make_unique<SystemClock>()) {}

Desk::~Desk() {
    crypto::wipe(m_syncPassword);
    // Windows go before the services they call; the sync thread stops before the worker.
    m_sync.reset();
    m_tokens.reset();
    for (auto& t : m_leftovers) t.join();  // a cancelled sign-in ends within its network timeout
}

namespace {

/// Runs `work` on a thread of its own while a modal progress dialog pulses, so the GUI thread
/// keeps drawing and answering (password hashing is slow on purpose; the network can hang).
/// What the work throws is rethrown here. With `leftovers`, the person may cancel: nothing is
/// returned and the thread, left to finish unseen, is handed over to be joined later. The
/// work touches no window: the GUI thread only looks at its state between pulses.
template <class T>
std::optional<T> withProgress(wxWindow* parent, const wxString& title, const wxString& message,
                              std::vector<std::thread>* leftovers, std::function<T()> work) {
    struct State {
        std::mutex mutex;
        bool done = false;
        std::optional<T> value;
        std::exception_ptr error;
    };
    auto state = std::make_shared<State>();
    std::thread thread([state, work = std::move(work)] {
        std::optional<T> value;
        std::exception_ptr error;
        try {
            value.emplace(work());
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(state->mutex);
        state->value = std::move(value);
        state->error = error;
        state->done = true;
    });
    wxProgressDialog progress(title, message, 100, parent,
                              wxPD_APP_MODAL | wxPD_AUTO_HIDE | (leftovers ? wxPD_CAN_ABORT : 0));
    for (;;) {
        {
            std::lock_guard lock(state->mutex);
            if (state->done) break;
        }
        if (!progress.Pulse() && leftovers) {
            leftovers->push_back(std::move(thread));
            return std::nullopt;
        }
        wxMilliSleep(30);
    }
    thread.join();
    if (state->error) std::rethrow_exception(state->error);
    return std::move(state->value);
}

/// The network half of a first online sign-in. The work owns copies of what it uses, as it
/// may outlive the dialog when the person cancels.
std::optional<sync::Session> loginOnline(wxWindow* parent, const store::DeskConfig& config,
                                         const std::string& username, std::string password,
                                         std::vector<std::thread>& leftovers, wxString& problem) {
    auto secret = std::make_shared<std::string>(std::move(password));
    crypto::wipe(password);
    std::optional<sync::Session> session;
    try {
        auto outcome = withProgress<sync::Session>(
            parent, _("Sign in"), _("Checking the account with the city server..."), &leftovers,
            [config, username, secret]() {
                struct Wipe {
                    std::string& s;
                    ~Wipe() { crypto::wipe(s); }
                } wipeAtEnd{*secret};
                sync::HttpsTransport transport(
                    {config.serverUrl, config.caFile, std::chrono::seconds(15)});
                return sync::login(transport, username, *secret);
            });
        if (!outcome) {
            problem = _("Sign-in cancelled.");
            return std::nullopt;
        }
        session = std::move(outcome);
    } catch (const sync::SyncError& e) {
        if (e.code() == sync::SyncError::Code::Unauthorized)
            problem = _("Wrong name or password.");
        else
            problem = wxString::Format(
                _("The city server cannot be reached to check this account, and it has not "
                  "signed in at this desk before: %s"),
                fromUtf8(e.what()));
        return std::nullopt;
    }
    return session;
}

}  // namespace

bool Desk::signIn(store::Store& store) {
    const auto current = store.settings().ward();
    const auto config = store.settings().deskConfig();
    const auto localNames = store.accounts().localNames();
    const auto wardAccounts = store.accounts().wardAccounts();
    wxArrayString names;
    for (const auto& n : localNames) names.Add(fromUtf8(n));
    for (const auto& a : wardAccounts) names.Add(fromUtf8(a.username));
    const bool server = !config.serverUrl.empty();
    LoginDialog login(nullptr, fromUtf8(current.unitName), names, fromUtf8(current.officerName),
                      server);
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (login.ShowModal() != wxID_OK) return false;
        const std::string officer = toUtf8(login.officer());
        if (names.empty() &&
            !server) {  // a ward set up from the command line, without accounts yet
            if (!officer.empty() && officer != current.officerName)
                store.accounts().setOfficer(officer);
            return true;
        }
        std::string password = login.password();
        struct Wipe {
            std::string& secret;
            ~Wipe() { crypto::wipe(secret); }
        } wipeAtEnd{password};
        const bool local =
            std::find(localNames.begin(), localNames.end(), officer) != localNames.end();
        // The password checks are slow on purpose: off the GUI thread, which only waits.
        const wxString checking = _("Checking the password...");
        if (local) {
            if (*withProgress<bool>(&login, _("Sign in"), checking, nullptr,
                                    [&] { return store.accounts().signIn(officer, password); })) {
                m_context.role = Role::Admin;
                return true;
            }
            login.showProblem(_("Wrong name or password."));
            continue;
        }
        const auto known =
            std::find_if(wardAccounts.begin(), wardAccounts.end(),
                         [&](const store::WardAccount& a) { return a.username == officer; });
        if (known != wardAccounts.end() && known->offlineSignIn) {
            if (const auto account = *withProgress<std::optional<store::WardAccount>>(
                    &login, _("Sign in"), checking, nullptr,
                    [&] { return store.accounts().signInOffline(officer, password); })) {
                m_context.role = deskRole(account->role);
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
        if (const auto session =
                loginOnline(&login, config, officer, password, m_leftovers, problem)) {
            withProgress<bool>(&login, _("Sign in"), checking, nullptr, [&] {
                store.accounts().rememberServerLogin(
                    {session->username, session->fullName, session->role, session->ward, true},
                    password);
                store.accounts().signInOffline(
                    session->username, password);  // makes them the officer at the desk, audited
                return true;
            });
            m_context.role = deskRole(session->role);
            m_syncUser = session->username;
            m_syncPassword = password;
            return true;
        }
        login.showProblem(problem);
    }
    return false;
}

MainFrame* Desk::frame() const {
    return static_cast<MainFrame*>(m_frame.get());
}

bool Desk::signInAgain() {
    // Whoever was signed in stops syncing at once; only a new sign-in syncs again.
    if (m_sync) m_sync->signOut();
    m_syncUser.clear();
    crypto::wipe(m_syncPassword);
    try {
        auto store = store::Store::open(m_options.dbPath, store::OpenMode::Write, *m_clock);
        if (!signIn(store)) return false;
        m_context.ward = store.settings().ward();  // the officer's name on forms
    } catch (...) {
        showMessage(nullptr, errorText(std::current_exception()), _("MotCua Desk"), wxICON_ERROR);
        return false;
    }
    if (m_sync && !m_syncUser.empty()) m_sync->signIn(m_syncUser, std::move(m_syncPassword));
    crypto::wipe(m_syncPassword);
    return true;
}

bool Desk::start() {
    // Submissions' scans are previewed from JPEG and PNG files (once per process; wx ignores
    // a handler added again).
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    if (!wxImage::FindHandler(wxBITMAP_TYPE_JPEG)) wxImage::AddHandler(new wxJPEGHandler);
    try {
        // The ward is this desk's until it quits: no motcua command may write it meanwhile,
        // whatever a library in this process does to the database's own locks.
        if (const auto parent = std::filesystem::path(m_options.dbPath).parent_path();
            !parent.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(parent, ec);  // what fails, the lock reports
        }
        m_wardLock.emplace(
            store::WardLock::acquire(m_options.dbPath, store::WardLock::Mode::Exclusive,
                                     "motcua-desk, pid " + std::to_string(::getpid())));
        // Start-up reads a few settings rows before any window exists: no worker needed yet.
        auto store = store::Store::open(m_options.dbPath, true, *m_clock);
        if (!store.settings().isInitialized()) {
            if (!m_options.interactive) return false;
            SetupDialog setup(nullptr);
            if (setup.ShowModal() != wxID_OK) return false;
            store.settings().initialize(
                setup.settings(), readText(m_options.resourceDir + "/catalog/procedures.json"),
                readText(m_options.resourceDir + "/calendar/vn-days-off.json"));
            store.accounts().add(setup.settings().officerName, setup.password());
        } else if (m_options.interactive && !signIn(store)) {
            return false;
        }
        m_context.ward = store.settings().ward();
        m_modulePaths = store.settings().deskConfig().modulePaths;
        m_context.caFiles = store.settings().deskConfig().trustFiles;
    } catch (...) {
        showMessage(nullptr, errorText(std::current_exception()), _("MotCua Desk"), wxICON_ERROR);
        return false;
    }
    m_worker = std::make_unique<Worker>(m_options.dbPath, *m_clock);
    m_context.worker = m_worker.get();
    m_sync = std::make_unique<SyncService>(m_options.dbPath, *m_clock);
    m_context.sync = m_sync.get();
    if (!m_syncUser.empty()) m_sync->signIn(m_syncUser, std::move(m_syncPassword));
    crypto::wipe(m_syncPassword);
    m_tokens = std::make_unique<TokenService>(m_modulePaths, m_options.registeredModules);
    m_context.tokens = m_tokens.get();
    m_context.clock = m_clock.get();
    m_context.resourceDir = m_options.resourceDir;
    m_context.documentsDir =
        (std::filesystem::path(m_options.dbPath).parent_path() / "documents").string();
    m_context.printDialogs = m_options.interactive;
    m_context.signInAgain = [this] { return signInAgain(); };
    auto* frame = new MainFrame(m_context);
    m_frame = frame;
    frame->Show();
    return true;
}

}  // namespace motcua::app
