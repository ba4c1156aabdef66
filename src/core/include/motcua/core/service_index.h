// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The service index of Decision 766/QĐ-TTg, as far as a ward's own dossiers decide it: one
// pure computation the desk, the CLI and the server share. The formulas follow the public
// description (the official text was not seen); their names, targets, maxima and groups come
// from a data file (resources/index/766.json) a city can correct without a new build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"

namespace motcua::index {

/// How a dossier reached the ward (core/dossier.h). Only `Online` counts as online; a postal
/// one does not.
using motcua::Channel;

/// One dossier as the index sees it; the caller gathers it from its own store.
struct DossierFacts {
    std::string code;
    LocalDateTime
        receivedAt;       ///< accepted (an online submission not yet accepted is not a dossier)
    LocalDateTime dueAt;  ///< the due time in force (restarted when a supplement arrived)
    /// The first of: result ready, returned, stopped, rejected, withdrawn; empty while pending.
    std::optional<LocalDateTime> endedAt;
    bool endedWithResult = false;  ///< the end was the result (ready or returned), not a refusal
    Channel channel = Channel::Counter;
    int supplementRequests = 0;          ///< asked more than once: late, whatever its times
    bool procedureIssuesResult = false;  ///< the catalog: a result document is issued
    bool procedureFullyOnline = false;   ///< the catalog: offered fully online
    bool resultReturnedOnline = false;   ///< the result went back electronically
    bool hasElectronicResult = false;    ///< an electronic result (<code>-KQ<n>) exists
    bool allDocumentsDigitised = false;  ///< every submitted document has its file
    bool complaintOrNotSatisfied = false;
};

/// The indicators the formulas know, in the order they are reported.
inline constexpr std::string_view kIndicatorIds[] = {
    "on_time", "online_share", "fully_online_share", "e_result", "digitised", "satisfaction"};

struct IndicatorDefinition {
    std::string id;       ///< one of kIndicatorIds
    std::string code;     ///< the decision's number, "2.1"
    std::string name;     ///< in Vietnamese, as the portal names it
    double target = 100;  ///< percent at or above which the indicator scores its maximum
    double maxPoints = 0;
};

struct GroupDefinition {
    std::string id;
    std::string name;
    std::vector<std::string> indicators;
};

/// The data file: every indicator of kIndicatorIds exactly once, groups naming only those.
struct IndexDefinition {
    std::vector<IndicatorDefinition> indicators;
    std::vector<GroupDefinition> groups;
    /// Throws Error(InvalidArgument) naming what is wrong: not JSON, an unknown or missing
    /// indicator, a target outside (0, 100], negative points, a group naming an unknown one.
    static IndexDefinition parse(std::string_view json);
    const IndicatorDefinition* find(std::string_view id) const;
};

struct IndicatorFigure {
    std::string id;
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    std::optional<double> percent;  ///< empty when there is nothing to count
    double points = 0;  ///< the maximum when the denominator is empty: no dossier, nothing lost
    double maxPoints = 0;
    double target = 0;
    std::vector<std::string> costing;  ///< codes counted in the denominator but not the numerator
};

struct GroupFigure {
    std::string id;
    double points = 0;
    double maxPoints = 0;
};

struct IndexFigures {
    Date from;
    Date to;
    std::vector<IndicatorFigure> indicators;  ///< in the data file's order
    std::vector<GroupFigure> groups;
    double totalPoints = 0;
    double maxPoints = 0;
    const IndicatorFigure* find(std::string_view id) const;
};

/// The figures for the dossiers of one ward over [from, to] (whole days, Vietnam time), seen
/// at `now`: a period that has not ended yet is judged at `now` (a pending dossier with time
/// left is on time), one that has, at its last second.
/// - on_time (2.1): over those received in the period; on time when its end is at or before
///   its due time, or it is pending at the judging time with its due time after it; never when
///   asked for a supplement more than once.
/// - online_share (3.3): received online over all received.
/// - fully_online_share: received online, of a fully online procedure, the result returned
///   electronically, over all received.
/// - e_result (4.1): over those ended with a result in the period whose procedure issues a
///   result document: those with an electronic result.
/// - digitised (4.2): over all received: every document digitised and, once ended with a
///   result of a procedure that issues one, an electronic result.
/// - satisfaction (5.4): 100% minus the late rate minus the rate of complaints or "not
///   satisfied" ratings, over all received (never below 0).
/// Points: at or above the target the maximum, below it percent x maximum / target.
IndexFigures computeIndex(const IndexDefinition& definition,
                          const std::vector<DossierFacts>& dossiers, Date from, Date to,
                          LocalDateTime now);

}  // namespace motcua::index
