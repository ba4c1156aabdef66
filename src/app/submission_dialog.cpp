// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "submission_dialog.h"

#include <wx/mstream.h>
#include <wx/statbox.h>
#include <wx/textdlg.h>

#include <filesystem>

#include "form_printing.h"
#include "motcua/core/vietnamese_text.h"
#include "motcua/documents/forms.h"
#include "motcua/files/files.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

/// What a file's first bytes say it is.
enum class FileKind { Pdf, Image, Other };

FileKind sniff(const std::string& bytes) {
    if (bytes.rfind("%PDF-", 0) == 0) return FileKind::Pdf;
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 &&
        static_cast<unsigned char>(bytes[2]) == 0xFF)
        return FileKind::Image;  // JPEG
    if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return FileKind::Image;
    return FileKind::Other;
}

/// A preview as the worker made it: the image, and a PDF's page count.
struct Preview {
    wxImage image;
    int pages = 0;
};

/// Images are shown at most this wide, so a 300 dpi scan fits beside the record.
constexpr int kPreviewWidth = 560;

wxString formText(const SubmittedDocument& d) {
    const wxString form = d.form == RequiredDocument::Form::Original ? _("Original") : _("Copy");
    return wxString::Format(_("%s, %d"), form, d.count);
}

}  // namespace

SubmissionDialog::SubmissionDialog(wxWindow* parent, AppContext& context, std::string code)
    : DeskWindow(parent, wxString::Format(_("Online submission %s"), fromUtf8(code)),
                 "submissionDialog"),
      m_context(context),
      m_code(std::move(code)) {
    const int gap = FromDIP(6);
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* columns = new wxBoxSizer(wxHORIZONTAL);

    // The record: the applicant, the documents against the procedure's list, the files.
    auto* record = new wxBoxSizer(wxVERTICAL);
    m_fields = new wxFlexGridSizer(2, gap, gap * 2);
    m_fields->AddGrowableCol(1, 1);
    record->Add(m_fields, 0, wxEXPAND | wxBOTTOM, gap);
    m_deadline = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_deadline->SetName("deadline");
    m_deadline->SetFont(m_deadline->GetFont().Bold());
    record->Add(m_deadline, 0, wxEXPAND | wxBOTTOM, gap);
    m_documents = newReportList(this, "requiredDocuments", wxSize(-1, 150),
                                {{_("Required by the procedure"), 300}, {_("Submitted"), 170}},
                                wxLC_SINGLE_SEL);
    record->Add(m_documents, 1, wxEXPAND | wxBOTTOM, gap);
    m_files = newReportList(this, "submittedFiles", wxSize(-1, 110),
                            {{_("File"), 300}, {_("Document"), 170}}, wxLC_SINGLE_SEL);
    record->Add(m_files, 1, wxEXPAND);
    columns->Add(record, 1, wxEXPAND | wxRIGHT, gap * 2);

    // The preview of the file chosen, page by page.
    auto* previewBox = new wxStaticBoxSizer(wxVERTICAL, this, _("Preview"));
    m_previewArea = new wxScrolledWindow(previewBox->GetStaticBox(), wxID_ANY, wxDefaultPosition,
                                         FromDIP(wxSize(kPreviewWidth + 20, 420)),
                                         wxVSCROLL | wxHSCROLL | wxBORDER_SUNKEN);
    m_previewArea->SetName("previewArea");
    m_previewArea->SetScrollRate(FromDIP(10), FromDIP(10));
    m_previewArea->SetBackgroundColour(wxColour(96, 96, 96));
    m_preview = new wxStaticBitmap(m_previewArea, wxID_ANY, wxNullBitmap);
    m_preview->SetName("preview");
    auto* previewSizer = new wxBoxSizer(wxVERTICAL);
    previewSizer->Add(m_preview, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, gap);
    m_previewArea->SetSizer(previewSizer);
    previewBox->Add(m_previewArea, 1, wxEXPAND | wxALL, gap);
    auto* pages = new wxBoxSizer(wxHORIZONTAL);
    m_prevPage = new wxButton(previewBox->GetStaticBox(), wxID_ANY, _("< Previous page"));
    m_prevPage->SetName("previousPage");
    m_nextPage = new wxButton(previewBox->GetStaticBox(), wxID_ANY, _("Next page >"));
    m_nextPage->SetName("nextPage");
    m_pageLabel = new wxStaticText(previewBox->GetStaticBox(), wxID_ANY, wxEmptyString);
    m_pageLabel->SetName("pageLabel");
    pages->Add(m_prevPage, 0, wxRIGHT, gap);
    pages->Add(m_pageLabel, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    pages->Add(m_nextPage, 0);
    previewBox->Add(pages, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
    columns->Add(previewBox, 1, wxEXPAND);
    root->Add(columns, 1, wxEXPAND | wxALL, gap * 2);

    // The decisions, then Close.
    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    wxString used;
    m_accept = new wxButton(this, wxID_ANY, withMnemonic(actionLabel(DossierAction::Accept), used));
    m_accept->SetName("accept");
    m_supplement = new wxButton(this, wxID_ANY,
                                withMnemonic(actionLabel(DossierAction::RequestSupplement), used));
    m_supplement->SetName("requestSupplement");
    m_refuse = new wxButton(this, wxID_ANY, withMnemonic(actionLabel(DossierAction::Refuse), used));
    m_refuse->SetName("refuse");
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    close->SetName("close");
    for (wxButton* b : {m_accept, m_supplement, m_refuse}) {
        b->Disable();  // until the submission is loaded
        bottom->Add(b, 0, wxRIGHT, gap);
    }
    bottom->AddStretchSpacer();
    bottom->Add(close, 0);
    root->Add(bottom, 0, wxEXPAND | wxLEFT | wxRIGHT, gap * 2);
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("message");
    root->Add(m_message, 0, wxEXPAND | wxALL, gap * 2);
    SetSizer(root);
    SetSize(FromDIP(wxSize(1240, 700)));
    finishLayout(this);
    SetEscapeId(wxID_CLOSE);
    m_documents->SetFocus();  // never on a decision: a stray Enter decides nothing

    m_files->Bind(wxEVT_LIST_ITEM_SELECTED,
                  [this](wxListEvent& e) { preview(std::size_t(e.GetIndex())); });
    m_prevPage->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPage(m_page - 1); });
    m_nextPage->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { showPage(m_page + 1); });
    m_accept->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { onDecision(DossierAction::Accept); });
    m_supplement->Bind(wxEVT_BUTTON,
                       [this](wxCommandEvent&) { onDecision(DossierAction::RequestSupplement); });
    m_refuse->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { onDecision(DossierAction::Refuse); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    askReason = [this](DossierAction action,
                       const wxString& suggested) -> std::optional<std::string> {
        const wxString prompt =
            action == DossierAction::Refuse
                ? _("Why the submission is not accepted (printed on the refusal, form 03):")
                : _("What is missing or must be corrected (one item per line):");
        wxTextEntryDialog ask(this, prompt, actionLabel(action), suggested,
                              wxOK | wxCANCEL | wxTE_MULTILINE);
        finishLayout(&ask);
        if (ask.ShowModal() != wxID_OK) return std::nullopt;
        return toUtf8(ask.GetValue().Strip(wxString::both));
    };
    load();
}

void SubmissionDialog::load() {
    const std::string code = m_code;
    m_context.worker->run<Loaded>(
        this,
        [code](store::Store& s) {
            Loaded loaded;
            auto dossier = s.dossiers().findByCode(code);
            if (!dossier)
                throw store::StoreError(store::StoreError::Code::NotFound,
                                        "no dossier " + code + " on this desk");
            loaded.dossier = std::move(*dossier);
            loaded.procedure = s.catalog().procedure(loaded.dossier.procedureCode);
            loaded.match = matchDocuments(
                loaded.procedure ? loaded.procedure->documents : std::vector<RequiredDocument>{},
                loaded.dossier.documents);
            // Every step into awaiting resubmission, made here or pulled from another desk.
            for (const auto& step : s.dossiers().history(code))
                if (step.toStatus == DossierStatus::AwaitingResubmission)
                    ++loaded.supplementRequests;
            for (const auto& a : loaded.dossier.attachments) {
                const std::string path = files::contentPath(s.blobDir(), a.sha256);
                loaded.filePaths.push_back(std::filesystem::exists(path) ? path : std::string());
            }
            return loaded;
        },
        [this](Loaded loaded) { show(std::move(loaded)); },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void SubmissionDialog::show(Loaded loaded) {
    Freeze();
    m_dossier = std::move(loaded.dossier);
    m_procedure = std::move(loaded.procedure);
    m_supplementRequests = loaded.supplementRequests;
    m_filePaths = std::move(loaded.filePaths);
    m_match = std::move(loaded.match);
    const Dossier& d = *m_dossier;

    m_fields->Clear(true);
    auto row = [&](const wxString& label, const wxString& value, const char* name) {
        m_fields->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_TOP);
        auto* text = new wxStaticText(this, wxID_ANY, value);
        text->SetName(name);
        m_fields->Add(text, 1, wxEXPAND);
    };
    row(_("Procedure"), fromUtf8(d.procedureCode + " - " + d.procedureName), "procedure");
    row(_("Applicant"), fromUtf8(d.applicant.fullName), "applicant");
    row(_("Identity number (CCCD)"), fromUtf8(d.applicant.idNumber), "idNumber");
    row(_("Address"), fromUtf8(d.applicant.address), "address");
    row(_("Phone / email"), fromUtf8(d.applicant.phone + "  " + d.applicant.email), "contact");
    row(_("Channel"), channelLabel(d.channel), "channel");
    row(_("Submitted"), shortTime(d.submittedAt.value_or(d.receivedAt)), "submittedAt");
    row(_("Status"), statusLabel(d.status), "status");
    const bool pending = d.status == DossierStatus::AwaitingAcceptance;
    const bool past = pending && m_context.clock->localNow() > d.dueAt;
    m_deadline->SetLabel(
        pending ? wxString::Format(past ? _("Decision deadline %s: past") : _("Decide by %s"),
                                   shortTime(d.dueAt))
                : wxString());
    m_deadline->SetForegroundColour(past ? wxColour(176, 0, 32) : wxNullColour);

    // The procedure's list beside what was submitted; anything else submitted follows.
    m_documents->DeleteAllItems();
    long item = 0;
    for (std::size_t r = 0; r < m_match.required.size(); ++r) {
        const long i = m_documents->InsertItem(item++, fromUtf8(m_procedure->documents[r].name));
        const auto& k = m_match.required[r];
        m_documents->SetItem(i, 1, k ? formText(d.documents[*k]) : _("Not submitted"));
        if (!k) m_documents->SetItemTextColour(i, wxColour(176, 0, 32));
    }
    for (const std::size_t k : m_match.others) {
        const long i = m_documents->InsertItem(
            item++, wxString::Format(_("(other) %s"), fromUtf8(d.documents[k].name)));
        m_documents->SetItem(i, 1, formText(d.documents[k]));
    }

    // Each file, named with the document it belongs to.
    m_files->DeleteAllItems();
    for (std::size_t k = 0; k < d.attachments.size(); ++k) {
        const Attachment& a = d.attachments[k];
        wxString owner;
        for (const auto& doc : d.documents)
            if (std::find(doc.files.begin(), doc.files.end(), a.sha256) != doc.files.end())
                owner = fromUtf8(doc.name);
        const wxString name =
            m_filePaths[k].empty()
                ? wxString::Format(_("%s (not on this desk yet)"), fromUtf8(a.fileName))
                : fromUtf8(a.fileName);
        const long i = m_files->InsertItem(long(k), name);
        m_files->SetItem(i, 1, owner);
    }

    for (wxButton* b : {m_accept, m_supplement, m_refuse}) b->Disable();
    for (const auto action : allowedActions(d.status)) {
        if (action == DossierAction::Accept) m_accept->Enable();
        if (action == DossierAction::RequestSupplement) m_supplement->Enable();
        if (action == DossierAction::Refuse) m_refuse->Enable();
    }
    Layout();
    Thaw();
    if (!d.attachments.empty()) {
        m_files->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        preview(0);
    } else {
        showPage(0);
    }
}

SubmissionDialog::DocumentMatch SubmissionDialog::matchDocuments(
    const std::vector<RequiredDocument>& required,
    const std::vector<SubmittedDocument>& submitted) {
    DocumentMatch match;
    std::vector<bool> matched(submitted.size(), false);
    for (const auto& r : required) {
        std::optional<std::size_t> found;
        const std::string name = foldForSearch(r.name);
        for (std::size_t k = 0; k < submitted.size() && !found; ++k)
            if (!matched[k] && foldForSearch(submitted[k].name) == name) {
                matched[k] = true;
                found = k;
            }
        match.required.push_back(found);
    }
    for (std::size_t k = 0; k < submitted.size(); ++k)
        if (!matched[k]) match.others.push_back(k);
    return match;
}

std::vector<std::string> SubmissionDialog::missingDocuments() const {
    std::vector<std::string> missing;
    if (!m_dossier || !m_procedure) return missing;
    for (std::size_t r = 0; r < m_match.required.size(); ++r)
        if (!m_match.required[r]) missing.push_back(m_procedure->documents[r].name);
    return missing;
}

void SubmissionDialog::preview(std::size_t index, int page) {
    if (!m_dossier || index >= m_filePaths.size()) return;
    m_previewIndex = index;
    if (m_filePaths[index].empty()) {
        m_pages = 0;
        m_preview->SetBitmap(wxNullBitmap);
        m_pageLabel->SetLabel(_("The file is not on this desk yet; the next sync brings it."));
        m_prevPage->Disable();
        m_nextPage->Disable();
        if (onPreviewShown) onPreviewShown(wxNullBitmap);
        return;
    }
    const std::string path = m_filePaths[index];
    const unsigned generation = ++m_previewGeneration;
    const double width = FromDIP(kPreviewWidth);
    m_pageLabel->SetLabel(_("Loading the preview..."));
    m_context.worker->run<Preview>(
        this,
        [path, page, width](store::Store&) {
            const std::string bytes = files::readFile(path);
            Preview p;
            switch (sniff(bytes)) {
                case FileKind::Pdf: {
                    p.pages = pdfPageCount(bytes);
                    // A4 across the preview's width.
                    p.image = renderPdfPage(bytes, page, width / (595.0 / 72.0));
                    break;
                }
                case FileKind::Image: {
                    wxMemoryInputStream in(bytes.data(), bytes.size());
                    p.image.LoadFile(in);
                    if (p.image.IsOk() && p.image.GetWidth() > width)
                        p.image.Rescale(int(width),
                                        int(p.image.GetHeight() * width / p.image.GetWidth()),
                                        wxIMAGE_QUALITY_HIGH);
                    p.pages = p.image.IsOk() ? 1 : 0;
                    break;
                }
                case FileKind::Other:
                    break;
            }
            return p;
        },
        [this, generation, page](Preview p) {
            if (generation != m_previewGeneration) return;  // another file was chosen since
            m_pages = p.pages;
            m_page = page;
            const wxBitmap bitmap = p.image.IsOk() ? wxBitmap(p.image) : wxNullBitmap;
            m_preview->SetBitmap(bitmap);
            m_previewArea->FitInside();
            m_previewArea->Scroll(0, 0);
            if (!p.image.IsOk())
                m_pageLabel->SetLabel(_("This file cannot be previewed (PDF, JPEG and PNG can)."));
            else
                m_pageLabel->SetLabel(m_pages > 1
                                          ? wxString::Format(_("Page %d of %d"), m_page, m_pages)
                                          : wxString());
            m_prevPage->Enable(m_page > 1);
            m_nextPage->Enable(m_page < m_pages);
            m_previewArea->Layout();
            if (onPreviewShown) onPreviewShown(bitmap);
        },
        [this](std::exception_ptr e) { m_pageLabel->SetLabel(errorText(e)); });
}

void SubmissionDialog::showPage(int page) {
    if (m_pages <= 0 || page < 1 || page > m_pages) {
        m_prevPage->Enable(m_pages > 0 && m_page > 1);
        m_nextPage->Enable(m_pages > 0 && m_page < m_pages);
        return;
    }
    preview(m_previewIndex, page);
}

void SubmissionDialog::onDecision(DossierAction action) {
    if (!m_dossier) return;
    m_message->SetLabel(wxEmptyString);
    std::string reason;
    if (action == DossierAction::RequestSupplement && m_supplementRequests > 0 &&
        !confirmStep(this, actionLabel(action),
                     wxString::Format(_("Submission %s was already asked for a supplement. The "
                                        "service index counts a dossier asked twice as late."),
                                      fromUtf8(m_code)),
                     _("&Yes, ask again")))
        return;
    if (requiresReason(action)) {
        wxString suggested;
        if (action == DossierAction::RequestSupplement)
            for (const auto& name : missingDocuments()) suggested += fromUtf8(name) + "\n";
        const auto typed =
            askReason ? askReason(action, suggested.Strip(wxString::both)) : std::nullopt;
        if (!typed) return;
        reason = *typed;
        if (reason.empty()) {
            m_message->SetLabel(_("This action needs a reason."));
            return;
        }
    }
    const wxString whatHappens =
        action == DossierAction::Accept
            ? _("The submission becomes a dossier of the ward: the time limit runs from now, and "
                "the receipt (form 01) is made for the citizen.")
        : action == DossierAction::Refuse
            ? _("The submission will not be accepted, and the refusal (form 03) goes to the "
                "citizen. This cannot be undone.")
            : _("The submission goes back to the citizen with the supplement request (form 02).");
    if (!confirmStep(this, actionLabel(action),
                     wxString::Format(_("Submission %s: %s"), fromUtf8(m_code), whatHappens),
                     wxString::Format(_("&Yes, %s"), actionLabel(action).Lower())))
        return;
    decide(action, reason);
}

void SubmissionDialog::decide(DossierAction action, const std::string& reason) {
    const std::string code = m_code;
    const std::string formsDir = m_context.resourceDir + "/forms";
    const std::string outDir = m_context.documentsDir;
    const Clock* clock = m_context.clock;
    const auto layout = receiptLayout();
    struct Decided {
        Dossier dossier;
        std::string formPath;
        std::string formBytes;  ///< read on the worker, for the print preview
    };
    m_context.worker->run<Decided>(
        this,
        [=](store::Store& s) {
            Decided decided;
            store::ActionRequest request;
            request.action = action;
            request.reason = reason;
            // The form is made inside the decision's transaction from the dossier as it will
            // be, so the op carries it and the citizen gets it with the decision.
            request.decisionForm = [&](const Dossier& after) {
                decided.formPath =
                    documents::writeDecisionForm(s.dossiers().record(code), after, action, reason,
                                                 clock->localNow(), formsDir, outDir, layout);
                return decided.formPath;
            };
            decided.dossier = s.dossiers().act(code, request);
            if (!decided.formPath.empty()) decided.formBytes = files::readFile(decided.formPath);
            return decided;
        },
        [this, action](Decided decided) {
            m_formPath = decided.formPath;
            // TRANSLATORS: "Submission accepted. Status: Received"
            m_message->SetLabel(wxString::Format(_("%s. Status: %s"), actionDoneLabel(action),
                                                 statusLabel(decided.dossier.status)));
            if (m_context.printDialogs && !decided.formBytes.empty())
                previewPdf(this, decided.formBytes,
                           fromUtf8(std::filesystem::path(m_formPath).filename().string()));
            load();
            if (onChanged) onChanged();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

}  // namespace motcua::app
