// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "token_service.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <optional>
#include <thread>

#include "motcua/signing/signing_error.h"

namespace motcua::app {

bool TokenSnapshot::operator==(const TokenSnapshot& other) const {
    if (problems != other.problems || tokens.size() != other.tokens.size()) return false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& a = tokens[i];
        const auto& b = other.tokens[i];
        if (a.modulePath != b.modulePath || a.slot != b.slot || a.token.serial != b.token.serial ||
            a.token.label != b.token.label || a.certificates.size() != b.certificates.size() ||
            a.token.pin.countLow != b.token.pin.countLow ||
            a.token.pin.finalTry != b.token.pin.finalTry ||
            a.token.pin.locked != b.token.pin.locked)
            return false;
    }
    return true;
}

/// One module, its thread and its queue of jobs.
struct TokenService::ModuleThread {
    std::string path;
    TokenService* service = nullptr;
    std::shared_ptr<std::atomic<std::int64_t>> pollMs;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> jobs;
    bool stop = false;
    std::thread thread;

    void loop() {
        std::optional<signing::Module> module;
        std::vector<TokenView> last;
        std::string lastSerials = "-";
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex);
                wake.wait_for(lock, std::chrono::milliseconds(pollMs->load()),
                              [this] { return stop || !jobs.empty(); });
                if (stop) return;
                if (!jobs.empty()) {
                    job = std::move(jobs.front());
                    jobs.pop_front();
                }
            }
            if (job.work) {
                // The job reports its own outcome; a module that cannot be loaded, or anything
                // escaping the job, goes to its failure handler, never lost.
                try {
                    if (!module) module.emplace(signing::Module::load(path));
                    job.work(*module);
                } catch (const std::exception& e) {
                    module.reset();
                    if (job.failed) job.failed(e.what());
                }
                lastSerials = "-";  // the job may have changed PIN flags or the token: look again
                continue;
            }
            try {
                if (!module) module.emplace(signing::Module::load(path));
                // Cheap look first; certificates are read again only when the tokens changed.
                const auto info = module->describe(false);
                std::string serials;
                for (const auto& slot : info.slots)
                    if (slot.token)
                        serials += std::to_string(slot.id) + ":" + slot.token->serial + ":" +
                                   std::to_string(slot.token->pin.countLow) +
                                   std::to_string(slot.token->pin.finalTry) +
                                   std::to_string(slot.token->pin.locked) + ";";
                if (serials == lastSerials) continue;
                const auto full = module->describe(true);
                std::vector<TokenView> tokens;
                for (const auto& slot : full.slots) {
                    if (!slot.token) continue;
                    TokenView view{path, slot.id, *slot.token, {}};
                    // Private keys are hidden until login, so a signing certificate is told
                    // by not being a CA's (tokens often carry their chain too).
                    for (const auto& c : slot.certificates)
                        if (!c.isCa) view.certificates.push_back(c);
                    tokens.push_back(std::move(view));
                }
                lastSerials = serials;
                service->update(path, std::move(tokens), "");
            } catch (const std::exception& e) {
                // A module that fails to load or stops answering (a driver crash, finalised
                // under us): say so, drop it, load it again on the next look.
                module.reset();
                lastSerials = "-";
                service->update(path, {}, e.what());
            }
        }
    }
};

TokenService::TokenService(std::vector<std::string> modulePaths, bool registered) {
    if (registered) {
        // p11-kit's registered modules, loaded once to learn their paths; each then gets its
        // own thread and its own load.
        std::vector<std::string> errors;
        for (const auto& m : signing::Module::loadRegistered(&errors))
            modulePaths.push_back(m.path());
        for (const auto& e : errors) m_problems.push_back({"p11-kit", e});
    }
    std::sort(modulePaths.begin(), modulePaths.end());
    modulePaths.erase(std::unique(modulePaths.begin(), modulePaths.end()), modulePaths.end());
    for (const auto& path : modulePaths) {
        auto t = std::make_unique<ModuleThread>();
        t->path = path;
        t->service = this;
        t->pollMs = m_pollMs;
        m_threads.push_back(std::move(t));
    }
    for (auto& t : m_threads) t->thread = std::thread([raw = t.get()] { raw->loop(); });
}

TokenService::~TokenService() {
    for (auto& t : m_threads) {
        {
            std::lock_guard lock(t->mutex);
            t->stop = true;
            t->jobs.clear();
        }
        t->wake.notify_all();
    }
    for (auto& t : m_threads) t->thread.join();
}

void TokenService::addListener(wxWindow* owner,
                               std::function<void(const TokenSnapshot&)> listener) {
    std::lock_guard lock(m_mutex);
    m_listeners.erase(std::remove_if(m_listeners.begin(), m_listeners.end(),
                                     [](const Listener& l) { return !l.owner.alive(); }),
                      m_listeners.end());
    m_listeners.push_back({Liveness::of(owner), std::move(listener)});
}

TokenSnapshot TokenService::snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_published;
}

void TokenService::setPollInterval(std::chrono::milliseconds interval) {
    *m_pollMs = interval.count();
    for (auto& t : m_threads) t->wake.notify_all();
}

bool TokenService::run(const std::string& modulePath, Job job) {
    for (auto& t : m_threads) {
        if (t->path != modulePath) continue;
        {
            std::lock_guard lock(t->mutex);
            t->jobs.push_back(std::move(job));
        }
        t->wake.notify_all();
        return true;
    }
    return false;
}

void TokenService::update(const std::string& modulePath, std::vector<TokenView> tokens,
                          std::string problem) {
    std::vector<Listener> listeners;
    TokenSnapshot snapshot;
    {
        std::lock_guard lock(m_mutex);
        auto slot = std::find_if(m_tokens.begin(), m_tokens.end(),
                                 [&](const auto& e) { return e.first == modulePath; });
        if (slot == m_tokens.end()) slot = m_tokens.insert(m_tokens.end(), {modulePath, {}});
        slot->second = std::move(tokens);
        m_problems.erase(std::remove_if(m_problems.begin(), m_problems.end(),
                                        [&](const auto& e) { return e.first == modulePath; }),
                         m_problems.end());
        if (!problem.empty()) m_problems.push_back({modulePath, problem});
        for (const auto& [path, views] : m_tokens)
            snapshot.tokens.insert(snapshot.tokens.end(), views.begin(), views.end());
        for (const auto& [path, text] : m_problems) snapshot.problems.push_back(path + ": " + text);
        if (snapshot == m_published) return;
        m_published = snapshot;
        listeners = m_listeners;
    }
    for (auto& l : listeners) l.owner.post([call = l.call, snapshot] { call(snapshot); });
}

int daysUntilExpiry(const signing::CertificateInfo& certificate,
                    std::chrono::system_clock::time_point now) {
    // notAfter is "YYYY-MM-DDTHH:MM:SSZ".
    const std::string& t = certificate.notAfter;
    if (t.size() < 10) return 0;
    const std::chrono::year_month_day day{
        std::chrono::year{std::stoi(t.substr(0, 4))},
        std::chrono::month{static_cast<unsigned>(std::stoi(t.substr(5, 2)))},
        std::chrono::day{static_cast<unsigned>(std::stoi(t.substr(8, 2)))}};
    const auto expires = std::chrono::sys_days{day};
    return static_cast<int>(std::chrono::floor<std::chrono::days>(expires - now).count());
}

}  // namespace motcua::app
