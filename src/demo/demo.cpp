// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/demo/demo.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "motcua/core/dossier_code.h"
#include "motcua/store/history_import.h"

namespace motcua::demo {

using store::StoreError;

namespace {

// Family names with rough national frequencies (Nguyễn is about four in ten).
constexpr std::array<std::pair<const char*, int>, 14> kFamilyNames{{
    {"Nguyễn", 38},
    {"Trần", 11},
    {"Lê", 9},
    {"Phạm", 7},
    {"Hoàng", 5},
    {"Phan", 4},
    {"Vũ", 4},
    {"Đặng", 2},
    {"Bùi", 2},
    {"Đỗ", 2},
    {"Hồ", 1},
    {"Ngô", 1},
    {"Dương", 1},
    {"Lý", 1},
}};
constexpr std::array<const char*, 10> kMaleMiddle{"Văn",   "Đức",  "Minh", "Quang", "Hữu",
                                                  "Thanh", "Công", "Xuân", "Tuấn",  "Việt"};
constexpr std::array<const char*, 8> kFemaleMiddle{"Thị",  "Ngọc",   "Thu",  "Thanh",
                                                   "Minh", "Phương", "Hồng", "Kim"};
constexpr std::array<const char*, 16> kMaleGiven{"An",   "Bình",  "Cường", "Dũng", "Đức", "Hải",
                                                 "Hùng", "Khánh", "Long",  "Minh", "Nam", "Phong",
                                                 "Quân", "Sơn",   "Thắng", "Tuấn"};
constexpr std::array<const char*, 16> kFemaleGiven{
    "Anh",  "Châu", "Giang", "Hà",    "Hạnh",   "Hoa",  "Hương", "Lan",
    "Linh", "Mai",  "Ngọc",  "Nhung", "Phương", "Thảo", "Trang", "Yến"};
constexpr std::array<const char*, 8> kStreets{"Ngọc Lâm",  "Nguyễn Văn Cừ", "Bồ Đề",  "Long Biên",
                                              "Hồng Tiến", "Gia Quất",      "Lâm Du", "Ái Mộ"};
constexpr std::array<const char*, 12> kProvinceCodes{"001", "001", "001", "001", "036", "034",
                                                     "033", "030", "038", "040", "027", "024"};

class Generator {
public:
    explicit Generator(std::uint64_t seed) : m_rng(seed) {}

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    bool chance(double p) { return std::bernoulli_distribution(p)(m_rng); }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[std::size_t(uniform(0, int(N) - 1))];
    }

    Applicant applicant(LocalDateTime received) {
        Applicant a;
        const bool male = chance(0.5);
        a.gender = male ? Gender::Male : Gender::Female;
        int total = 0;
        for (const auto& f : kFamilyNames) total += f.second;
        int roll = uniform(1, total);
        const char* family = kFamilyNames[0].first;
        for (const auto& f : kFamilyNames) {
            if ((roll -= f.second) <= 0) {
                family = f.first;
                break;
            }
        }
        a.fullName = std::string(family) + " " + (male ? pick(kMaleMiddle) : pick(kFemaleMiddle)) +
                     " " + (male ? pick(kMaleGiven) : pick(kFemaleGiven));
        const int receivedYear = int(received.date().year());
        const int year = uniform(receivedYear - 80, receivedYear - 18);
        a.dateOfBirth = Date{std::chrono::year{year}, std::chrono::month{unsigned(uniform(1, 12))},
                             std::chrono::day{unsigned(uniform(1, 28))}};
        const int centuryDigit = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
        char id[16];
        std::snprintf(id, sizeof id, "%s%d%02d%06d", pick(kProvinceCodes), centuryDigit, year % 100,
                      uniform(0, 999999));
        a.idNumber = id;
        a.address = "Số " + std::to_string(uniform(1, 199)) + " phố " + pick(kStreets) +
                    ", Thành phố Hà Nội";
        char phone[16];
        std::snprintf(phone, sizeof phone, "09%08d", uniform(0, 99999999));
        a.phone = phone;
        return a;
    }

    /// A final status that fits the dossier's age: old ones mostly returned.
    DossierStatus status(bool pastDue) {
        const int roll = uniform(1, 100);
        if (pastDue) {
            if (roll <= 86) return DossierStatus::Returned;
            if (roll <= 90) return DossierStatus::Rejected;
            if (roll <= 92) return DossierStatus::Withdrawn;
            if (roll <= 93) return DossierStatus::Stopped;
            if (roll <= 97) return DossierStatus::ResultReady;
            return DossierStatus::InProgress;  // overdue
        }
        if (roll <= 30) return DossierStatus::Received;
        if (roll <= 65) return DossierStatus::InProgress;
        if (roll <= 75) return DossierStatus::AwaitingApproval;
        if (roll <= 80) return DossierStatus::Approved;
        if (roll <= 90) return DossierStatus::ResultReady;
        return DossierStatus::SupplementRequested;
    }

private:
    std::mt19937_64 m_rng;
};

// Procedure mix of a ward desk: certified copies dominate.
int procedureWeight(const std::string& code) {
    static const std::map<std::string, int> weights{
        {"2.000815", 45}, {"2.000635", 15}, {"1.001193", 12},   {"1.004873", 8}, {"1.000894", 6},
        {"1.004222", 5},  {"1.000656", 4},  {"1.001193.LT", 3}, {"1.014137", 2}};
    const auto it = weights.find(code);
    return it == weights.end() ? 2 : it->second;
}

}  // namespace

std::int64_t generate(store::Store& store, std::int64_t count, int months, std::uint64_t seed,
                      const store::ProgressFn& progress) {
    if (count < 1)
        throw StoreError(StoreError::Code::InvalidInput, "the number of dossiers must be positive");
    const store::WardSettings ward = store.settings().ward();
    const WorkCalendar cal = store.catalog().calendar();
    const auto procedures = store.catalog().procedures();
    std::vector<int> weights;
    for (const auto& p : procedures) weights.push_back(procedureWeight(p.code));
    Generator gen(seed);
    std::discrete_distribution<std::size_t> pickProcedure(weights.begin(), weights.end());
    std::mt19937_64 procRng(seed ^ 0x9e3779b97f4a7c15ULL);

    // Working days back from yesterday: enough of them that no day needs more codes than the
    // nine desks can issue (and a realistic load of at most ~2,500 a day).
    const LocalDateTime now = store.clock().localNow();
    const std::int64_t perDayCap = 2500;
    const std::int64_t daysNeeded =
        std::max<std::int64_t>(months * 21, (count + perDayCap - 1) / perDayCap);
    std::vector<Date> days;
    for (Date d = Date{now.day - std::chrono::days{1}}; std::int64_t(days.size()) < daysNeeded;
         d = Date{Days{d} - std::chrono::days{1}})
        if (cal.isWorkingDay(d)) days.push_back(d);
    std::reverse(days.begin(), days.end());

    const std::int64_t batch = 20000;
    std::int64_t done = 0;
    store::HistoryImport import(store, "demo.intake");
    while (done < count) {
        const std::int64_t end = std::min(count, done + batch);
        for (; done < end; ++done) {
            // Spread evenly over the days, and within a day over office hours 07:30-16:30.
            const std::size_t dayIndex = std::size_t(done * std::int64_t(days.size()) / count);
            const Date day = days[dayIndex];
            const std::int64_t firstOfDay =
                (std::int64_t(dayIndex) * count + std::int64_t(days.size()) - 1) /
                std::int64_t(days.size());
            const int indexInDay = int(done - firstOfDay);
            const int desk = indexInDay % DossierCode::kMaxDesk + 1;
            const int n = import.nextCodeNumber(day, desk);
            // Office minutes 07:30-11:30 and 13:30-16:30.
            const int officeMinute = gen.uniform(0, 419);
            const int minute = officeMinute < 240 ? 450 + officeMinute : 810 + officeMinute - 240;

            const Procedure& p = procedures[pickProcedure(procRng)];
            Dossier d;
            d.receivedAt = LocalDateTime::at(day, minute / 60, minute % 60);
            d.applicant = gen.applicant(d.receivedAt);
            d.procedureCode = p.code;
            d.procedureName = p.name;
            d.code = DossierCode::forDesk(ward.unitCode, day, desk, n).str();
            d.dueAt = cal.dueAt(d.receivedAt, p.effectiveLimit());
            d.status = gen.status(d.dueAt < now);
            d.fee = p.fee.compute({gen.uniform(1, 3), gen.uniform(1, 6)});
            for (const auto& r : p.documents) d.documents.push_back({r.name, r.form, r.count});
            if (d.status == DossierStatus::Returned)
                d.returnedAt =
                    gen.chance(0.93)
                        ? d.dueAt
                        : LocalDateTime{Days{d.dueAt.day} + std::chrono::days{1}, d.dueAt.time};
            d.registerBook = desk;
            d.registerSequence = import.nextRegisterEntry(int(day.year()), desk);
            d.receivedBy = ward.officerName;
            import.add(d);
        }
        import.commitBatch();
        if (progress && !progress(done, count)) break;
    }
    import.finish("demo.generate", "demo",
                  nlohmann::json{{"dossiers", done},
                                 { "seed",
                                   seed }}
                      .dump());
    return done;
}

}  // namespace motcua::demo
