// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "day_report_dialog.h"

#include <wx/button.h>
#include <wx/sizer.h>

#include "motcua/core/money.h"
#include "motcua/store/dossiers.h"
#include "ui_text.h"
#include "worker.h"

namespace motcua::app {

DayReportDialog::DayReportDialog(wxWindow* parent, AppContext& context)
    : wxDialog(parent, wxID_ANY, _("Report of the day"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      m_context(context) {
    SetName("dayReportDialog");
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
    m_lines = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(820, 260)),
                             wxLC_REPORT | wxLC_SINGLE_SEL);
    m_lines->SetName("reportLines");
    m_lines->AppendColumn(_("Procedure"), wxLIST_FORMAT_LEFT, FromDIP(400));
    m_lines->AppendColumn(_("Dossiers received"), wxLIST_FORMAT_RIGHT, FromDIP(130));
    m_lines->AppendColumn(_("Results returned"), wxLIST_FORMAT_RIGHT, FromDIP(130));
    m_lines->AppendColumn(_("Fees"), wxLIST_FORMAT_RIGHT, FromDIP(140));
    root->Add(m_lines, 1, wxALL | wxEXPAND, FromDIP(10));
    root->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxALL | wxEXPAND, FromDIP(10));
    SetSizerAndFit(root);
    finishLayout(this);
    SetEscapeId(wxID_CLOSE);
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); }, wxID_CLOSE);
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
