// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua-desk under load, each figure beside its anchor from the same run:
//  1. cold start (process start to the first dossier list shown, then exit) on a database of
//     1,000,000 dossiers, against the same on a ward of 1,000 dossiers;
//  2. keystroke to list update while typing searches into the main window over the
//     1,000,000 dossiers (median and p95; includes the 60 ms pause that merges a burst of keys),
//     against the same on 1,000 dossiers.
// Run under a display: xvfb-run -a build/bench/tests/bench/bench_desk
// MOTCUA_BENCH_DB=PATH reuses a prepared large database (motcua demo --dossiers 1000000).
#include <sys/wait.h>
#include <unistd.h>
#include <wx/app.h>
#include <wx/init.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/gui_fixture.h"
#include "motcua/demo/demo.h"

using namespace motcua;
using Clock_ = std::chrono::steady_clock;

namespace {

class BenchApp : public wxApp {
public:
    bool OnInit() override { return true; }
};

std::string makeWard(const std::string& path, std::int64_t dossiers) {
    if (std::filesystem::exists(path)) return path;
    SystemClock clock;
    auto s = store::Store::open(path, true, clock);
    s.settings().initialize(
        {"000.00.15.H30", "UBND phường Bồ Đề", 1, "Nguyễn Thị Lan", "Hà Nội", ""},
        test::readResource("catalog/procedures.json"),
        test::readResource("calendar/vn-days-off.json"));
    std::fprintf(stderr, "generating %lld dossiers in %s...\n", static_cast<long long>(dossiers),
                 path.c_str());
    demo::generate(s, dossiers, 6, 42);
    return path;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
double p95(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 95 / 100)];
}

/// Wall time of `motcua-desk --exit-when-ready` from fork to exit, in ms.
double coldStart(const std::string& db) {
    const auto start = Clock_::now();
    const pid_t pid = fork();
    if (pid == 0) {
        const int devnull = ::open("/dev/null", 1);
        ::dup2(devnull, 1);
        ::execl(MOTCUA_DESK_PATH, MOTCUA_DESK_PATH, "--db", db.c_str(), "--exit-when-ready",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status)) std::fprintf(stderr, "motcua-desk did not exit cleanly (%d)\n", status);
    return std::chrono::duration<double, std::milli>(Clock_::now() - start).count();
}

/// Types each query a key at a time, 150 ms apart like a quick officer, and records the time
/// from each key to the list update it caused.
std::vector<double> typingLatencies(const std::string& db) {
    app::setLanguage("vi", MOTCUA_LOCALE_DIR);
    app::DeskOptions options;
    options.dbPath = db;
    options.resourceDir = MOTCUA_RESOURCE_DIR;
    options.localeDir = MOTCUA_LOCALE_DIR;
    options.interactive = false;
    app::Desk desk(options);
    desk.start();
    app::MainFrame* frame = desk.frame();
    bool updated = false;
    frame->onListUpdated = [&](std::size_t) { updated = true; };
    test::pumpUntil([&] { return updated; }, std::chrono::seconds(60));
    std::vector<double> latencies;
    for (const char* query :
         {"nguyen van duc", "tran thi huong", "le minh", "pham thu ha", "0010", "chung thuc"}) {
        const std::string q = query;
        for (std::size_t n = 1; n <= q.size(); ++n) {
            updated = false;
            const auto typed = Clock_::now();
            frame->searchBox()->SetValue(wxString::FromUTF8(q.substr(0, n)));
            test::pumpUntil([&] { return updated; }, std::chrono::seconds(10));
            latencies.push_back(
                std::chrono::duration<double, std::milli>(Clock_::now() - typed).count());
            test::pumpFor(std::chrono::milliseconds(std::max(0, 150 - int(latencies.back()))));
        }
    }
    frame->Destroy();
    test::pumpFor(std::chrono::milliseconds(50));
    desk.context().worker->drain();
    return latencies;
}

}  // namespace

int main(int argc, char** argv) {
    wxApp::SetInstance(new BenchApp);
    int wxArgc = 1;
    if (!wxEntryStart(wxArgc, argv)) return 2;
    wxTheApp->CallOnInit();
    (void)argc;

    test::TempDir dir;
    const char* prepared = std::getenv("MOTCUA_BENCH_DB");
    const std::string big =
        prepared && *prepared ? std::string(prepared) : makeWard(dir.file("big.db"), 1000000);
    const std::string small = makeWard(dir.file("small.db"), 1000);

    std::vector<double> bigStarts, smallStarts;
    coldStart(big);  // first run warms the page cache, as on a desk PC used every day
    for (int i = 0; i < 5; ++i) {
        bigStarts.push_back(coldStart(big));
        smallStarts.push_back(coldStart(small));
    }
    const auto bigTyping = typingLatencies(big);
    const auto smallTyping = typingLatencies(small);

    std::printf("== Figures and anchors (same run)\n");
    std::printf(
        "cold start to a usable main window, 1,000,000 dossiers: median %.0f ms; anchor 1,000 "
        "dossiers: "
        "median %.0f ms; ratio %.2f\n",
        median(bigStarts), median(smallStarts), median(bigStarts) / median(smallStarts));
    std::printf(
        "keystroke to list update, 1,000,000 dossiers: median %.1f ms, p95 %.1f ms (%zu keys); "
        "anchor 1,000 "
        "dossiers: median %.1f ms, p95 %.1f ms; ratio of medians %.2f\n",
        median(bigTyping), p95(bigTyping), bigTyping.size(), median(smallTyping), p95(smallTyping),
        median(bigTyping) / median(smallTyping));
    wxTheApp->OnExit();
    wxEntryCleanup();
    return 0;
}
