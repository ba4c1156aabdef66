// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "settings_dialog.h"

#include <wx/button.h>
#include <wx/config.h>
#include <wx/filedlg.h>
#include <wx/sizer.h>
#include <wx/tokenzr.h>

#include <fstream>
#include <sstream>

#include "form_printing.h"
#include "motcua/files/files.h"
#include "ui_build.h"
#include "ui_text.h"

namespace motcua::app {

namespace {
struct Loaded {
    store::DeskConfig config;
    store::WardSettings ward;
};
/// Non-empty lines, trimmed.
std::vector<std::string> linesOf(const wxString& text) {
    std::vector<std::string> lines;
    wxStringTokenizer tokens(text, "\n");
    while (tokens.HasMoreTokens())
        if (const wxString line = tokens.GetNextToken().Strip(wxString::both); !line.empty())
            lines.push_back(toUtf8(line));
    return lines;
}
}  // namespace

SettingsDialog::SettingsDialog(wxWindow* parent, AppContext& context)
    : DeskWindow(parent, _("Desk settings"), "settingsDialog"), m_context(context) {
    auto* grid = new wxFlexGridSizer(2, FromDIP(wxSize(8, 6)));
    grid->AddGrowableCol(1, 1);
    auto row = [&](const wxString& label, wxWindow* field, const char* name) {
        field->SetName(name);
        grid->Add(new wxStaticText(this, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(field, 1, wxEXPAND);
    };
    m_serverUrl =
        new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(380, -1)));
    m_serverUrl->SetHint("https://motcua.example.gov.vn:8443");
    row(_("City server address"), m_serverUrl, "serverUrl");
    m_caFile = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("The ward's CA bundle"),
                                    "*.pem;*.crt");
    row(_("CA bundle for the server"), m_caFile, "caFile");
    m_tsaUrl = new wxTextCtrl(this, wxID_ANY);
    row(_("Timestamp authority (TSA)"), m_tsaUrl, "tsaUrl");
    m_unitName = new wxTextCtrl(this, wxID_ANY);
    row(_("Unit name"), m_unitName, "unitName");
    m_place = new wxTextCtrl(this, wxID_ANY);
    row(_("Place on forms"), m_place, "placeName");
    m_desk = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                            wxSP_ARROW_KEYS, 1, 9, 1);
    row(_("Desk number"), m_desk, "deskNumber");
    m_modules = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition,
                               FromDIP(wxSize(-1, 60)), wxTE_MULTILINE);
    row(_("Token drivers (PKCS#11 modules, one path a line)"), m_modules, "modulePaths");
    m_trust = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition,
                             FromDIP(wxSize(-1, 44)), wxTE_MULTILINE);
    row(_("Trusted CA certificates for signatures (PEM, one path a line)"), m_trust, "trustFiles");
    m_signatureImage =
        new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Signature image"), "*.png");
    row(_("My signature image (PNG)"), m_signatureImage, "signatureImage");
    m_sealImage = new wxFilePickerCtrl(this, wxID_ANY, wxEmptyString, _("Seal image"), "*.png");
    row(_("The agency's seal (PNG, optional)"), m_sealImage, "sealImage");
    m_signerTitle = new wxTextCtrl(this, wxID_ANY);
    row(_("Title above my signature"), m_signerTitle, "signerTitle");
    m_language = new wxChoice(this, wxID_ANY);
    m_language->Append(_("Vietnamese"));
    m_language->Append(_("English"));
    row(_("Language"), m_language, "language");
    m_printer = new wxTextCtrl(this, wxID_ANY);
    m_printer->SetHint(_("empty: the system's default printer"));
    row(_("Printer"), m_printer, "printer");
    m_receiptLayout = new wxChoice(this, wxID_ANY);
    m_receiptLayout->Append(_("Each on its own A4 sheet"));
    m_receiptLayout->Append(_("As the two A5 halves of one A4 sheet"));
    row(_("The receipt's two copies"), m_receiptLayout, "receiptLayout");
    auto* calendar = new wxButton(this, wxID_ANY, _("Import days off and worked Saturdays..."));
    calendar->SetName("importCalendar");
    grid->AddSpacer(0);
    grid->Add(calendar, 0);

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(grid, 1, wxALL | wxEXPAND, FromDIP(10));
    m_message = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_message->SetName("settingsMessage");
    root->Add(m_message, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(10));
    root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxALL | wxEXPAND, FromDIP(10));
    SetSizerAndFit(root);
    finishLayout(this);

    calendar->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog pick(this, _("Days off file"), wxGetHomeDir(), wxEmptyString, "*.json",
                          wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (pick.ShowModal() == wxID_OK) importCalendar(toUtf8(pick.GetPath()));
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { save(); }, wxID_OK);
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { Destroy(); }, wxID_CANCEL);
    load();
}

void SettingsDialog::load() {
    wxConfigBase* config = wxConfigBase::Get();
    m_language->SetSelection(config->Read("/language", "vi") == "en" ? 1 : 0);
    m_printer->SetValue(config->Read("/printer", wxEmptyString));
    m_receiptLayout->SetSelection(receiptLayout() == documents::SheetLayout::HalfSheets ? 1 : 0);
    m_signatureImage->SetPath(config->Read("/signing/signatureImage", wxEmptyString));
    m_sealImage->SetPath(config->Read("/signing/sealImage", wxEmptyString));
    m_signerTitle->SetValue(config->Read("/signing/title", wxEmptyString));
    m_context.worker->run<Loaded>(
        this,
        [](store::Store& s) {
            return Loaded{s.settings().deskConfig(), s.settings().ward()};
        },
        [this](Loaded l) {
            m_serverUrl->SetValue(fromUtf8(l.config.serverUrl));
            m_caFile->SetPath(fromUtf8(l.config.caFile));
            m_tsaUrl->SetValue(fromUtf8(l.config.tsaUrl));
            wxString modules;
            for (const auto& m : l.config.modulePaths) modules += fromUtf8(m) + "\n";
            m_modules->SetValue(modules);
            wxString trust;
            for (const auto& t : l.config.trustFiles) trust += fromUtf8(t) + "\n";
            m_trust->SetValue(trust);
            m_unitName->SetValue(fromUtf8(l.ward.unitName));
            m_place->SetValue(fromUtf8(l.ward.placeName));
            m_desk->SetValue(l.ward.deskNumber);
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void SettingsDialog::save() {
    store::DeskConfig config;
    config.serverUrl = toUtf8(m_serverUrl->GetValue().Strip(wxString::both));
    config.caFile = toUtf8(m_caFile->GetPath());
    config.tsaUrl = toUtf8(m_tsaUrl->GetValue().Strip(wxString::both));
    config.modulePaths = linesOf(m_modules->GetValue());
    config.trustFiles = linesOf(m_trust->GetValue());
    const std::string unitName = toUtf8(m_unitName->GetValue());
    const std::string place = toUtf8(m_place->GetValue());
    const int desk = m_desk->GetValue();
    // Per machine, not per ward: the language (from the next start) and the printer.
    wxConfigBase* machine = wxConfigBase::Get();
    machine->Write("/language", wxString(m_language->GetSelection() == 1 ? "en" : "vi"));
    machine->Write("/printer", m_printer->GetValue().Strip(wxString::both));
    setReceiptLayout(m_receiptLayout->GetSelection() == 1 ? documents::SheetLayout::HalfSheets
                                                          : documents::SheetLayout::WholeSheets);
    // The signer's own images and title: per person at this machine, not per ward.
    machine->Write("/signing/signatureImage", m_signatureImage->GetPath());
    machine->Write("/signing/sealImage", m_sealImage->GetPath());
    machine->Write("/signing/title", m_signerTitle->GetValue().Strip(wxString::both));
    machine->Flush();
    m_context.worker->run<store::WardSettings>(
        this,
        [config, unitName, place, desk](store::Store& s) {
            s.settings().setDeskConfig(config);
            s.settings().updateWard(unitName, place, desk);
            return s.settings().ward();
        },
        [this, trust = config.trustFiles](store::WardSettings ward) {
            m_context.ward = ward;
            m_context.caFiles = trust;
            if (onSaved) onSaved();
            Destroy();
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

void SettingsDialog::importCalendar(const std::string& path) {
    m_context.worker->run<int>(
        this,
        [path](store::Store& s) {
            return s.catalog().importCalendar(files::rethrowAs<store::StoreError>(
                store::StoreError::Code::Io, [&] { return files::readFile(path); }));
        },
        [this](int years) {
            m_message->SetLabel(
                wxString::Format(wxPLURAL("Days off imported for %d year.",
                                          "Days off imported for %d years.", unsigned(years)),
                                 years));
        },
        [this](std::exception_ptr e) { m_message->SetLabel(errorText(e)); });
}

}  // namespace motcua::app
