// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "detail_dialog.h"

#include <wx/button.h>
#include <wx/choicdlg.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/textdlg.h>
#include <wx/utils.h>

#include <algorithm>
#include <filesystem>

#include "action_questions.h"
#include "form_printing.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/documents/forms.h"
#include "motcua/signing/pades.h"
#include "token_signing.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

struct Loaded {
    Dossier dossier;
    std::vector<store::HistoryEntry> history;
    WorkCalendar calendar;
};

}  // namespace

DetailDialog::DetailDialog(wxWindow* parent, AppContext& context, std::string code)
    : DeskWindow(parent, wxString::Format(_("Dossier %s"), fromUtf8(code)), "detailDialog"),
      m_context(context),
      m_code(std::move(code)) {
    auto* root = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(6);
    m_fields = new wxFlexGridSizer(2, gap, gap * 2);
    m_fields->AddGrowableCol(1, 1);
    // The applicant's fields, with the button that corrects them beside them (the bottom row
    // has no room left for it at 1366 px).
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(m_fields, 1, wxEXPAND);
    root->Add(top, 0, wxEXPAND | wxALL, gap * 2);

    m_documents = newReportList(this, "documentsList", wxSize(-1, 100),
                                {{_("Documents and attachments"), 520},
                                 {_("Form / size"), 160},
                                 // TRANSLATORS: whether a submitted document has its electronic
                                 // file (a scan, or the file the citizen sent)
                                 {_("Digitised"), 150}},
                                wxLC_SINGLE_SEL);
    root->Add(m_documents, 0, wxEXPAND | wxLEFT | wxRIGHT, gap * 2);

    m_timeline = newReportList(this, "timeline", wxSize(-1, 160),
                               {{_("Time"), 130},
                                {_("Step"), 170},
                                {_("Status"), 150},
                                {_("Officer"), 140},
                                {_("Reason"), 200}},
                               wxLC_SINGLE_SEL);
    root->Add(m_timeline, 1, wxEXPAND | wxALL, gap * 2);

    auto* actionsBox = new wxStaticBoxSizer(wxVERTICAL, this, _("Actions"));
    m_actions = new wxBoxSizer(wxHORIZONTAL);
    actionsBox->Add(m_actions, 0, wxALL, gap);
    root->Add(actionsBox, 0, wxEXPAND | wxLEFT | wxRIGHT, gap * 2);

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    m_reprint = new wxChoice(this, wxID_ANY);
    m_reprint->SetName("reprintForm");
    m_reprint->SetMinSize(FromDIP(wxSize(320, -1)));
    for (auto kind : documents::allForms()) m_reprint->Append(formLabel(kind));
    m_reprint->SetSelection(0);
    auto* print = new wxButton(this, wxID_PRINT, _("Print form"));
    m_edit = new wxButton(this, wxID_ANY, _("&Edit applicant..."));
    m_edit->SetName("editApplicant");
    m_edit->Disable();  // until the dossier is loaded, and for ever once it is finished
    auto* sign = new wxButton(this, wxID_ANY, _("Sign form with my token"));
    sign->SetName("signForm");
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    close->SetName("close");
    bottom->Add(m_reprint, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    bottom->Add(print, 0, wxRIGHT, gap);
    bottom->Add(sign, 0, wxRIGHT, gap * 4);
    top->Add(m_edit, 0, wxALIGN_TOP | wxLEFT, gap * 2);
    bottom->AddStretchSpacer();
    bottom->Add(close, 0);
    root->Add(bottom, 0, wxEXPAND | wxALL, gap * 2);
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("message");
    root->Add(m_message, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap * 2);
    SetSizer(root);
    SetSize(FromDIP(wxSize(860, 660)));
    finishLayout(this);
    SetEscapeId(wxID_CLOSE);  // Esc closes, as the Close button does

    // Focus starts on the record, never on an action: a stray Enter or Space does nothing.
    m_timeline->SetFocus();
    m_documents->Bind(wxEVT_LIST_ITEM_ACTIVATED,
                      [this](wxListEvent& e) { openAttachment(e.GetIndex()); });
    print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        printForm(this, m_context, m_code,
                  documents::allForms()[std::size_t(m_reprint->GetSelection())], {});
    });
    sign->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        // With more than one certificate plugged in, the officer chooses which signs.
        std::vector<signing::CertificateInfo> choices;
        if (m_context.tokens)
            for (const auto& t : m_context.tokens->snapshot().tokens)
                for (const auto& c : t.certificates)
                    if (daysUntilExpiry(c, m_context.clock->now()) >= 0) choices.push_back(c);
        std::string certificateId;
        if (choices.size() > 1) {
            wxArrayString names;
            for (const auto& c : choices)
                names.Add(wxString::Format(_("%s (valid until %s)"), fromUtf8(c.commonName),
                                           fromUtf8(c.notAfter.substr(0, 10))));
            wxSingleChoiceDialog pick(this, _("Sign with which certificate?"),
                                      _("Sign form with my token"), names);
            finishLayout(&pick);
            if (pick.ShowModal() != wxID_OK) return;
            certificateId = choices[std::size_t(pick.GetSelection())].idHex;
        }
        signForm(documents::allForms()[std::size_t(m_reprint->GetSelection())], certificateId);
    });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) {
        m_signCancel->store(true);
        Destroy();
    });
    m_edit->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!m_dossier) return;
        const auto edited = askApplicant ? askApplicant(m_dossier->applicant) : std::nullopt;
        if (edited) editApplicant(*edited);
    });
    askApplicant = [this](const Applicant& current) -> std::optional<Applicant> {
        return askApplicantDetails(this, current);
    };
    askReason = [this](DossierAction action) -> std::optional<std::string> {
        // The result usually goes to the applicant: their name is offered.
        const wxString suggested = action == DossierAction::ReturnResult && m_dossier
                                       ? fromUtf8(m_dossier->applicant.fullName)
                                       : wxString();
        wxTextEntryDialog ask(this, reasonPrompt(action), actionLabel(action), suggested,
                              wxOK | wxCANCEL | wxTE_MULTILINE);
        finishLayout(&ask);
        if (ask.ShowModal() != wxID_OK) return std::nullopt;
        return toUtf8(ask.GetValue().Strip(wxString::both));
    };
    chooseDraft = [this]() -> std::optional<std::string> {
        wxFileDialog pick(this, _("Draft result to submit for approval"),
                          fromUtf8(m_context.documentsDir), wxEmptyString,
                          _("PDF documents (*.pdf)|*.pdf"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() != wxID_OK) return std::nullopt;
        return toUtf8(pick.GetPath());
    };
    askPin = [this](const PinRequest& request) -> std::optional<std::string> {
        PinDialog dialog(this, request);
        if (dialog.ShowModal() != wxID_OK) return std::nullopt;
        return dialog.takePin();
    };
    load();
}

void DetailDialog::signForm(documents::FormKind kind, const std::string& certificateId) {
    if (!m_context.tokens) return;
    // The certificate asked for, else the first of the tokens plugged in that is valid and made
    // for signing (an officer carries one).
    const auto snapshot = m_context.tokens->snapshot();
    std::optional<std::pair<TokenView, signing::CertificateInfo>> chosen;
    const auto now = m_context.clock->now();
    const auto forSigning = [](const signing::CertificateInfo& c) {
        const auto& ku = c.keyUsage;
        return ku.empty() || std::find(ku.begin(), ku.end(), "digitalSignature") != ku.end() ||
               std::find(ku.begin(), ku.end(), "nonRepudiation") != ku.end();
    };
    for (const auto& t : snapshot.tokens)
        for (const auto& c : t.certificates) {
            if (chosen) break;
            if (!certificateId.empty() ? wxString(c.idHex).IsSameAs(wxString(certificateId), false)
                                       : daysUntilExpiry(c, now) >= 0 && forSigning(c))
                chosen.emplace(t, c);
        }
    if (!chosen) {
        m_message->SetLabel(_("Plug in the signing token and choose a certificate."));
        return;
    }
    const std::string formsDir = m_context.resourceDir + "/forms";
    const std::string outDir = m_context.documentsDir;
    const std::string code = m_code;
    const Clock* clock = m_context.clock;
    // Render the form as printed (worker), then sign it on the token's thread.
    m_context.worker->run<std::string>(
        this,
        [=](store::Store& s) {
            const auto form = documents::formContext(s.dossiers().record(code), clock->localNow());
            const std::string path =
                outDir + "/" + code + "-" + std::string(documents::formName(kind)) + ".pdf";
            std::filesystem::create_directories(outDir);
            documents::writeFileAtomically(path, documents::renderForm(kind, form, formsDir));
            return path;
        },
        [this, chosen, kind](std::string rendered) {
            const std::string signedPath = rendered.substr(0, rendered.size() - 4) + "-signed.pdf";
            signing::PdfSignOptions options;
            options.location = m_context.ward.placeName;
            options.reason =
                toUtf8(wxString::Format(_("Issued by the one-stop desk: %s"), formLabel(kind)));
            signing::VisibleSignature visible;
            visible.topRight = true;  // the text-only variant, clear of the form's own layout
            visible.width = 190;
            visible.height = 42;
            visible.documentNumber = m_code;
            options.visible = visible;
            TokenSigning job;
            job.token = chosen->first;
            job.certificate = chosen->second;
            job.askPin = askPin;
            job.caFiles = m_context.caFiles;
            job.cancel = m_signCancel;
            job.work = [rendered, signedPath, options, clock = m_context.clock](
                           signing::Signer& signer, const std::function<bool(int)>& proceed) {
                if (!proceed(0)) return 0;
                auto o = options;
                o.signingTime = clock->now();
                signing::signPdfFile(rendered, signedPath, signer, o);
                return 1;
            };
            job.finished = [this, signedPath](const BatchOutcome& outcome) {
                if (outcome.done == 1) {
                    m_signedForm = signedPath;
                    m_message->SetLabel(wxString::Format(_("Signed: %s"), fromUtf8(signedPath)));
                } else {
                    m_message->SetLabel(outcome.error.empty() ? _("Not signed.")
                                                              : failureText(outcome));
                }
                if (onSigned) onSigned(outcome);
            };
            m_message->SetLabel(_("Waiting for the token..."));
            signWithToken(this, *m_context.tokens, std::move(job));
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void DetailDialog::load() {
    const std::string code = m_code;
    m_context.worker->run<Loaded>(
        this,
        [code](store::Store& s) {
            auto d = s.dossiers().findByCode(code);
            if (!d)
                throw store::StoreError(store::StoreError::Code::NotFound, "no dossier " + code);
            return Loaded{*d, s.dossiers().history(code), s.catalog().calendar()};
        },
        [this](Loaded l) {
            m_calendar = std::move(l.calendar);
            show(l.dossier, l.history);
            m_dossier = std::move(l.dossier);
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void DetailDialog::show(const Dossier& d, const std::vector<store::HistoryEntry>& history) {
    Freeze();
    m_fields->Clear(true);
    auto row = [&](const wxString& label, const wxString& value) {
        auto* l = new wxStaticText(this, wxID_ANY, label);
        l->SetFont(l->GetFont().Bold());
        m_fields->Add(l, 0);
        m_fields->Add(new wxStaticText(this, wxID_ANY, value), 1, wxEXPAND);
    };
    const bool overdue = d.isOverdue(m_context.clock->localNow());
    row(_("Dossier code"), fromUtf8(d.code));
    row(_("Status"), overdue ? wxString::Format(_("%s (overdue)"), statusLabel(d.status))
                             : statusLabel(d.status));
    row(_("Procedure"), fromUtf8(d.procedureCode + " - " + d.procedureName));
    row(_("Applicant"), fromUtf8(d.applicant.fullName));
    row(_("Identity number"), fromUtf8(d.applicant.idNumber));
    row(_("Address"), fromUtf8(d.applicant.address));
    row(_("Phone"), fromUtf8(d.applicant.phone));
    row(_("Received"), shortTime(d.receivedAt));
    row(_("Due"), shortTime(d.dueAt));
    row(_("Fee"), fromUtf8(formatVnd(d.fee)));

    m_documents->DeleteAllItems();
    for (const auto& doc : d.documents) {
        const long i = m_documents->InsertItem(m_documents->GetItemCount(), fromUtf8(doc.name));
        m_documents->SetItem(
            i, 1,
            wxString::Format("%s x %d",
                             doc.form == RequiredDocument::Form::Copy ? _("copy") : _("original"),
                             doc.count));
        const int files = static_cast<int>(doc.files.size());
        m_documents->SetItem(
            i, 2,
            files == 0 ? _("not yet")
                       : wxString::Format(wxPLURAL("%d file", "%d files", unsigned(files)), files));
    }
    for (const auto& a : d.attachments) {
        const long i =
            m_documents->InsertItem(m_documents->GetItemCount(),
                                    wxString::Format(_("Attachment: %s"), fromUtf8(a.fileName)));
        m_documents->SetItem(
            i, 1,
            wxFileName::GetHumanReadableSize(wxULongLong(static_cast<unsigned long long>(a.size))));
    }
    // The signed results, each under its code in the citizen's store.
    for (const auto& r : d.electronicResults) {
        const long i = m_documents->InsertItem(
            m_documents->GetItemCount(), wxString::Format(_("Electronic result %s: %s"),
                                                          fromUtf8(r.code), fromUtf8(r.fileName)));
        m_documents->SetItem(
            i, 1,
            wxFileName::GetHumanReadableSize(wxULongLong(static_cast<unsigned long long>(r.size))));
    }

    m_timeline->DeleteAllItems();
    for (const auto& e : history) {
        // A demo entry stands for an intake made before the desk kept its log: it shows when
        // the dossier was received, not when the demo was generated.
        const LocalDateTime when = e.action == "demo.intake" ? d.receivedAt : e.at;
        const long i = m_timeline->InsertItem(m_timeline->GetItemCount(), shortTime(when));
        const auto action = parseAction(e.action);
        // Demo data stands for intakes made before this desk kept its own log.
        const bool intake = e.action == "intake" || e.action == "demo.intake";
        m_timeline->SetItem(i, 1,
                            action   ? actionLabel(*action)
                            : intake ? _("Intake")
                                     : fromUtf8(e.action));
        m_timeline->SetItem(i, 2, statusLabel(e.toStatus));
        m_timeline->SetItem(i, 3, fromUtf8(e.actor));
        m_timeline->SetItem(i, 4, fromUtf8(e.reason));
    }

    // Only what the status allows is offered. Approval is not here: a result is approved only
    // by signing it, in the approvals window (F7).
    const bool hadFocus = FindFocus() && FindFocus()->GetParent() == this &&
                          FindFocus()->GetName().StartsWith("action-");
    m_actions->Clear(true);
    m_offered.clear();
    for (auto action : allowedActions(d.status))
        if (action != DossierAction::Approve &&
            (action != DossierAction::ReturnElectronic || !d.electronicResults.empty()))
            m_offered.push_back(action);
    wxString used;  // the Alt-letters taken so far
    wxWindow* before = m_reprint;
    for (auto action : m_offered) {
        auto* b = new wxButton(m_actions->GetContainingWindow(), wxID_ANY,
                               withMnemonic(actionLabel(action), used));
        b->SetName(wxString("action-") + wxString(std::string(actionName(action))));
        b->Bind(wxEVT_BUTTON, [this, action](wxCommandEvent&) { onActionButton(action); });
        m_actions->Add(b, 0, wxRIGHT, FromDIP(4));
        b->MoveBeforeInTabOrder(before);  // the actions come before the forms and Close
    }
    if (d.status == DossierStatus::AwaitingApproval)
        m_actions->Add(
            new wxStaticText(m_actions->GetContainingWindow(), wxID_ANY,
                             _("A supervisor approves it by signing, in Approvals (F7).")),
            0, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
    if (m_offered.empty() && d.status != DossierStatus::AwaitingApproval)
        m_actions->Add(new wxStaticText(m_actions->GetContainingWindow(), wxID_ANY,
                                        _("No further action: the dossier is closed.")));
    if (hadFocus) m_timeline->SetFocus();
    m_edit->Enable(!isTerminal(d.status));
    Layout();
    Thaw();
}

void DetailDialog::openAttachment(long item) {
    // Attachments follow the documents in the list.
    if (!m_dossier || item < long(m_dossier->documents.size())) return;
    const std::size_t index = std::size_t(item) - m_dossier->documents.size();
    if (index >= m_dossier->attachments.size()) return;
    const Attachment attachment = m_dossier->attachments[index];
    const std::string outDir = m_context.documentsDir + "/attachments/" + m_code;
    // The blob folder names files by hash; a copy under its own name lets the desktop pick
    // the program that opens it.
    m_context.worker->run<std::string>(
        this,
        [attachment, outDir](store::Store& s) {
            namespace fs = std::filesystem;
            const fs::path blob = fs::path(s.blobDir()) / attachment.sha256.substr(0, 2) /
                                  attachment.sha256.substr(2);
            fs::create_directories(outDir);
            const fs::path copy = fs::path(outDir) / fs::path(attachment.fileName).filename();
            fs::copy_file(blob, copy, fs::copy_options::overwrite_existing);
            return copy.string();
        },
        [this](std::string path) {
            if (!wxLaunchDefaultApplication(fromUtf8(path)))
                m_message->SetLabel(wxString::Format(_("No program opens %s"), fromUtf8(path)));
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void DetailDialog::onActionButton(DossierAction action) {
    m_message->SetLabel(wxEmptyString);  // the last action's message is old now
    std::string reason;
    std::optional<LocalDateTime> due;
    std::string draft;
    if (action == DossierAction::SubmitForApproval) {
        // The supervisor signs the draft result: without one there is nothing to approve.
        const auto chosen = chooseDraft ? chooseDraft() : std::nullopt;
        if (!chosen) {
            m_message->SetLabel(_("Choose the draft result (PDF) the supervisor will sign."));
            return;
        }
        draft = *chosen;
    }
    // Who took the result home is part of the record (the applicant, or someone they sent),
    // as the reason is for the actions that need one.
    const bool returning = action == DossierAction::ReturnResult;
    if (returning || requiresReason(action)) {
        const auto typed = askReason ? askReason(action) : std::nullopt;
        if (!typed) return;
        reason = *typed;
        if (reason.empty()) {
            m_message->SetLabel(returning ? _("Enter who received the result.")
                                          : _("This action needs a reason."));
            return;
        }
    }
    if (requiresNewDue(action)) {
        due =
            askNewDue(this, m_dossier ? m_dossier->dueAt : m_context.clock->localNow(), m_calendar);
        if (!due) return;
    }
    if (const auto warning = stepWarning(action);
        warning && !confirmStep(this, actionLabel(action),
                                wxString::Format(_("Dossier %s: %s"), fromUtf8(m_code), *warning),
                                wxString::Format(_("&Yes, %s"), actionLabel(action).Lower())))
        return;
    act(action, reason, due, draft);
}

void DetailDialog::editApplicant(const Applicant& applicant) {
    const std::string code = m_code;
    m_context.worker->run<Dossier>(
        this,
        [code, applicant](store::Store& s) { return s.dossiers().editApplicant(code, applicant); },
        [this](Dossier) {
            m_message->SetLabel(_("The applicant's details are corrected."));
            load();
            if (onChanged) onChanged();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void DetailDialog::act(DossierAction action, const std::string& reason,
                       std::optional<LocalDateTime> due, const std::string& document) {
    const std::string code = m_code;
    m_context.worker->run<Dossier>(
        this,
        [code, action, reason, due, document](store::Store& s) {
            return s.dossiers().act(code, {action, reason, due, document});
        },
        [this, action](Dossier d) {
            // TRANSLATORS: "Forwarded for processing. Status: In progress"
            m_message->SetLabel(wxString::Format(_("%s. Status: %s"), actionDoneLabel(action),
                                                 statusLabel(d.status)));
            if (const auto form = formFor(action)) printForm(this, m_context, m_code, *form, {});
            load();
            if (onChanged) onChanged();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

}  // namespace motcua::app
