// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "approval_dialog.h"

#include <wx/app.h>
#include <wx/config.h>
#include <wx/sizer.h>
#include <wx/textdlg.h>

#include <fstream>
#include <sstream>

#include "approval_batch.h"
#include "motcua/files/files.h"
#include "form_printing.h"
#include "motcua/signing/pades.h"
#include "token_signing.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

struct InboxRow {
    Dossier dossier;
    std::optional<store::ResultDocument> draft;
    std::string submittedBy;  ///< the officer who submitted it, from the audit log
    std::optional<LocalDateTime> submittedAt;
    LocalDateTime now;
};

/// "2 h 15 min", "3 days": how long a dossier has waited for the supervisor.
wxString waitedText(LocalDateTime since, LocalDateTime now) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>((now.day - since.day) +
                                                                          (now.time - since.time))
                             .count();
    if (minutes < 0) return wxEmptyString;
    if (minutes < 60) return wxString::Format(_("%d min"), int(minutes));
    if (minutes < 24 * 60)
        return wxString::Format(_("%d h %02d min"), int(minutes / 60), int(minutes % 60));
    return wxString::Format(wxPLURAL("%d day", "%d days", unsigned(minutes / (24 * 60))),
                            int(minutes / (24 * 60)));
}

/// An unreadable draft previews as nothing, like one poppler cannot open.
std::string readAll(const std::string& path) {
    try {
        return files::readFile(path);
    } catch (const files::FileError&) {
        return {};
    }
}

}  // namespace

ApprovalDialog::ApprovalDialog(wxWindow* parent, AppContext& context, TokenService& tokens)
    : DeskWindow(parent, _("Approvals"), "approvalDialog"), m_context(context), m_tokens(tokens) {
    askPin = [this](const PinRequest& request) -> std::optional<std::string> {
        PinDialog dialog(this, request);
        if (dialog.ShowModal() != wxID_OK) return std::nullopt;
        return dialog.takePin();
    };
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* body = new wxBoxSizer(wxHORIZONTAL);
    m_list = newReportList(this, "approvalList", wxSize(520, 380),
                           {{_("Code"), 200},
                            {_("Applicant"), 140},
                            {_("Procedure"), 180},
                            {_("Due"), 120},
                            {_("Submitted by"), 130},
                            {_("Waiting"), 90},
                            {_("Result document"), 160}});
    body->Add(m_list, 1, wxEXPAND | wxRIGHT, FromDIP(8));
    m_preview = new wxStaticBitmap(this, wxID_ANY, wxNullBitmap, wxDefaultPosition,
                                   FromDIP(wxSize(300, 424)));
    m_preview->SetName("approvalPreview");
    m_preview->SetBackgroundColour(*wxWHITE);
    body->Add(m_preview, 0, wxEXPAND);
    root->Add(body, 1, wxEXPAND | wxALL, FromDIP(8));

    auto* certRow = new wxBoxSizer(wxHORIZONTAL);
    certRow->Add(new wxStaticText(this, wxID_ANY, _("Sign with")), 0,
                 wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(6));
    m_certificate = new wxChoice(this, wxID_ANY);
    m_certificate->SetName("certificateChoice");
    certRow->Add(m_certificate, 1, wxALIGN_CENTER_VERTICAL);
    root->Add(certRow, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(8));
    m_certificateNote = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_certificateNote->SetName("certificateNote");
    root->Add(m_certificateNote, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(8));

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_approve = new wxButton(this, wxID_ANY, _("Approve and sign"));
    m_approve->SetName("approveAndSign");
    auto* reject = new wxButton(this, wxID_ANY, _("Reject..."));
    reject->SetName("rejectSelected");
    auto* sendBack = new wxButton(this, wxID_ANY, _("Send back..."));
    sendBack->SetName("sendBackSelected");
    m_cancel = new wxButton(this, wxID_ANY, _("Stop signing"));
    m_cancel->SetName("cancelBatch");
    m_cancel->Disable();
    buttons->Add(m_approve, 0, wxRIGHT, FromDIP(6));
    buttons->Add(reject, 0, wxRIGHT, FromDIP(6));
    buttons->Add(sendBack, 0, wxRIGHT, FromDIP(6));
    buttons->AddStretchSpacer();
    buttons->Add(m_cancel, 0);
    root->Add(buttons, 0, wxEXPAND | wxALL, FromDIP(8));
    m_gauge = new wxGauge(this, wxID_ANY, 1);
    m_gauge->SetName("batchProgress");
    root->Add(m_gauge, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(8));
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("approvalMessage");
    root->Add(m_message, 0, wxEXPAND | wxALL, FromDIP(8));
    finishClosingWindow(*this, root, 8);
    m_approve->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { approveSelected(); });
    m_cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { cancelBatch(); });
    const auto askReason = [this](bool back) {
        wxTextEntryDialog ask(
            this, back ? _("Why is it sent back for rework?") : _("Why is it rejected?"),
            back ? _("Send back") : _("Reject"));
        finishLayout(&ask);  // OK and Cancel in the catalog's words
        if (ask.ShowModal() == wxID_OK) rejectSelected(toUtf8(ask.GetValue()), back);
    };
    reject->Bind(wxEVT_BUTTON, [askReason](wxCommandEvent&) { askReason(false); });
    sendBack->Bind(wxEVT_BUTTON, [askReason](wxCommandEvent&) { askReason(true); });
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { showPreview(); });

    m_tokens.addListener(this, [this](const TokenSnapshot& s) { showTokens(s); });
    showTokens(m_tokens.snapshot());
    reload();
}

ApprovalDialog::~ApprovalDialog() {
    // A batch still running stops before its next document; the token thread finds this
    // window gone and only reports to no one.
    m_batchCancel->store(true);
}

void ApprovalDialog::reload() {
    m_context.worker->run<std::vector<InboxRow>>(
        this,
        [clock = m_context.clock](store::Store& s) {
            const LocalDateTime now = clock->localNow();
            store::ListQuery query;
            query.status = DossierStatus::AwaitingApproval;
            query.limit = 1000;
            std::vector<InboxRow> rows;
            for (auto& d : s.dossiers().list(query)) {
                std::optional<store::ResultDocument> draft;
                for (auto& r : s.blobs().results(d.code))
                    if (!r.isSigned) {
                        draft = std::move(r);
                        break;
                    }
                InboxRow row{std::move(d), std::move(draft), "", std::nullopt, now};
                // The latest submission in the dossier's history (it may have been sent back).
                for (const auto& e : s.dossiers().history(row.dossier.code))
                    if (e.action == actionName(DossierAction::SubmitForApproval)) {
                        row.submittedBy = e.actor;
                        row.submittedAt = e.at;
                    }
                rows.push_back(std::move(row));
            }
            return rows;
        },
        [this](std::vector<InboxRow> rows) {
            m_rows.clear();
            m_list->DeleteAllItems();
            for (auto& r : rows) {
                const long row =
                    m_list->InsertItem(m_list->GetItemCount(), fromUtf8(r.dossier.code));
                m_list->SetItem(row, 1, fromUtf8(r.dossier.applicant.fullName));
                m_list->SetItem(row, 2, fromUtf8(r.dossier.procedureName));
                m_list->SetItem(row, 3, shortTime(r.dossier.dueAt));
                m_list->SetItem(row, 4, fromUtf8(r.submittedBy));
                m_list->SetItem(row, 5,
                                r.submittedAt ? waitedText(*r.submittedAt, r.now) : wxString());
                m_list->SetItem(row, 6,
                                !r.draft            ? _("none yet")
                                : !r.draft->present ? _("not on this desk yet (next sync)")
                                                    : fromUtf8(r.draft->fileName));
                m_rows.push_back({std::move(r.dossier), std::move(r.draft)});
            }
            m_message->SetLabel(
                wxString::Format(wxPLURAL("%zu dossier awaits approval",
                                          "%zu dossiers await approval", unsigned(m_rows.size())),
                                 m_rows.size()));
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void ApprovalDialog::showTokens(const TokenSnapshot& snapshot) {
    const int previous = m_certificate->GetSelection();
    const std::string previousId = previous >= 0 && std::size_t(previous) < m_certificates.size()
                                       ? m_certificates[std::size_t(previous)].second.idHex
                                       : "";
    m_certificates.clear();
    m_certificate->Clear();
    const auto now = m_context.clock->now();
    for (const auto& token : snapshot.tokens)
        for (const auto& c : token.certificates) {
            m_certificates.push_back({token, c});
            m_certificate->Append(
                wxString::Format(_("%s (token %s, until %s)"), fromUtf8(c.commonName),
                                 fromUtf8(token.token.label), fromUtf8(c.notAfter.substr(0, 10))));
            if (c.idHex == previousId) m_certificate->SetSelection(int(m_certificates.size() - 1));
        }
    if (m_certificate->GetSelection() == wxNOT_FOUND && !m_certificates.empty())
        m_certificate->SetSelection(0);
    wxString note;
    if (m_certificates.empty()) note = _("No signing token is plugged in.");
    for (const auto& [token, c] : m_certificates) {
        const int days = daysUntilExpiry(c, now);
        if (days < 0)
            note +=
                wxString::Format(_("The certificate of %s has expired. "), fromUtf8(c.commonName));
        else if (days <= 30)
            note += wxString::Format(_("The certificate of %s expires in %d days. "),
                                     fromUtf8(c.commonName), days);
    }
    m_certificateNote->SetLabel(note);
    Layout();
}

std::vector<std::size_t> ApprovalDialog::selectedRows() const {
    std::vector<std::size_t> rows;
    for (long i = m_list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); i != -1;
         i = m_list->GetNextItem(i, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED))
        if (std::size_t(i) < m_rows.size()) rows.push_back(std::size_t(i));
    return rows;
}

void ApprovalDialog::select(const std::vector<std::string>& codes) {
    for (long i = 0; i < m_list->GetItemCount(); ++i) {
        const bool wanted = std::find(codes.begin(), codes.end(),
                                      m_rows[std::size_t(i)].dossier.code) != codes.end();
        m_list->SetItemState(i, wanted ? wxLIST_STATE_SELECTED : 0, wxLIST_STATE_SELECTED);
    }
}

bool ApprovalDialog::chooseCertificate(const std::string& idHex) {
    for (std::size_t i = 0; i < m_certificates.size(); ++i)
        if (wxString(m_certificates[i].second.idHex).IsSameAs(wxString(idHex), false)) {
            m_certificate->SetSelection(int(i));
            return true;
        }
    return false;
}

void ApprovalDialog::showPreview() {
    const auto rows = selectedRows();
    if (rows.empty()) return;
    const Row& row = m_rows[rows.front()];
    if (!row.draft || !row.draft->present) {
        m_preview->SetBitmap(wxNullBitmap);
        return;
    }
    const std::string path = row.draft->path;
    const std::string code = row.dossier.code;
    const unsigned generation = ++m_previewGeneration;
    // Rendering is file and CPU work: on the worker, never on the GUI thread.
    m_context.worker->run<wxImage>(
        this, [path](store::Store&) { return renderPdfPage(readAll(path), 1, 50); },
        [this, generation, code](wxImage image) {
            if (generation != m_previewGeneration) return;
            if (image.IsOk()) {
                const wxSize box = m_preview->GetSize();
                const double scale =
                    std::min(double(box.x) / image.GetWidth(), double(box.y) / image.GetHeight());
                image.Rescale(std::max(1, int(image.GetWidth() * scale)),
                              std::max(1, int(image.GetHeight() * scale)), wxIMAGE_QUALITY_HIGH);
                m_preview->SetBitmap(wxBitmap(image));
            }
            m_previewed = code;
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void ApprovalDialog::rejectSelected(const std::string& reason, bool sendBack) {
    std::vector<std::string> codes;
    for (const auto i : selectedRows()) codes.push_back(m_rows[i].dossier.code);
    if (codes.empty()) {
        m_message->SetLabel(_("Choose one or more dossiers first."));
        return;
    }
    const DossierAction action = sendBack ? DossierAction::SendBack : DossierAction::Reject;
    m_context.worker->run<int>(
        this,
        [codes, action, reason](store::Store& s) {
            for (const auto& code : codes)
                s.dossiers().act(code, {action, reason, std::nullopt, ""});
            return int(codes.size());
        },
        [this](int n) {
            m_message->SetLabel(wxString::Format(
                wxPLURAL("%d dossier done.", "%d dossiers done.", unsigned(n)), n));
            reload();
            if (onChanged) onChanged();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void ApprovalDialog::approveSelected() {
    if (m_batchRunning) return;
    std::vector<ApprovalItem> items;
    int withoutDraft = 0;
    const std::string outDir = m_context.documentsDir + "/signed";
    for (const auto i : selectedRows()) {
        const Row& r = m_rows[i];
        if (!r.draft || !r.draft->present) {
            ++withoutDraft;
            continue;
        }
        items.push_back(
            {r.dossier.code, r.draft->path, outDir + "/" + r.dossier.code + "-approved.pdf"});
    }
    if (items.empty()) {
        m_message->SetLabel(withoutDraft > 0
                                ? _("The chosen dossiers have no result document on this desk yet.")
                                : _("Choose one or more dossiers first."));
        return;
    }
    const int choice = m_certificate->GetSelection();
    if (choice == wxNOT_FOUND || std::size_t(choice) >= m_certificates.size()) {
        m_message->SetLabel(_("Plug in the signing token and choose a certificate."));
        return;
    }
    const auto [token, certificate] = m_certificates[std::size_t(choice)];

    // What the visible signature shows (Decree 30/2020): the supervisor's signature image and,
    // when configured, the agency's seal, the title above; on page 1, lower right.
    wxConfigBase* config = wxConfigBase::Get();
    signing::PdfSignOptions options;
    options.location = m_context.ward.placeName;
    signing::VisibleSignature visible;
    visible.page = 1;
    visible.x = 320;
    visible.y = 50;
    visible.width = 240;
    visible.height = 110;
    visible.signatureImagePng = toUtf8(config->Read("/signing/signatureImage", wxEmptyString));
    visible.sealImagePng = toUtf8(config->Read("/signing/sealImage", wxEmptyString));
    visible.title = toUtf8(config->Read("/signing/title", wxEmptyString));
    options.visible = visible;
    // TRANSLATORS: keep {code}: it becomes the dossier's code.
    const std::string reasonFormat = toUtf8(_("Approval of the result of dossier {code}"));

    m_batchCancel->store(false);
    m_batchRunning = true;
    m_approve->Disable();
    m_cancel->Enable();
    m_gauge->SetRange(int(items.size()));
    m_gauge->SetValue(0);
    m_message->SetLabel(_("Waiting for the token..."));

    const std::string dbPath = m_context.worker->dbPath();
    const Clock* clock = m_context.clock;
    TokenSigning job;
    job.token = token;
    job.certificate = certificate;
    job.documents = int(items.size());
    job.askPin = askPin;
    job.caFiles = m_context.caFiles;
    job.cancel = m_batchCancel;
    job.work = [items, options, reasonFormat, dbPath, clock](
                   signing::Signer& signer, const std::function<bool(int)>& proceed) {
        auto store = store::Store::open(dbPath, false, *clock);  // this thread's own connection
        return approveBatch(store, signer, items, options, reasonFormat, *clock, proceed);
    };
    job.progress = [this](int done) { m_gauge->SetValue(done); };
    job.finished = [this](const BatchOutcome& outcome) { finishBatch(outcome); };
    if (!signWithToken(this, m_tokens, std::move(job)))
        finishBatch({0, int(items.size()), false, "the token's module is gone"});
}

void ApprovalDialog::finishBatch(const BatchOutcome& outcome) {
    m_batchRunning = false;
    m_approve->Enable();
    m_cancel->Disable();
    wxString text = wxString::Format(
        wxPLURAL("%d of %d dossier approved and signed.", "%d of %d dossiers approved and signed.",
                 unsigned(outcome.total)),
        outcome.done, outcome.total);
    if (outcome.cancelled) text += " " + _("Stopped; the others are untouched.");
    if (!outcome.error.empty())
        text += " " +
                wxString::Format(_("Stopped: %s The others are untouched."), failureText(outcome));
    m_message->SetLabel(text);
    reload();
    if (outcome.done > 0 && m_context.sync) m_context.sync->syncNow();
    if (onChanged) onChanged();
    if (onBatchDone) onBatchDone(outcome);
}

}  // namespace motcua::app
