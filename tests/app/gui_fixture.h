// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <gtk/gtk.h>
#include <wx/app.h>
#include <wx/utils.h>
#include <wx/window.h>

#include <chrono>
#include <functional>
#include <string>

#include "desk.h"
#include "main_frame.h"
#include "motcua/demo/demo.h"
#include "support/temp_dir.h"

namespace motcua::test {

/// Runs the event loop until `done` holds or the time is up.
inline bool pumpUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        wxTheApp->ProcessPendingEvents();
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
    return true;
}

inline void pumpFor(std::chrono::milliseconds span) {
    const auto end = std::chrono::steady_clock::now() + span;
    pumpUntil([&] { return std::chrono::steady_clock::now() > end; },
              span + std::chrono::seconds(1));
}

/// Saves what a window shows as PNG, straight from the X server through GDK.
inline bool screenshot(wxWindow* window, const std::string& path) {
    window->Raise();
    window->Update();
    pumpFor(std::chrono::milliseconds(300));
    GdkWindow* gdk = gtk_widget_get_window(static_cast<GtkWidget*>(window->GetHandle()));
    if (!gdk) return false;
    GdkPixbuf* pixels = gdk_pixbuf_get_from_window(gdk, 0, 0, gdk_window_get_width(gdk),
                                                   gdk_window_get_height(gdk));
    if (!pixels) return false;
    const gboolean ok = gdk_pixbuf_save(pixels, path.c_str(), "png", nullptr, nullptr);
    g_object_unref(pixels);
    return ok;
}

/// Saves the whole screen as PNG: what an officer sees, the edges of a small screen included.
inline bool screenshotScreen(const std::string& path) {
    pumpFor(std::chrono::milliseconds(400));
    GdkWindow* root = gdk_get_default_root_window();
    GdkPixbuf* pixels = gdk_pixbuf_get_from_window(root, 0, 0, gdk_window_get_width(root),
                                                   gdk_window_get_height(root));
    if (!pixels) return false;
    const gboolean ok = gdk_pixbuf_save(pixels, path.c_str(), "png", nullptr, nullptr);
    g_object_unref(pixels);
    return ok;
}

/// A demo ward database and a desk on it, without dialogs.
struct DeskFixture {
    TempDir dir;
    std::string dbPath = dir.file("ward.db");
    SystemClock clock;
    std::unique_ptr<app::Desk> desk;

    explicit DeskFixture(int demoDossiers = 300, const std::string& language = "vi") {
        {
            auto s = store::Store::open(dbPath, true, clock);
            s.settings().initialize(
                {"000.00.15.H30", "UBND phường Bồ Đề", 1, "Nguyễn Thị Lan", "Hà Nội", ""},
                readResource("catalog/procedures.json"), readResource("calendar/vn-days-off.json"));
            if (demoDossiers > 0) demo::generate(s, demoDossiers, 2, 11);
        }
        app::setLanguage(language, MOTCUA_LOCALE_DIR);
        app::DeskOptions options;
        options.dbPath = dbPath;
        options.language = language;
        options.resourceDir = MOTCUA_RESOURCE_DIR;
        options.localeDir = MOTCUA_LOCALE_DIR;
        options.interactive = false;
        options.registeredModules = false;  // only the token modules a test configures
        desk = std::make_unique<app::Desk>(options);
    }
    ~DeskFixture() {
        if (desk && desk->frame()) desk->frame()->Destroy();
        pumpFor(std::chrono::milliseconds(50));
        if (desk && desk->context().worker) desk->context().worker->drain();
        desk.reset();
    }

    app::MainFrame* start() {
        if (!desk->start()) return nullptr;
        return desk->frame();
    }
};

template <class T>
T* findWindow(const wxString& name) {
    for (wxWindow* top : wxTopLevelWindows)
        if (auto* w = dynamic_cast<T*>(
                top->GetName() == name ? top : wxWindow::FindWindowByName(name, top)))
            return w;
    return nullptr;
}

}  // namespace motcua::test
