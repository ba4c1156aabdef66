// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "intake_dialog.h"

#include <wx/button.h>
#include <wx/dnd.h>
#include <wx/filedlg.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/wrapsizer.h>

#include <algorithm>

#include "form_printing.h"
#include "motcua/core/cccd.h"
#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

struct IntakeSetup {
    std::vector<Procedure> procedures;
    WorkCalendar calendar;
};

/// Files dropped on the dialog become attachments.
class AttachmentDrop : public wxFileDropTarget {
public:
    explicit AttachmentDrop(std::function<void(const wxString&)> add) : m_add(std::move(add)) {}
    bool OnDropFiles(wxCoord, wxCoord, const wxArrayString& files) override {
        for (const auto& f : files) m_add(f);
        return true;
    }

private:
    std::function<void(const wxString&)> m_add;
};

}  // namespace

IntakeDialog::IntakeDialog(wxWindow* parent, AppContext& context)
    : DeskWindow(parent, _("New intake"), "intakeDialog"), m_context(context) {
    buildUi();
    SetDropTarget(new AttachmentDrop([this](const wxString& f) { addAttachment(f); }));
    m_context.worker->run<IntakeSetup>(
        this,
        [](store::Store& s) {
            return IntakeSetup{s.catalog().procedures(), s.catalog().calendar()};
        },
        [this](IntakeSetup setup) {
            m_procedures = std::move(setup.procedures);
            m_calendar = std::move(setup.calendar);
            m_ready = true;
            filterProcedures();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
    m_procSearch->SetFocus();
}

void IntakeDialog::buildUi() {
    // Two columns, so the whole intake fits a 1366x768 or 1280x720 screen: who and what on the
    // left, the documents checklist (as tall as the window allows) on the right.
    auto* root = new wxBoxSizer(wxVERTICAL);
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    auto* right = new wxBoxSizer(wxVERTICAL);
    columns->Add(left, 1, wxEXPAND);
    columns->Add(right, 1, wxEXPAND);
    root->Add(columns, 1, wxEXPAND);
    const int gap = FromDIP(6);

    auto* procBox = new wxStaticBoxSizer(wxVERTICAL, this, _("Procedure"));
    m_procSearch = new wxTextCtrl(procBox->GetStaticBox(), wxID_ANY, wxEmptyString,
                                  wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_procSearch->SetName("procedureSearch");
    m_procSearch->SetHint(_("Type the code or part of the name"));
    m_procList = new wxListBox(procBox->GetStaticBox(), wxID_ANY, wxDefaultPosition,
                               FromDIP(wxSize(-1, 96)));
    m_procList->SetName("procedureList");
    m_procChosen = new wxStaticText(procBox->GetStaticBox(), wxID_ANY, _("No procedure chosen"));
    procBox->Add(m_procSearch, 0, wxEXPAND | wxALL, gap);
    procBox->Add(m_procList, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    procBox->Add(m_procChosen, 0, wxEXPAND | wxALL, gap);
    left->Add(procBox, 0, wxEXPAND | wxALL, gap);

    auto* who =
        new wxStaticBoxSizer(wxVERTICAL, this, _("Applicant (scan the CCCD QR code or type)"));
    wxWindow* whoBox = who->GetStaticBox();
    auto* grid = new wxFlexGridSizer(2, gap, gap);
    grid->AddGrowableCol(1, 1);
    auto field = [&](const wxString& label, const char* name) {
        grid->Add(new wxStaticText(whoBox, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        auto* t = new wxTextCtrl(whoBox, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                 wxTE_PROCESS_ENTER);
        t->SetName(name);
        grid->Add(t, 1, wxEXPAND);
        t->Bind(wxEVT_TEXT_ENTER, &IntakeDialog::onFieldEnter, this);
        return t;
    };
    m_id = field(_("Identity number (CCCD)"), "idNumber");
    grid->AddSpacer(0);
    m_idCheck = new wxStaticText(whoBox, wxID_ANY, wxEmptyString);
    m_idCheck->SetName("idCheck");
    grid->Add(m_idCheck, 0, wxEXPAND);
    m_name = field(_("Full name"), "fullName");
    m_dob = field(_("Date of birth (dd/mm/yyyy)"), "dateOfBirth");
    grid->Add(new wxStaticText(whoBox, wxID_ANY, _("Gender")), 0, wxALIGN_CENTER_VERTICAL);
    m_gender = new wxChoice(whoBox, wxID_ANY);
    m_gender->SetName("gender");
    m_gender->Append(_("Male"));
    m_gender->Append(_("Female"));
    grid->Add(m_gender, 0);
    m_address = field(_("Address"), "address");
    m_phone = field(_("Phone"), "phone");
    m_email = field(_("Email"), "email");
    who->Add(grid, 0, wxEXPAND | wxALL, gap);
    m_confirm =
        new wxCheckBox(whoBox, wxID_ANY, _("I have checked the name and address against the card"));
    m_confirm->SetName("confirmScan");
    // Always there (a box that appears would need room the window may not have), enabled only
    // once a scan filled the name and address.
    m_confirm->Disable();
    who->Add(m_confirm, 0, wxALL, gap);
    left->Add(who, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);

    auto* docsBox = new wxStaticBoxSizer(wxVERTICAL, this, _("Documents submitted"));
    m_documents = new wxCheckListBox(docsBox->GetStaticBox(), wxID_ANY, wxDefaultPosition,
                                     FromDIP(wxSize(420, 200)));
    m_documents->SetName("documents");
    // Never squeezed away: eight documents stay readable (and their ticks visible) at 1280x720.
    m_documents->SetMinSize(FromDIP(wxSize(360, 180)));
    docsBox->Add(m_documents, 1, wxEXPAND | wxALL, gap);
    auto* feeRow = new wxWrapSizer(wxHORIZONTAL);  // wraps rather than clip a spin box
    feeRow->Add(new wxStaticText(docsBox->GetStaticBox(), wxID_ANY, _("Copies")), 0,
                wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    m_copies = new wxSpinCtrl(docsBox->GetStaticBox(), wxID_ANY, "1", wxDefaultPosition,
                              wxDefaultSize, wxSP_ARROW_KEYS, 1, 1000, 1);
    feeRow->Add(m_copies, 0, wxRIGHT, gap * 2);
    feeRow->Add(new wxStaticText(docsBox->GetStaticBox(), wxID_ANY, _("Pages per copy")), 0,
                wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    m_pages = new wxSpinCtrl(docsBox->GetStaticBox(), wxID_ANY, "1", wxDefaultPosition,
                             wxDefaultSize, wxSP_ARROW_KEYS, 1, 10000, 1);
    feeRow->Add(m_pages, 0, wxRIGHT, gap * 2);
    docsBox->Add(feeRow, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    auto* returnRow = new wxBoxSizer(wxHORIZONTAL);  // a row of its own: the column stays narrow
    // How the dossier came: handed over here, or sent by public postal service.
    returnRow->Add(new wxStaticText(docsBox->GetStaticBox(), wxID_ANY, _("Came")), 0,
                   wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    m_came = new wxChoice(docsBox->GetStaticBox(), wxID_ANY);
    m_came->SetName("cameBy");
    m_came->Append(channelLabel(Channel::Counter));
    m_came->Append(channelLabel(Channel::Post));
    m_came->SetSelection(0);
    returnRow->Add(m_came, 0, wxRIGHT, gap * 2);
    returnRow->Add(new wxStaticText(docsBox->GetStaticBox(), wxID_ANY, _("Return")), 0,
                   wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    m_return = new wxChoice(docsBox->GetStaticBox(), wxID_ANY);
    m_return->Append(_("At the desk"));
    m_return->Append(_("By post"));
    m_return->Append(_("Online"));
    m_return->SetSelection(0);
    returnRow->Add(m_return, 0);
    docsBox->Add(returnRow, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    auto* attachRow = new wxBoxSizer(wxHORIZONTAL);
    m_attachments = new wxListBox(docsBox->GetStaticBox(), wxID_ANY, wxDefaultPosition,
                                  FromDIP(wxSize(-1, 50)));
    m_attachments->SetName("attachments");
    auto* addFile = new wxButton(docsBox->GetStaticBox(), wxID_ANY, _("Attach file..."));
    attachRow->Add(m_attachments, 1, wxEXPAND | wxRIGHT, gap);
    attachRow->Add(addFile, 0);
    docsBox->Add(attachRow, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
    right->Add(docsBox, 1, wxEXPAND | wxALL, gap);

    m_fee = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_fee->SetName("fee");
    m_due = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_due->SetName("appointment");
    m_due->SetFont(m_due->GetFont().Bold());
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("message");
    right->Add(m_fee, 0, wxLEFT | wxRIGHT, gap * 2);
    right->Add(m_due, 0, wxLEFT | wxRIGHT | wxTOP, gap * 2);
    root->Add(m_message, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap * 2);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    m_save = new wxButton(this, wxID_SAVE, _("&Save and print receipt (Ctrl+S)"));
    m_save->SetName("save");
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    close->SetName("close");
    buttons->Add(m_save, 0, wxRIGHT, gap);
    buttons->Add(close, 0);
    root->Add(buttons, 0, wxALIGN_RIGHT | wxALL, gap);
    SetSizerAndFit(root);
    // Wide enough for the documents' long names where the screen allows (finishLayout keeps
    // it within the screen).
    SetSize(wxSize(std::max(GetSize().x, FromDIP(1180)), GetSize().y));
    finishLayout(this);
    // Esc is the Close button: it asks first when something is half typed.
    SetEscapeId(wxID_CLOSE);

    // What the officer types next makes the last message old: it goes, so a refusal that was
    // fixed, or the previous citizen's "Saved", does not stay on screen.
    m_procSearch->Bind(wxEVT_TEXT, [this](wxCommandEvent&) {
        m_message->SetLabel(wxEmptyString);
        filterProcedures();
    });
    m_procSearch->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        // F2 and every save leave the cursor here, so a CCCD scanned first lands here: it
        // fills the applicant and leaves the search as it was.
        if (const wxString typed = m_procSearch->GetValue(); typed.Contains("|")) {
            if (applyScan(typed)) {
                m_procSearch->ChangeValue(wxEmptyString);
                filterProcedures();
            }
            return;
        }
        if (m_procList->GetCount() > 0)
            selectProcedure(m_procList->GetSelection() >= 0 ? m_procList->GetSelection() : 0);
        m_id->SetFocus();
    });
    m_procSearch->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& e) {
        // Arrow keys move through the matches without leaving the search field.
        const int n = int(m_procList->GetCount());
        if (n > 0 && (e.GetKeyCode() == WXK_DOWN || e.GetKeyCode() == WXK_UP)) {
            const int cur = m_procList->GetSelection();
            m_procList->SetSelection(
                std::clamp(cur + (e.GetKeyCode() == WXK_DOWN ? 1 : -1), 0, n - 1));
            return;
        }
        e.Skip();
    });
    m_procList->Bind(wxEVT_LISTBOX_DCLICK,
                     [this](wxCommandEvent& e) { selectProcedure(e.GetSelection()); });
    m_procList->Bind(wxEVT_LISTBOX,
                     [this](wxCommandEvent& e) { selectProcedure(e.GetSelection()); });
    for (wxWindow* w : {static_cast<wxWindow*>(m_id), static_cast<wxWindow*>(m_dob)})
        w->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { updateLive(); });
    for (wxTextCtrl* t : {m_id, m_name, m_dob, m_address, m_phone, m_email})
        t->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
            m_message->SetLabel(wxEmptyString);
            e.Skip();  // the live checks bound above still run
        });
    m_gender->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        m_message->SetLabel(wxEmptyString);
        updateLive();
    });
    m_copies->Bind(wxEVT_SPINCTRL, [this](wxCommandEvent&) { updateLive(); });
    m_pages->Bind(wxEVT_SPINCTRL, [this](wxCommandEvent&) { updateLive(); });
    addFile->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        // Scans are in the home folder's tree; never the ward database's folder (a file
        // chooser there opens and closes the database's files in this process).
        wxFileDialog dialog(this, _("Attach files"), wxGetHomeDir(), wxEmptyString, "*",
                            wxFD_OPEN | wxFD_MULTIPLE | wxFD_FILE_MUST_EXIST);
        if (dialog.ShowModal() != wxID_OK) return;
        wxArrayString paths;
        dialog.GetPaths(paths);
        for (const auto& p : paths) addAttachment(p);
    });
    m_save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { save(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (e.CanVeto() && isHalfTyped() &&
            !confirmStep(this, _("Close the intake"),
                         _("What is typed for this citizen has not been saved and will be lost."),
                         _("&Discard and close"))) {
            e.Veto();
            return;
        }
        Destroy();
    });
    wxAcceleratorEntry keys[] = {{wxACCEL_CTRL, 'S', wxID_SAVE}};
    SetAcceleratorTable(wxAcceleratorTable(1, keys));
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { save(); }, wxID_SAVE);
}

void IntakeDialog::filterProcedures() {
    const std::string typed = foldForSearch(toUtf8(m_procSearch->GetValue()));
    m_procList->Clear();
    m_shown.clear();
    for (std::size_t i = 0; i < m_procedures.size(); ++i) {
        const Procedure& p = m_procedures[i];
        if (!typed.empty() && foldForSearch(p.code + " " + p.name).find(typed) == std::string::npos)
            continue;
        m_shown.push_back(int(i));
        m_procList->Append(fromUtf8(p.code + "  " + p.name));
    }
    if (!m_shown.empty()) m_procList->SetSelection(0);
}

void IntakeDialog::selectProcedure(int index) {
    if (index < 0 || std::size_t(index) >= m_shown.size()) return;
    m_procedure = m_procedures[std::size_t(m_shown[std::size_t(index)])];
    m_procChosen->SetLabel(fromUtf8(m_procedure->code + " - " + m_procedure->name));
    m_documents->Clear();
    for (const auto& d : m_procedure->documents) {
        const int item =
            m_documents->Append(wxString::Format("%s (%d)", fromUtf8(d.name), d.count));
        // "(nếu có)": brought only where it applies, so ticked only when the citizen has it.
        m_documents->Check(unsigned(item), !d.isOptional());
    }
    updateLive();
    Layout();
}

void IntakeDialog::updateLive() {
    const std::string id = toUtf8(m_id->GetValue().Strip(wxString::both));
    if (id.empty()) {
        m_idCheck->SetLabel(wxEmptyString);
    } else {
        const auto dob = parseTypedDate(m_dob->GetValue());
        std::optional<Gender> gender;
        if (m_gender->GetSelection() >= 0)
            gender = m_gender->GetSelection() == 0 ? Gender::Male : Gender::Female;
        if (const auto problem = Cccd::check(id, dob, gender)) {
            m_idCheck->SetForegroundColour(wxColour(176, 0, 32));
            m_idCheck->SetLabel(errorText(std::make_exception_ptr(*problem)));
        } else {
            const Cccd cccd = Cccd::parse(id);
            m_idCheck->SetForegroundColour(wxColour(0, 110, 50));
            m_idCheck->SetLabel(wxString::Format(_("Valid: born %d in %s"), cccd.birthYear(),
                                                 fromUtf8(std::string(cccd.provinceName()))));
        }
    }
    if (!m_procedure) return;
    try {
        m_fee->SetLabel(
            wxString::Format(_("Fee: %s"), fromUtf8(formatVnd(m_procedure->fee.compute(
                                               {m_copies->GetValue(), m_pages->GetValue()})))));
    } catch (const Error&) {
        m_fee->SetLabel(wxEmptyString);
    }
    const LocalDateTime due =
        m_calendar.dueAt(m_context.clock->localNow(), m_procedure->effectiveLimit());
    m_due->SetLabel(wxString::Format(_("Appointment: %s"), shortTime(due)));
    Layout();
}

void IntakeDialog::addAttachment(const wxString& path) {
    if (m_attachments->FindString(path) == wxNOT_FOUND) m_attachments->Append(path);
}

void IntakeDialog::save() {
    if (!m_procedure) {
        m_message->SetLabel(_("Choose the procedure first."));
        m_procSearch->SetFocus();
        return;
    }
    wxString problem;
    const auto applicant = applicantFromFields(&problem);
    if (!applicant) {
        m_message->SetLabel(problem);
        return;
    }
    store::IntakeRequest request;
    request.procedureCode = m_procedure->code;
    request.applicant = *applicant;
    request.feeInput = {m_copies->GetValue(), m_pages->GetValue()};
    request.channel = m_came->GetSelection() == 1 ? Channel::Post : Channel::Counter;
    request.returnChannel = m_return->GetSelection() == 1   ? ReturnChannel::Post
                            : m_return->GetSelection() == 2 ? ReturnChannel::Online
                                                            : ReturnChannel::Desk;
    std::vector<SubmittedDocument> docs;
    for (unsigned i = 0; i < m_documents->GetCount(); ++i)
        if (m_documents->IsChecked(i) && i < m_procedure->documents.size()) {
            const auto& r = m_procedure->documents[i];
            docs.push_back({r.name, r.form, r.count});
        }
    request.documents = docs;
    for (unsigned i = 0; i < m_attachments->GetCount(); ++i)
        request.attachmentPaths.push_back(toUtf8(m_attachments->GetString(i)));

    m_save->Disable();
    m_message->SetLabel(_("Saving..."));
    m_context.worker->run<Dossier>(
        this, [request](store::Store& s) { return s.dossiers().intake(request); },
        [this](Dossier d) {
            m_save->Enable();
            m_lastCode = d.code;
            m_message->SetLabel(
                wxString::Format(_("Saved %s, appointment %s. Ready for the next citizen."),
                                 fromUtf8(d.code), shortTime(d.dueAt)));
            printForm(this, m_context, d.code, documents::FormKind::Receipt, {});
            if (onSaved) onSaved(d.code);
            clearForNextCitizen();
        },
        [this](std::exception_ptr e) {
            m_save->Enable();
            m_message->SetLabel(errorText(e));
        });
}

void IntakeDialog::clearForNextCitizen() {
    for (wxTextCtrl* t : {m_id, m_name, m_dob, m_address, m_phone, m_email, m_procSearch})
        t->ChangeValue(wxEmptyString);
    m_gender->SetSelection(wxNOT_FOUND);
    m_confirm->SetValue(false);
    m_confirm->Disable();
    m_attachments->Clear();
    m_copies->SetValue(1);
    m_pages->SetValue(1);
    m_procedure.reset();
    m_procChosen->SetLabel(_("No procedure chosen"));
    m_documents->Clear();
    m_fee->SetLabel(wxEmptyString);
    m_due->SetLabel(wxEmptyString);
    m_idCheck->SetLabel(wxEmptyString);
    filterProcedures();
    m_procSearch->SetFocus();
    Layout();
}

}  // namespace motcua::app
