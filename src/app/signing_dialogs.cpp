// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "signing_dialogs.h"

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/sizer.h>

#include <fstream>
#include <sstream>

#include "motcua/files/files.h"
#include "motcua/signing/verify.h"
#include "pin_dialog.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

TokenDialog::TokenDialog(wxWindow* parent, TokenService& tokens, const Clock& clock)
    : DeskWindow(parent, _("Signing tokens"), "tokenDialog"), m_clock(clock) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(new wxStaticText(
                  this, wxID_ANY,
                  _("Tokens appear here as they are plugged in, and go as they are pulled.")),
              0, wxALL, FromDIP(8));
    m_list = newReportList(this, "tokenList", wxSize(820, 220),
                           {{_("Token"), 120},
                            {_("Holder"), 170},
                            {_("Issuer"), 200},
                            {_("Valid until"), 100},
                            {_("Notes"), 220}});
    root->Add(m_list, 1, wxALL | wxEXPAND, FromDIP(8));
    m_problems = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_problems->SetName("tokenProblems");
    root->Add(m_problems, 0, wxALL | wxEXPAND, FromDIP(8));
    finishClosingWindow(*this, root, 8);
    tokens.addListener(this, [this](const TokenSnapshot& s) { show(s); });
    show(tokens.snapshot());
}

void TokenDialog::show(const TokenSnapshot& snapshot) {
    m_list->DeleteAllItems();
    const auto now = m_clock.now();
    for (const auto& t : snapshot.tokens) {
        wxString pinNote = pinWarning(t.token.pin);
        if (t.token.protectedAuthPath)
            pinNote += (pinNote.empty() ? "" : " ") + _("PIN pad on the reader.");
        if (!t.token.initialized) {
            // A blank token has no label of its own (SoftHSM keeps one such slot free): say so
            // rather than show an empty row.
            const long row =
                m_list->InsertItem(m_list->GetItemCount(), wxString::Format(_("Slot %lu"), t.slot));
            m_list->SetItem(row, 4, _("token not initialised: it holds no certificate yet"));
            continue;
        }
        if (t.certificates.empty()) {
            const long row = m_list->InsertItem(m_list->GetItemCount(), fromUtf8(t.token.label));
            m_list->SetItem(
                row, 4,
                _("no signing certificate") + (pinNote.empty() ? wxString() : " - " + pinNote));
        }
        for (const auto& c : t.certificates) {
            const long row = m_list->InsertItem(m_list->GetItemCount(), fromUtf8(t.token.label));
            m_list->SetItem(row, 1, fromUtf8(c.commonName));
            m_list->SetItem(row, 2, fromUtf8(c.issuer));
            m_list->SetItem(row, 3, fromUtf8(c.notAfter.substr(0, 10)));
            const int days = daysUntilExpiry(c, now);
            wxString note = days < 0     ? _("EXPIRED")
                            : days <= 30 ? wxString::Format(_("expires in %d days"), days)
                                         : wxString();
            if (!pinNote.empty()) note += (note.empty() ? "" : " - ") + pinNote;
            m_list->SetItem(row, 4, note);
            if (days <= 30) m_list->SetItemTextColour(row, wxColour(176, 0, 32));
        }
    }
    wxString problems;
    for (const auto& p : snapshot.problems) problems += fromUtf8(p) + "\n";
    if (snapshot.tokens.empty()) problems = _("No token is plugged in.") + "\n" + problems;
    m_problems->SetLabel(problems);
    Layout();
}

VerifyDialog::VerifyDialog(wxWindow* parent, AppContext& context)
    : DeskWindow(parent, _("Verify a signed PDF"), "verifyDialog"), m_context(context) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* choose = new wxButton(this, wxID_ANY, _("Open a PDF..."));
    root->Add(choose, 0, wxALL, FromDIP(8));
    m_verdict = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_verdict->SetName("verifyVerdict");
    m_verdict->SetFont(m_verdict->GetFont().Bold());
    root->Add(m_verdict, 0, wxALL | wxEXPAND, FromDIP(8));
    m_list = newReportList(this, "signatureList", wxSize(880, 200),
                           {{"#", 30},
                            {_("Signer"), 160},
                            {_("Signed at"), 160},
                            {_("Status"), 90},
                            {_("Revocation"), 90},
                            {_("Details"), 340}});
    root->Add(m_list, 1, wxALL | wxEXPAND, FromDIP(8));
    finishClosingWindow(*this, root, 8);
    choose->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog pick(this, _("Signed PDF"), fromUtf8(m_context.documentsDir), wxEmptyString,
                          "*.pdf", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() == wxID_OK) open(toUtf8(pick.GetPath()));
    });
}

void VerifyDialog::open(const std::string& path) {
    m_verdict->SetLabel(_("Checking..."));
    m_context.worker->run<std::vector<signing::SignatureReport>>(
        this,
        [path](store::Store& s) {
            const std::string pdf = files::rethrowAs<store::StoreError>(
                store::StoreError::Code::Io, [&] { return files::readFile(path); });
            return signing::verifyPdf(pdf, s.settings().deskConfig().trustFiles);
        },
        [this](std::vector<signing::SignatureReport> reports) {
            m_list->DeleteAllItems();
            bool allOk = !reports.empty();
            for (const auto& r : reports) {
                allOk = allOk && r.ok();
                const long row =
                    m_list->InsertItem(m_list->GetItemCount(), wxString::Format("%d", r.index));
                m_list->SetItem(row, 1, fromUtf8(r.signer));
                m_list->SetItem(row, 2, fromUtf8(r.signingTime));
                m_list->SetItem(row, 3, r.ok() ? _("valid") : _("NOT valid"));
                m_list->SetItem(row, 4, fromUtf8(r.revocation()));
                wxString details =
                    r.coversWholeFile
                        ? _("covers the whole file")
                        : wxString::Format(_("%llu bytes added after it"),
                                           static_cast<unsigned long long>(r.bytesAfter));
                for (const auto& p : r.problems) details += "; " + fromUtf8(p);
                m_list->SetItem(row, 5, details);
                if (!r.ok()) m_list->SetItemTextColour(row, wxColour(176, 0, 32));
            }
            m_verdict->SetLabel(reports.empty() ? _("This PDF has no signature.")
                                : allOk         ? _("Every signature is intact and trusted.")
                                                : _("At least one signature is NOT valid."));
            Layout();
        },
        [this](std::exception_ptr e) { m_verdict->SetLabel(errorText(e)); });
}

}  // namespace motcua::app
