// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "motcua/core/procedure.h"
#include "ui_build.h"

namespace motcua::app {

/// One online or postal submission awaiting the ward's decision: the applicant, the documents
/// the procedure requires beside those submitted, each file previewed (PDF pages, JPEG and PNG
/// images), and the three decisions: accept (the receipt, form 01), request a supplement
/// (form 02) or refuse (form 03). Each decision commits locally with its outbox op, offline
/// too; its form is kept in the documents folder and offered for printing.
class SubmissionDialog : public DeskWindow {
public:
    SubmissionDialog(wxWindow* parent, AppContext& context, std::string code);

    std::function<void()> onChanged;

    bool isLoaded() const { return m_dossier.has_value(); }
    const std::optional<Dossier>& dossier() const { return m_dossier; }
    /// Takes the decision as it is (the questions come before, from the buttons).
    void decide(DossierAction action, const std::string& reason);
    /// Asks the reason of a supplement request or a refusal, `suggested` typed in already (the
    /// required documents that were not submitted); nothing: cancelled.
    std::function<std::optional<std::string>(DossierAction, const wxString& suggested)> askReason;
    /// The form the last decision made (a PDF in the documents folder).
    const std::string& decisionForm() const { return m_formPath; }
    /// Shows file `index` of the dossier's attachments, page `page` (1-based) of a PDF.
    void preview(std::size_t index, int page = 1);
    /// For tests: called when a preview is shown (or cannot be: invalid bitmap).
    std::function<void(const wxBitmap&)> onPreviewShown;
    /// The documents the procedure requires that nothing submitted matches by name.
    std::vector<std::string> missingDocuments() const;

private:
    /// The procedure's required documents matched to the submitted ones by folded name, as a
    /// desk officer checks them; made once on the worker when the submission loads.
    struct DocumentMatch {
        std::vector<std::optional<std::size_t>> required;  ///< per required: the submitted one
        std::vector<std::size_t> others;                   ///< submitted, matching nothing
    };
    static DocumentMatch matchDocuments(const std::vector<RequiredDocument>& required,
                                        const std::vector<SubmittedDocument>& submitted);
    struct Loaded {
        Dossier dossier;
        std::optional<Procedure> procedure;
        int supplementRequests = 0;
        std::vector<std::string> filePaths;  ///< per attachment; empty when not on this desk
        DocumentMatch match;
    };
    void load();
    void show(Loaded loaded);
    void onDecision(DossierAction action);
    void showPage(int page);

    AppContext& m_context;
    std::string m_code;
    std::optional<Dossier> m_dossier;
    std::optional<Procedure> m_procedure;
    int m_supplementRequests = 0;
    std::vector<std::string> m_filePaths;
    DocumentMatch m_match;
    std::size_t m_previewIndex = 0;
    int m_page = 1;
    int m_pages = 0;
    unsigned m_previewGeneration = 0;
    std::string m_formPath;

    wxFlexGridSizer* m_fields = nullptr;
    wxListCtrl* m_documents = nullptr;
    wxListCtrl* m_files = nullptr;
    wxScrolledWindow* m_previewArea = nullptr;
    wxStaticBitmap* m_preview = nullptr;
    wxStaticText* m_pageLabel = nullptr;
    wxButton* m_prevPage = nullptr;
    wxButton* m_nextPage = nullptr;
    wxButton* m_accept = nullptr;
    wxButton* m_supplement = nullptr;
    wxButton* m_refuse = nullptr;
    wxStaticText* m_deadline = nullptr;
    wxStaticText* m_message = nullptr;
};

}  // namespace motcua::app
