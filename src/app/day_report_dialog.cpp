// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "day_report_dialog.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include "motcua/core/money.h"
#include "motcua/store/dossiers.h"
#include "ui_build.h"
#include "ui_text.h"
#include "worker.h"

namespace motcua::app {

DayReportDialog::DayReportDialog(wxWindow* parent, AppContext& context)
    : DeskWindow(parent, _("Report of the day"), "dayReportDialog"), m_context(context) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    m_day = new wxTextCtrl(this, wxID_ANY, shortDate(context.clock->localNow().date()),
                           wxDefaultPosition, FromDIP(wxSize(110, -1)), wxTE_PROCESS_ENTER);
    m_day->SetName("reportDay");
    m_day->SetHint(_("dd/mm/yyyy"));
    auto* show = new wxButton(this, wxID_ANY, _("&Show"));
    row->Add(new wxStaticText(this, wxID_ANY, _("Day (dd/mm/yyyy)")), 0,
             wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
    row->Add(m_day, 0, wxRIGHT, FromDIP(6));
    row->Add(show, 0);
    root->Add(row, 0, wxALL, FromDIP(10));
    m_summary = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_summary->SetName("reportSummary");
    root->Add(m_summary, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(10));
    m_lines = newReportList(this, "reportLines", wxSize(820, 260),
                            {{_("Procedure"), 400},
                             {_("Dossiers received"), 130, wxLIST_FORMAT_RIGHT},
                             {_("Results returned"), 130, wxLIST_FORMAT_RIGHT},
                             {_("Fees"), 140, wxLIST_FORMAT_RIGHT}},
                            wxLC_SINGLE_SEL);
    root->Add(m_lines, 1, wxALL | wxEXPAND, FromDIP(10));
    finishClosingWindow(*this, root, 10);
    show->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { load(); });
    m_day->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { load(); });
    m_day->SetFocus();
    load();
}

void DayReportDialog::load() {
    const auto day = parseTypedDate(m_day->GetValue());
    if (!day) {
        m_summary->SetLabel(_("Type the day as dd/mm/yyyy."));
        m_lines->DeleteAllItems();
        return;
    }
    m_summary->SetLabel(_("Counting..."));
    const Date chosen = *day;
    m_context.worker->run<store::DayReport>(
        this, [chosen](store::Store& s) { return s.dossiers().dayReport(chosen); },
        [this](store::DayReport report) { show(report); },
        [this](std::exception_ptr e) { m_summary->SetLabel(errorText(e)); });
}

void DayReportDialog::show(const store::DayReport& report) {
    // TRANSLATORS: "12/03/2026: 41 received, 37 returned, 6 of today's still open; fees 84.000
    // đồng"
    m_summary->SetLabel(wxString::Format(
        _("%s: %lld received, %lld returned, %lld of that day's still open; fees %s"),
        shortDate(report.day), static_cast<long long>(report.received),
        static_cast<long long>(report.returned), static_cast<long long>(report.stillPending),
        fromUtf8(formatVnd(report.fees))));
    m_lines->DeleteAllItems();
    for (const auto& line : report.procedures) {
        const long row = m_lines->InsertItem(
            m_lines->GetItemCount(), fromUtf8(line.procedureCode + " - " + line.procedureName));
        m_lines->SetItem(row, 1, wxString::Format("%lld", static_cast<long long>(line.received)));
        m_lines->SetItem(row, 2, wxString::Format("%lld", static_cast<long long>(line.returned)));
        m_lines->SetItem(row, 3, fromUtf8(formatVnd(line.fees)));
    }
    Layout();
}

}  // namespace motcua::app
