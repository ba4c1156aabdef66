// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/service_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <functional>

#include "motcua/core/error.h"

namespace motcua::index {

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw Error(Errc::InvalidArgument, "the service index file: " + what);
}

bool knownIndicator(std::string_view id) {
    return std::find(std::begin(kIndicatorIds), std::end(kIndicatorIds), id) !=
           std::end(kIndicatorIds);
}

/// Counts one indicator: which dossiers it is over, and which of them count for it.
struct Rule {
    std::function<bool(const DossierFacts&)> over;
    std::function<bool(const DossierFacts&)> counts;
};

IndicatorFigure tally(const IndicatorDefinition& def, const std::vector<DossierFacts>& dossiers,
                      const Rule& rule) {
    IndicatorFigure f;
    f.id = def.id;
    f.maxPoints = def.maxPoints;
    f.target = def.target;
    for (const auto& d : dossiers) {
        if (!rule.over(d)) continue;
        ++f.denominator;
        if (rule.counts(d))
            ++f.numerator;
        else
            f.costing.push_back(d.code);
    }
    return f;
}

void score(IndicatorFigure& f) {
    if (f.denominator == 0) {
        f.points = f.maxPoints;
        return;
    }
    if (!f.percent) f.percent = 100.0 * double(f.numerator) / double(f.denominator);
    f.points = *f.percent >= f.target ? f.maxPoints : *f.percent * f.maxPoints / f.target;
}

}  // namespace

IndexDefinition IndexDefinition::parse(std::string_view json) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(json);
    } catch (const nlohmann::json::exception& e) {
        invalid(std::string("not JSON: ") + e.what());
    }
    IndexDefinition def;
    try {
        for (const auto& [id, item] : root.at("indicators").items()) {
            if (!knownIndicator(id)) invalid("unknown indicator '" + id + "'");
            IndicatorDefinition i;
            i.id = id;
            i.code = item.at("code").get<std::string>();
            i.name = item.at("name").get<std::string>();
            i.target = item.at("target").get<double>();
            i.maxPoints = item.at("max_points").get<double>();
            if (!(i.target > 0 && i.target <= 100))
                invalid(id + ": the target must be a percent above 0, at most 100");
            if (i.maxPoints < 0) invalid(id + ": max_points must not be negative");
            def.indicators.push_back(std::move(i));
        }
        for (const auto& item : root.at("groups")) {
            GroupDefinition g;
            g.id = item.at("id").get<std::string>();
            g.name = item.at("name").get<std::string>();
            g.indicators = item.at("indicators").get<std::vector<std::string>>();
            for (const auto& id : g.indicators)
                if (!def.find(id))
                    invalid("group '" + g.id + "' names the unknown indicator '" + id + "'");
            def.groups.push_back(std::move(g));
        }
    } catch (const nlohmann::json::exception& e) {
        invalid(std::string("a field is missing or of the wrong type: ") + e.what());
    }
    for (std::string_view id : kIndicatorIds)
        if (!def.find(id)) invalid("the indicator '" + std::string(id) + "' is missing");
    // The report follows the decision's order, whatever the file's.
    std::sort(def.indicators.begin(), def.indicators.end(), [](const auto& a, const auto& b) {
        const auto rank = [](const std::string& id) {
            return std::find(std::begin(kIndicatorIds), std::end(kIndicatorIds), id) -
                   std::begin(kIndicatorIds);
        };
        return rank(a.id) < rank(b.id);
    });
    return def;
}

const IndicatorDefinition* IndexDefinition::find(std::string_view id) const {
    for (const auto& i : indicators)
        if (i.id == id) return &i;
    return nullptr;
}

const IndicatorFigure* IndexFigures::find(std::string_view id) const {
    for (const auto& i : indicators)
        if (i.id == id) return &i;
    return nullptr;
}

IndexFigures computeIndex(const IndexDefinition& definition,
                          const std::vector<DossierFacts>& dossiers, Date from, Date to,
                          LocalDateTime now) {
    const LocalDateTime start{Days{from}, std::chrono::seconds{0}};
    const LocalDateTime end{Days{to} + std::chrono::days{1}, std::chrono::seconds{0}};  // exclusive
    // The moment the period is judged at: its last second, or now while it runs.
    const LocalDateTime judged =
        std::min(now, LocalDateTime{Days{to}, std::chrono::seconds{86399}});
    const auto received = [&](const DossierFacts& d) {
        return d.receivedAt >= start && d.receivedAt < end;
    };
    const auto endedBy = [](const DossierFacts& d, LocalDateTime t) {
        return d.endedAt && *d.endedAt <= t;
    };
    const auto onTime = [&](const DossierFacts& d) {
        if (d.supplementRequests > 1) return false;
        if (endedBy(d, judged)) return *d.endedAt <= d.dueAt;
        return d.dueAt > judged;
    };
    const auto complained = [](const DossierFacts& d) { return d.complaintOrNotSatisfied; };
    const auto needsElectronicResult = [&](const DossierFacts& d) {
        return d.endedWithResult && d.procedureIssuesResult && endedBy(d, judged);
    };

    IndexFigures out;
    out.from = from;
    out.to = to;
    for (const auto& def : definition.indicators) {
        IndicatorFigure f;
        if (def.id == "on_time") {
            f = tally(def, dossiers, {received, onTime});
        } else if (def.id == "online_share") {
            f = tally(def, dossiers, {received, [](const DossierFacts& d) {
                                          return d.channel == Channel::Online;
                                      }});
        } else if (def.id == "fully_online_share") {
            f = tally(def, dossiers, {received, [](const DossierFacts& d) {
                                          return d.channel == Channel::Online &&
                                                 d.procedureFullyOnline && d.resultReturnedOnline;
                                      }});
        } else if (def.id == "e_result") {
            f = tally(def, dossiers,
                      {[&](const DossierFacts& d) {
                           return d.endedWithResult && d.procedureIssuesResult && d.endedAt &&
                                  *d.endedAt >= start && *d.endedAt < end;
                       },
                       [](const DossierFacts& d) { return d.hasElectronicResult; }});
        } else if (def.id == "digitised") {
            f = tally(def, dossiers,
                      {received, [&](const DossierFacts& d) {
                           return d.allDocumentsDigitised &&
                                  (!needsElectronicResult(d) || d.hasElectronicResult);
                       }});
        } else if (def.id == "satisfaction") {
            // 100% less the late rate less the complaint rate: a dossier both late and
            // complained of costs twice, as the formula says.
            f = tally(def, dossiers, {received, [&](const DossierFacts& d) {
                                          return onTime(d) && !complained(d);
                                      }});
            std::int64_t late = 0, complaints = 0;
            for (const auto& d : dossiers)
                if (received(d)) {
                    late += !onTime(d);
                    complaints += complained(d);
                }
            f.numerator = std::max<std::int64_t>(0, f.denominator - late - complaints);
            if (f.denominator > 0) f.percent = 100.0 * double(f.numerator) / double(f.denominator);
        }
        score(f);
        out.totalPoints += f.points;
        out.maxPoints += f.maxPoints;
        out.indicators.push_back(std::move(f));
    }
    for (const auto& g : definition.groups) {
        GroupFigure figure{g.id, 0, 0};
        for (const auto& id : g.indicators)
            if (const auto* i = out.find(id)) {
                figure.points += i->points;
                figure.maxPoints += i->maxPoints;
            }
        out.groups.push_back(figure);
    }
    return out;
}

}  // namespace motcua::index
