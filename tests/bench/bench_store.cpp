// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Store benchmarks, each beside its anchor from the same run:
//  1. one durable intake commit vs a bare SQLite insert transaction of a similar row, same pragmas;
//  2. folded search over 1,000,000 dossiers (median, p95) vs a point lookup by code;
//  3. generating 1,000,000 demo dossiers vs a bare bulk insert of 1,000,000 similar rows.
// Set MOTCUA_BENCH_DOSSIERS to use fewer dossiers for a quick run.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <random>

#include "database.h"
#include "motcua/demo/demo.h"
#include "motcua/store/store.h"
#include "support/intake_request.h"
#include "support/temp_dir.h"

using namespace motcua;
using Clock_ = std::chrono::steady_clock;

namespace {

std::int64_t dossierCount() {
    const char* env = std::getenv("MOTCUA_BENCH_DOSSIERS");
    return env && *env ? std::atoll(env) : 1000000;
}

test::TempDir& workDir() {
    static test::TempDir dir;
    return dir;
}

const SystemClock& systemClock() {
    static SystemClock clock;
    return clock;
}

/// A file name not used before in this run: Google Benchmark calls each function several
/// times while it settles on an iteration count.
std::string freshFile(const std::string& name) {
    static int serial = 0;
    return workDir().file(std::to_string(++serial) + "-" + name);
}

store::Store newWard(const std::string& name) {
    auto s = store::Store::open(freshFile(name), true, systemClock());
    s.settings().initialize(
        {"000.00.15.H30", "UBND phường Bồ Đề", 1, "Nguyễn Thị Lan", "Hà Nội", ""},
        test::readResource("catalog/procedures.json"),
        test::readResource("calendar/vn-days-off.json"));
    return s;
}

/// A table shaped like `dossiers` (same column count and types, code unique) with the same
/// pragmas: the cost of one durable SQLite transaction without anything of ours around it.
struct BareTable {
    std::unique_ptr<store::Database> db;
    explicit BareTable(const std::string& name)
        : db(std::make_unique<store::Database>(freshFile(name), true)) {
        db->exec(
            "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, "
            "procedure_code TEXT, procedure_name TEXT, status TEXT, applicant_name TEXT, "
            "applicant_id TEXT, applicant_dob TEXT, applicant_gender TEXT, applicant_address TEXT, "
            "applicant_phone TEXT, applicant_email TEXT, sets INTEGER, fee_vnd INTEGER, "
            "return_channel TEXT, received_at TEXT, due_at TEXT, returned_at TEXT, "
            "register_book INTEGER, register_seq INTEGER, received_by TEXT, version INTEGER, "
            "updated_at TEXT)");
    }
    void insert(store::Statement& st, std::int64_t i) {
        st.reset();
        st.bind(1, "000.00.15.H30-260310-" + std::to_string(i)).bind(2, "2.000815");
        st.bind(3, "Chứng thực bản sao từ bản chính").bind(4, "received").bind(5, "Nguyễn Văn Đức");
        st.bind(6, "001099012345").bind(7, "1999-01-01").bind(8, "nam");
        st.bind(9, "Số 1 phố Ngọc Lâm, Thành phố Hà Nội").bind(10, "0912345678").bind(11, "");
        st.bind(12, 1).bind(13, 2000).bind(14, "desk").bind(15, "2026-03-10T09:15:00+07:00");
        st.bind(16, "2026-03-10T17:00:00+07:00").bindNull(17).bind(18, 1).bind(19, i);
        st.bind(20, "Nguyễn Thị Lan").bind(21, 1).bind(22, "2026-03-10T09:15:00+07:00").run();
    }
    static constexpr const char* kInsert =
        "INSERT INTO t (code, procedure_code, procedure_name, status, "
        "applicant_name, applicant_id, applicant_dob, applicant_gender, applicant_address, "
        "applicant_phone, applicant_email, sets, fee_vnd, return_channel, received_at, due_at, "
        "returned_at, register_book, register_seq, received_by, version, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
};

void BM_BareInsertTransaction(benchmark::State& state) {
    BareTable table("bare-commit.db");
    store::Statement st(*table.db, BareTable::kInsert);
    std::int64_t i = 0;
    for (auto _ : state) {
        table.db->exec("BEGIN IMMEDIATE");
        table.insert(st, ++i);
        table.db->exec("COMMIT");
    }
}

void BM_IntakeCommit(benchmark::State& state) {
    auto s = newWard("intake-commit.db");
    auto r = test::intakeRequest("2.000815", test::applicantNamed("Nguyễn Văn Đức"));
    r.applicant.dateOfBirth =
        Date{std::chrono::year{1999}, std::chrono::month{1}, std::chrono::day{1}};
    r.applicant.gender = Gender::Male;
    r.applicant.address = "Số 1 phố Ngọc Lâm, Thành phố Hà Nội";
    r.feeInput = {1, 3};
    std::int64_t i = 0;
    const Days start =
        Days{Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{2}}};
    for (auto _ : state) {
        // A desk issues at most 999 codes a day: move to the next day before that.
        r.receivedAt = LocalDateTime{start + std::chrono::days{i / 900}, std::chrono::hours(9)};
        ++i;
        benchmark::DoNotOptimize(s.dossiers().intake(r));
    }
}

std::unique_ptr<store::Store> g_big;

void BM_Demo(benchmark::State& state) {
    for (auto _ : state) {
        g_big = std::make_unique<store::Store>(newWard("demo-1m.db"));
        demo::generate(*g_big, dossierCount(), 6, 42);
    }
    state.counters["dossiers"] = double(dossierCount());
}

void BM_BareBulkInsert(benchmark::State& state) {
    for (auto _ : state) {
        BareTable table("bare-bulk.db");
        store::Statement st(*table.db, BareTable::kInsert);
        const std::int64_t n = dossierCount();
        for (std::int64_t i = 0; i < n; i += 20000) {
            table.db->exec("BEGIN IMMEDIATE");
            for (std::int64_t j = i; j < std::min(n, i + 20000); ++j) table.insert(st, j);
            table.db->exec("COMMIT");
        }
    }
    state.counters["rows"] = double(dossierCount());
}

/// Latencies of many calls, reported as median and p95 in microseconds.
void reportLatencies(benchmark::State& state, std::vector<double>& micros) {
    std::sort(micros.begin(), micros.end());
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p95_us"] = micros[micros.size() * 95 / 100];
    state.counters["max_us"] = micros.back();
}

void BM_FoldedSearch(benchmark::State& state) {
    // What officers type: common names (a large share of a million), rarer full names,
    // accents or not, CCCD prefixes, a procedure name.
    static const std::vector<std::string> queries{"nguyen",         "nguyen van duc",
                                                  "Nguyễn Văn Đức", "NGUYEN THI LAN",
                                                  "tran thi huong", "le van",
                                                  "pham minh tuan", "hoang",
                                                  "do thi",         "dang quang hai",
                                                  "001099",         "0360",
                                                  "chung thuc",     "trich luc ho tich",
                                                  "bui thi yen",    "duong",
                                                  "ngo van nam",    "vu thi mai",
                                                  "ho thanh son",   "ly"};
    std::vector<double> micros;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto t0 = Clock_::now();
        auto rows = g_big->dossiers().list({.search = queries[i++ % queries.size()], .limit = 50});
        micros.push_back(std::chrono::duration<double, std::micro>(Clock_::now() - t0).count());
        benchmark::DoNotOptimize(rows);
    }
    reportLatencies(state, micros);
}

void BM_PointLookup(benchmark::State& state) {
    // The anchor for search: fetching one dossier by its code through the same store.
    std::vector<std::string> codes;
    for (const auto& d : g_big->dossiers().list({.limit = 1000})) codes.push_back(d.code);
    std::vector<double> micros;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto t0 = Clock_::now();
        auto d = g_big->dossiers().findByCode(codes[i++ % codes.size()]);
        micros.push_back(std::chrono::duration<double, std::micro>(Clock_::now() - t0).count());
        benchmark::DoNotOptimize(d);
    }
    reportLatencies(state, micros);
}

/// Prints each pair's ratio after the usual table.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs) {
            m_seconds[run.run_name.function_name] =
                run.GetAdjustedRealTime() * unitSeconds(run.time_unit);
            for (const auto& [name, counter] : run.counters)
                m_counters[run.run_name.function_name][name] = counter.value;
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::cout << "\n== Figures and anchors (same run)\n";
        ratio("intake commit", "BM_IntakeCommit", "bare SQLite insert transaction",
              "BM_BareInsertTransaction");
        ratio("demo generation", "BM_Demo", "bare bulk insert of the same number of rows",
              "BM_BareBulkInsert");
        if (m_counters.count("BM_FoldedSearch") && m_counters.count("BM_PointLookup")) {
            const auto& s = m_counters["BM_FoldedSearch"];
            const auto& p = m_counters["BM_PointLookup"];
            std::cout << "folded search over " << dossierCount() << " dossiers: median "
                      << s.at("p50_us") << " us, p95 " << s.at("p95_us")
                      << " us; anchor point lookup by code: median " << p.at("p50_us")
                      << " us, p95 " << p.at("p95_us") << " us; ratio of medians "
                      << s.at("p50_us") / p.at("p50_us") << "\n";
        }
    }

private:
    static double unitSeconds(benchmark::TimeUnit unit) {
        switch (unit) {
            case benchmark::kNanosecond:
                return 1e-9;
            case benchmark::kMicrosecond:
                return 1e-6;
            case benchmark::kMillisecond:
                return 1e-3;
            case benchmark::kSecond:
                return 1.0;
        }
        return 1.0;
    }
    void ratio(const char* what, const char* name, const char* anchorWhat, const char* anchor) {
        if (!m_seconds.count(name) || !m_seconds.count(anchor)) return;
        std::cout << what << ": " << m_seconds[name] * 1e3 << " ms; anchor " << anchorWhat << ": "
                  << m_seconds[anchor] * 1e3 << " ms; ratio " << m_seconds[name] / m_seconds[anchor]
                  << "\n";
    }
    std::map<std::string, double> m_seconds;
    std::map<std::string, std::map<std::string, double>> m_counters;
};

}  // namespace

BENCHMARK(BM_BareInsertTransaction)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_IntakeCommit)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_BareBulkInsert)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_Demo)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_FoldedSearch)->Unit(benchmark::kMicrosecond)->Iterations(2000);
BENCHMARK(BM_PointLookup)->Unit(benchmark::kMicrosecond)->Iterations(2000);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    g_big.reset();
    return 0;
}
