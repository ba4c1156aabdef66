// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "gui_thread.h"

#include <wx/app.h>
#include <wx/thread.h>
#include <wx/tracker.h>
#include <wx/window.h>

#include <unordered_map>

namespace motcua::app {

namespace {

using Flag = std::shared_ptr<std::atomic<bool>>;

/// Windows that have handed out a liveness, with their flag. GUI thread only.
std::unordered_map<wxWindow*, Flag>& flags() {
    static auto* map = new std::unordered_map<wxWindow*, Flag>();  // outlives every window
    return *map;
}

/// Clears a window's flag when wx destroys the window (called from its destructor, on the GUI
/// thread), then forgets the window and itself.
class DeathWatch final : public wxTrackerNode {
public:
    DeathWatch(wxWindow* window, Flag flag) : m_window(window), m_flag(std::move(flag)) {}
    void OnObjectDestroy() override {
        m_flag->store(false, std::memory_order_release);
        flags().erase(m_window);
        delete this;
    }

private:
    wxWindow* m_window;
    Flag m_flag;
};

}  // namespace

Liveness Liveness::of(wxWindow* window) {
    wxASSERT_MSG(wxThread::IsMain(), "Liveness::of is for the GUI thread");
    if (!window || window->IsBeingDeleted()) return {};
    auto& map = flags();
    auto found = map.find(window);
    if (found == map.end()) {
        auto flag = std::make_shared<std::atomic<bool>>(true);
        window->AddNode(new DeathWatch(window, flag));
        found = map.emplace(window, std::move(flag)).first;
    }
    return Liveness(found->second);
}

void Liveness::post(std::function<void()> call) const {
    if (!m_alive) return;
    wxAppConsole* app = wxAppConsole::GetInstance();
    if (!app) return;
    // CallAfter queues through wx's locked pending-event list, safe from any thread; the flag
    // is read again on the GUI thread, where windows are destroyed, so the answer holds.
    app->CallAfter([alive = m_alive, call = std::move(call)] {
        if (alive->load(std::memory_order_acquire)) call();
    });
}

}  // namespace motcua::app
