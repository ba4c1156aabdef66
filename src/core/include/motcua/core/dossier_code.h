// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

#include "motcua/core/date_time.h"

namespace motcua {

/// `<unit code>-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP art. 19). Desks of one ward work offline
/// at once, so the daily sequence is partitioned by desk: desk d (1-9) issues d001-d999.
class DossierCode {
public:
    static constexpr int kMaxDesk = 9;
    static constexpr int kPerDeskPerDay = 999;

    DossierCode(std::string unitCode, Date day, int sequence);

    /// Throws Error(DossierCodeFormat) naming what is wrong.
    static DossierCode parse(std::string_view text);
    /// The `n`-th code (1-based) a desk issues on a day. Throws Error(DeskNumberRange) or
    /// Error(SequenceExhausted) past 999.
    static DossierCode forDesk(std::string unitCode, Date day, int desk, int n);

    const std::string& unitCode() const { return m_unitCode; }
    Date day() const { return m_day; }
    int sequence() const { return m_sequence; }
    int desk() const { return m_sequence / 1000; }
    std::string str() const;

    bool operator==(const DossierCode&) const = default;

private:
    std::string m_unitCode;
    Date m_day;
    int m_sequence;
};

/// Unit codes per QCVN 102:2016/BTTTT: dot-separated groups of letters and digits, e.g.
/// "000.00.00.H30" or "000.00.15.H30". No '-' (it separates the code's parts).
bool isValidUnitCode(std::string_view code);

}  // namespace motcua
