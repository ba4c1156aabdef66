// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The GUI tests own main(): wx must be initialised (under Xvfb in the test run) before Catch
// runs the cases, and torn down after.
#define CATCH_CONFIG_RUNNER
#include <wx/app.h>
#include <wx/init.h>

#include <catch2/catch.hpp>

namespace {
class TestApp : public wxApp {
public:
    bool OnInit() override { return true; }
};
}  // namespace

int main(int argc, char** argv) {
    wxApp::SetInstance(new TestApp);
    int wxArgc = 1;
    if (!wxEntryStart(wxArgc, argv)) return 2;
    wxTheApp->CallOnInit();
    const int result = Catch::Session().run(argc, argv);
    wxTheApp->OnExit();
    wxEntryCleanup();
    return result;
}
