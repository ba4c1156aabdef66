// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Documents benchmarks, each beside its anchor from the same run:
//  1. rendering a receipt (two A4 pages, QR, table) vs rendering a one-line form through the same
//     renderer (the fixed cost of a cairo PDF surface with embedded fonts);
//  2. exporting the register of 10,000 dossiers as XLSX vs as CSV (plain text of the same rows).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "motcua/demo/demo.h"
#include "motcua/documents/forms.h"
#include "motcua/documents/register_export.h"
#include "support/temp_dir.h"

using namespace motcua;

namespace {

test::TempDir& workDir() {
    static test::TempDir dir;
    return dir;
}

const SystemClock& systemClock() {
    static SystemClock clock;
    return clock;
}

struct Ward {
    store::Store store = [] {
        auto s = store::Store::open(workDir().file("ward.db"), true, systemClock());
        s.settings().initialize(
            {"000.00.15.H30", "UBND phường Bồ Đề", 1, "Nguyễn Thị Lan", "Hà Nội", ""},
            test::readResource("catalog/procedures.json"),
            test::readResource("calendar/vn-days-off.json"));
        demo::generate(s, 10000, 3, 7);
        return s;
    }();
    documents::FormContext receipt = [this] {
        documents::FormContext c;
        c.dossier = *store.dossiers().findByCode(store.dossiers().list({.limit = 1}).front().code);
        c.ward = store.settings().ward();
        c.procedure = store.catalog().procedure(c.dossier.procedureCode);
        c.history = store.dossiers().history(c.dossier.code);
        c.printedAt = systemClock().localNow();
        return c;
    }();
    std::vector<store::RegisterEntry> entries = store.dossiers().registerEntries(
        Date{std::chrono::year{2000}, std::chrono::month{1}, std::chrono::day{1}},
        Date{std::chrono::year{2100}, std::chrono::month{1}, std::chrono::day{1}});
};

Ward& ward() {
    static Ward w;
    return w;
}

std::string minimalForms() {
    const auto dir = workDir().file("minimal-forms");
    std::filesystem::create_directories(dir);
    workDir().write(
        "minimal-forms/receipt.json",
        R"({"font":{"family":"DejaVu Serif"},"blocks":[{"type":"text","text":"{{dossier.code}}"}]})");
    return dir;
}

void BM_RenderReceipt(benchmark::State& state) {
    const std::string forms = std::string(MOTCUA_RESOURCE_DIR) + "/forms";
    for (auto _ : state)
        benchmark::DoNotOptimize(
            documents::renderForm(documents::FormKind::Receipt, ward().receipt, forms));
}

void BM_RenderOneLine(benchmark::State& state) {
    const std::string forms = minimalForms();
    for (auto _ : state)
        benchmark::DoNotOptimize(
            documents::renderForm(documents::FormKind::Receipt, ward().receipt, forms));
}

void BM_RegisterXlsx10k(benchmark::State& state) {
    const documents::RegisterInfo info{"UBND phường Bồ Đề", Date{}, Date{},
                                       systemClock().localNow()};
    for (auto _ : state)
        documents::exportRegisterXlsx(workDir().file("register.xlsx"), info, ward().entries);
    state.counters["rows"] = double(ward().entries.size());
}

void BM_RegisterCsv10k(benchmark::State& state) {
    const documents::RegisterInfo info{"UBND phường Bồ Đề", Date{}, Date{},
                                       systemClock().localNow()};
    for (auto _ : state)
        documents::exportRegisterCsv(workDir().file("register.csv"), info, ward().entries);
    state.counters["rows"] = double(ward().entries.size());
}

class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            // With repetitions, the median aggregate is the figure; otherwise the single run.
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
            m_ms[run.run_name.function_name] = run.GetAdjustedRealTime() * toMs(run.time_unit);
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::cout << "\n== Figures and anchors (same run)\n";
        ratio("receipt render (median)", "BM_RenderReceipt", "one-line form, same renderer",
              "BM_RenderOneLine");
        ratio("register export, " + std::to_string(ward().entries.size()) + " dossiers, XLSX",
              "BM_RegisterXlsx10k", "CSV of the same rows", "BM_RegisterCsv10k");
    }

private:
    static double toMs(benchmark::TimeUnit unit) {
        switch (unit) {
            case benchmark::kNanosecond:
                return 1e-6;
            case benchmark::kMicrosecond:
                return 1e-3;
            case benchmark::kMillisecond:
                return 1.0;
            case benchmark::kSecond:
                return 1e3;
        }
        return 1.0;
    }
    void ratio(const std::string& what, const char* name, const char* anchorWhat,
               const char* anchor) {
        if (!m_ms.count(name) || !m_ms.count(anchor)) return;
        std::cout << what << ": " << m_ms[name] << " ms; anchor " << anchorWhat << ": "
                  << m_ms[anchor] << " ms; ratio " << m_ms[name] / m_ms[anchor] << "\n";
    }
    std::map<std::string, double> m_ms;
};

}  // namespace

BENCHMARK(BM_RenderReceipt)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(15)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RenderOneLine)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(15)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RegisterXlsx10k)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RegisterCsv10k)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
