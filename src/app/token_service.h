// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// USB signing tokens for the desk: one thread per PKCS#11 module (DESIGN.md "Threads"), each
// loading its module, watching its slots (tokens appear and disappear as they are plugged and
// pulled, without a restart) and running the signing work given to it. The GUI hears of
// changes through a living window's Liveness; no PIN ever leaves the thread that uses it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "motcua/signing/token.h"

#include "gui_thread.h"

class wxWindow;

namespace motcua::app {

/// A token present in a slot, with its signing certificates (those that are not a CA's).
struct TokenView {
    std::string modulePath;
    unsigned long slot = 0;
    signing::TokenInfo token;
    std::vector<signing::CertificateInfo> certificates;
};

struct TokenSnapshot {
    std::vector<TokenView> tokens;
    std::vector<std::string> problems;  ///< modules that failed to load or answer, with why
    bool operator==(const TokenSnapshot&) const;
};

class TokenService {
public:
    /// Watches the modules at `modulePaths` and, when `registered`, those p11-kit has
    /// registered on this machine.
    TokenService(std::vector<std::string> modulePaths, bool registered);
    ~TokenService();
    TokenService(const TokenService&) = delete;
    TokenService& operator=(const TokenService&) = delete;

    /// Called on the GUI thread: `listener` hears each new snapshot on the GUI thread while
    /// `owner` lives (any number of windows may listen).
    void addListener(wxWindow* owner, std::function<void(const TokenSnapshot&)> listener);
    TokenSnapshot snapshot() const;
    /// How often each module's slots are looked at (2 s; tests shorten it).
    void setPollInterval(std::chrono::milliseconds interval);

    /// Work for a module's thread: `work` gets the loaded module; `failed` hears why when the
    /// module cannot be loaded or something escapes `work`. Both run on that thread.
    struct Job {
        std::function<void(signing::Module&)> work;
        std::function<void(const std::string&)> failed;
    };
    /// Queues `job` on the thread of the module at `modulePath`. False when no such module is
    /// watched.
    bool run(const std::string& modulePath, Job job);

    struct ModuleThread;

private:
    void update(const std::string& modulePath, std::vector<TokenView> tokens, std::string problem);

    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<ModuleThread>> m_threads;
    std::vector<std::pair<std::string, std::vector<TokenView>>> m_tokens;  ///< by module
    std::vector<std::pair<std::string, std::string>> m_problems;           ///< by module
    TokenSnapshot m_published;
    struct Listener {
        Liveness owner;
        std::function<void(const TokenSnapshot&)> call;
    };
    std::vector<Listener> m_listeners;
    std::shared_ptr<std::atomic<std::int64_t>> m_pollMs =
        std::make_shared<std::atomic<std::int64_t>>(2000);
};

/// Days until a certificate expires (negative: expired), from its notAfter.
int daysUntilExpiry(const signing::CertificateInfo& certificate,
                    std::chrono::system_clock::time_point now);

}  // namespace motcua::app
