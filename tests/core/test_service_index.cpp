// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The Decision 766 figures, each rule against a hand count over March 2026.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "motcua/core/error.h"
#include "motcua/core/service_index.h"

using namespace motcua;
using namespace motcua::index;

namespace {

Date march(int day) {
    return Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{unsigned(day)}};
}
Date april(int day) {
    return Date{std::chrono::year{2026}, std::chrono::month{4}, std::chrono::day{unsigned(day)}};
}
Date february(int day) {
    return Date{std::chrono::year{2026}, std::chrono::month{2}, std::chrono::day{unsigned(day)}};
}
LocalDateTime at(Date day, int hour, int minute = 0) {
    return LocalDateTime::at(day, hour, minute);
}

DossierFacts dossier(std::string code, LocalDateTime received, LocalDateTime due) {
    DossierFacts d;
    d.code = std::move(code);
    d.receivedAt = received;
    d.dueAt = due;
    return d;
}

DossierFacts ended(DossierFacts d, LocalDateTime end, bool withResult = true) {
    d.endedAt = end;
    d.endedWithResult = withResult;
    return d;
}

const IndexDefinition& shipped() {
    static const IndexDefinition def = [] {
        std::ifstream in(std::string(MOTCUA_RESOURCE_DIR) + "/index/766.json");
        std::stringstream text;
        text << in.rdbuf();
        return IndexDefinition::parse(text.str());
    }();
    return def;
}

const LocalDateTime kAfterMarch = at(april(5), 10);

IndexFigures marchFigures(const std::vector<DossierFacts>& dossiers,
                          LocalDateTime now = kAfterMarch, const IndexDefinition& def = shipped()) {
    return computeIndex(def, dossiers, march(1), march(31), now);
}

}  // namespace

TEST_CASE("on time: ended at or before the due time, or pending with time left at the period's end",
          "[core][index]") {
    const std::vector<DossierFacts> dossiers{
        ended(dossier("A", at(march(2), 9), at(march(4), 17)),
              at(march(4), 17)),  // at its due time
        ended(dossier("B", at(march(5), 9), at(march(6), 17)),
              at(march(6), 17, 1)),                        // one minute late
        dossier("C", at(march(30), 9), at(april(3), 17)),  // pending, due after
        [] {  // asked twice for a supplement, finished early: late all the same
            auto d = ended(dossier("D", at(march(10), 9), at(march(12), 17)), at(march(11), 10));
            d.supplementRequests = 2;
            return d;
        }(),
        ended(dossier("E", at(february(25), 9), at(march(2), 17)),
              at(march(3), 9)),                             // received before
        dossier("F", at(march(20), 9), at(march(25), 17)),  // pending, overdue
        ended(dossier("G", at(march(20), 9), at(march(27), 17)),
              at(april(2), 9)),  // ended after, overdue
    };
    const auto figures = marchFigures(dossiers);
    const auto* onTime = figures.find("on_time");
    REQUIRE(onTime);
    CHECK(onTime->denominator == 6);  // E was received before March
    CHECK(onTime->numerator == 2);    // A and C
    CHECK(onTime->costing == std::vector<std::string>{"B", "D", "F", "G"});
    REQUIRE(onTime->percent);
    CHECK(*onTime->percent == Approx(100.0 / 3));
    CHECK(onTime->points == Approx(10.0 / 3));  // 33.3% of a 100% target, of 10 points
    CHECK(onTime->maxPoints == 10);

    // Asked once for a supplement is no harm.
    auto once = dossiers;
    once[3].supplementRequests = 1;
    const auto onceFigures = marchFigures(once);
    CHECK(onceFigures.find("on_time")->numerator == 3);
}

TEST_CASE(
    "on time while the period runs: judged now, so a pending dossier with time left is on time",
    "[core][index]") {
    const std::vector<DossierFacts> dossiers{
        dossier("F", at(march(20), 9), at(march(25), 17)),  // due in four days
        dossier("H", at(march(2), 9), at(march(4), 17)),    // overdue now
    };
    const auto figures = marchFigures(dossiers, at(march(21), 12));
    CHECK(figures.find("on_time")->numerator == 1);
    CHECK(figures.find("on_time")->costing == std::vector<std::string>{"H"});
}

TEST_CASE(
    "electronic results: over those ended with a result in the period whose procedure issues one",
    "[core][index]") {
    auto issues = [](DossierFacts d, bool electronic) {
        d.procedureIssuesResult = true;
        d.hasElectronicResult = electronic;
        return d;
    };
    const std::vector<DossierFacts> dossiers{
        // Received in February, finished in March with an electronic result: counted.
        issues(ended(dossier("E", at(february(25), 9), at(march(2), 17)), at(march(3), 9)), true),
        issues(ended(dossier("A", at(march(2), 9), at(march(4), 17)), at(march(4), 16)), false),
        ended(dossier("H", at(march(2), 9), at(march(4), 17)),
              at(march(15), 9)),  // no result document
        issues(ended(dossier("I", at(march(2), 9), at(march(4), 17)), at(march(16), 9), false),
               false),  // refused
        issues(ended(dossier("G", at(march(20), 9), at(march(27), 17)), at(april(2), 9)),
               false),  // in April
    };
    const auto figures = marchFigures(dossiers);
    const auto* e = figures.find("e_result");
    CHECK(e->denominator == 2);
    CHECK(e->numerator == 1);
    CHECK(e->costing == std::vector<std::string>{"A"});
    CHECK(*e->percent == Approx(50));
    CHECK(e->points == Approx(3));  // 50% of a 100% target, of 6
}

TEST_CASE(
    "digitised: every document's file, and the electronic result once a result document is out",
    "[core][index]") {
    auto digitised = [](DossierFacts d, bool issues, bool electronic) {
        d.allDocumentsDigitised = true;
        d.procedureIssuesResult = issues;
        d.hasElectronicResult = electronic;
        return d;
    };
    const std::vector<DossierFacts> dossiers{
        digitised(dossier("J", at(march(2), 9), at(march(20), 17)), true,
                  false),  // pending: its files suffice
        digitised(ended(dossier("K", at(march(2), 9), at(march(9), 17)), at(march(9), 9)), true,
                  false),
        digitised(ended(dossier("L", at(march(3), 9), at(march(9), 17)), at(march(9), 9)), true,
                  true),
        dossier("M", at(march(4), 9), at(march(9), 17)),  // a document without its file
        digitised(ended(dossier("N", at(march(5), 9), at(march(9), 17)), at(march(9), 9)), false,
                  false),
    };
    const auto figures = marchFigures(dossiers);
    const auto* d = figures.find("digitised");
    CHECK(d->denominator == 5);
    CHECK(d->numerator == 3);  // J, L, N
    CHECK(d->costing == std::vector<std::string>{"K", "M"});
    CHECK(*d->percent == Approx(60));
    CHECK(d->points == Approx(6 * 60.0 / 80));  // below the 80% target
}

TEST_CASE(
    "online shares: post and counter are not online, and fully online needs the result back online",
    "[core][index]") {
    auto via = [](std::string code, Channel channel, bool full = false) {
        auto d = dossier(std::move(code), at(march(10), 9), at(march(12), 17));
        d.channel = channel;
        d.procedureFullyOnline = full;
        d.resultReturnedOnline = full;
        return d;
    };
    auto early = via("Z", Channel::Online);
    early.receivedAt = at(february(27), 9);  // not in March
    const std::vector<DossierFacts> dossiers{
        via("O1", Channel::Online, true), via("O2", Channel::Online), via("O3", Channel::Online),
        via("P", Channel::Post),          via("Q", Channel::Counter), early};
    const auto figures = marchFigures(dossiers);
    const auto* online = figures.find("online_share");
    CHECK(online->numerator == 3);
    CHECK(online->denominator == 5);
    CHECK(online->points == Approx(6 * 60.0 / 80));
    const auto* full = figures.find("fully_online_share");
    CHECK(full->numerator == 1);
    CHECK(*full->percent == Approx(20));
    CHECK(full->points == Approx(4));  // at the 20% target: the maximum

    // The city moves the online target to 50%: 60% now scores the maximum, with no new build.
    std::ifstream in(std::string(MOTCUA_RESOURCE_DIR) + "/index/766.json");
    std::stringstream text;
    text << in.rdbuf();
    std::string moved = text.str();
    const std::string from =
        "\"target\": 80,\n      \"max_points\": 6\n    },\n    \"fully_online_share\"";
    const auto where = moved.find(from);
    REQUIRE(where != std::string::npos);
    moved.replace(where, std::string("\"target\": 80").size(), "\"target\": 50");
    const auto relaxed = marchFigures(dossiers, kAfterMarch, IndexDefinition::parse(moved));
    CHECK(relaxed.find("online_share")->target == 50);
    CHECK(relaxed.find("online_share")->points == Approx(6));
}

TEST_CASE("satisfaction: 100% less the late rate less the complaint rate", "[core][index]") {
    std::vector<DossierFacts> dossiers;
    for (int i = 0; i < 10; ++i)
        dossiers.push_back(
            ended(dossier("S" + std::to_string(i), at(march(10), 9), at(march(12), 17)),
                  at(march(11), 9)));
    dossiers[0].endedAt = at(march(13), 9);  // late
    dossiers[1].endedAt = at(march(13), 9);  // late
    dossiers[2].complaintOrNotSatisfied = true;
    dossiers[3].endedAt = at(march(13), 9);  // late and complained of: costs twice
    dossiers[3].complaintOrNotSatisfied = true;
    const auto figures = marchFigures(dossiers);
    const auto* s = figures.find("satisfaction");
    CHECK(s->denominator == 10);
    CHECK(s->numerator == 5);  // 10 - 3 late - 2 complaints
    CHECK(*s->percent == Approx(50));
    CHECK(s->points == Approx(8 * 50.0 / 90));
    CHECK(s->costing == std::vector<std::string>{"S0", "S1", "S2", "S3"});
}

TEST_CASE("a period without dossiers loses nothing, and the groups and the total add up",
          "[core][index]") {
    const auto empty = marchFigures({});
    for (const auto& f : empty.indicators) {
        INFO(f.id);
        CHECK_FALSE(f.percent);
        CHECK(f.points == f.maxPoints);
    }
    CHECK(empty.totalPoints == Approx(40));
    CHECK(empty.maxPoints == Approx(40));
    REQUIRE(empty.groups.size() == 4);
    CHECK(empty.groups[1].id == "online");
    CHECK(empty.groups[1].maxPoints == Approx(10));  // online_share 6 + fully_online_share 4

    const std::vector<DossierFacts> one{dossier("C", at(march(30), 9), at(april(3), 17))};
    const auto figures = marchFigures(one);
    double sum = 0;
    for (const auto& f : figures.indicators) sum += f.points;
    CHECK(figures.totalPoints == Approx(sum));
    CHECK(figures.find("online_share")->points == 0);  // the one dossier came to the counter
}

TEST_CASE("the data file: the shipped one is whole, a broken one says what is wrong",
          "[core][index]") {
    REQUIRE(shipped().indicators.size() == std::size(kIndicatorIds));
    for (std::size_t i = 0; i < shipped().indicators.size(); ++i)
        CHECK(shipped().indicators[i].id == kIndicatorIds[i]);
    CHECK(shipped().find("on_time")->code == "2.1");

    std::ifstream in(std::string(MOTCUA_RESOURCE_DIR) + "/index/766.json");
    std::stringstream text;
    text << in.rdbuf();
    const std::string good = text.str();
    auto broken = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    CHECK_THROWS_WITH(IndexDefinition::parse("{"), Catch::Contains("not JSON"));
    CHECK_THROWS_WITH(IndexDefinition::parse(broken("\"on_time\": {", "\"on_tim\": {")),
                      Catch::Contains("unknown indicator 'on_tim'"));
    CHECK_THROWS_WITH(IndexDefinition::parse(broken("\"target\": 100", "\"target\": 0")),
                      Catch::Contains("on_time: the target"));
    CHECK_THROWS_WITH(
        IndexDefinition::parse(broken("\"max_points\": 10", "\"max_points\": \"ten\"")),
        Catch::Contains("wrong type"));
    CHECK_THROWS_WITH(IndexDefinition::parse(broken("[\"satisfaction\"]", "[\"happiness\"]")),
                      Catch::Contains("unknown indicator 'happiness'"));
    CHECK_THROWS_AS(IndexDefinition::parse(R"({"indicators": {}, "groups": []})"), Error);
}

TEST_CASE("channels have names", "[core][index]") {
    for (auto c : {Channel::Counter, Channel::Online, Channel::Post})
        CHECK(parseChannel(channelName(c)) == c);
    CHECK_FALSE(parseChannel("fax"));
}
