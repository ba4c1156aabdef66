// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The one way back to the GUI thread. A window's liveness is taken on the GUI thread and is
// then a plain token any thread may copy, keep and drop; a call posted with it runs on the GUI
// thread, and only if the window still lives when its turn comes. Workers, the sync thread,
// the token threads and the signing and sign-in work all come back through it, so no wx
// object (a wxWeakRef included: its tracker list is not thread-safe) is ever touched off the
// GUI thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

class wxWindow;

namespace motcua::app {

class Liveness {
public:
    /// A token that is never alive: posts through it are dropped.
    Liveness() = default;
    /// The liveness of `window`. GUI thread only; one shared flag per window, cleared when the
    /// window is destroyed.
    static Liveness of(wxWindow* window);

    /// Any thread. Off the GUI thread the answer can change right after it is given, so use it
    /// to give up early, never to decide whether to touch the window.
    bool alive() const { return m_alive && m_alive->load(std::memory_order_acquire); }

    /// Any thread: runs `call` on the GUI thread if the window still lives then. Dropped when
    /// the application is gone or going.
    void post(std::function<void()> call) const;

private:
    explicit Liveness(std::shared_ptr<const std::atomic<bool>> alive) : m_alive(std::move(alive)) {}
    std::shared_ptr<const std::atomic<bool>> m_alive;
};

}  // namespace motcua::app
