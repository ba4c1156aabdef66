// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/checkbox.h>
#include <wx/checklst.h>
#include <wx/choice.h>
#include <wx/listbox.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app_context.h"
#include "motcua/core/procedure.h"
#include "motcua/core/work_calendar.h"
#include "ui_build.h"

namespace motcua::app {

/// Taking a dossier at the desk, keyboard first: procedure by type-ahead, applicant from a CCCD
/// QR scan or typed with live validation, the checklist from the procedure, fees and the
/// appointment time live. Save commits, prints the receipt and clears for the next citizen.
class IntakeDialog : public DeskWindow {
public:
    IntakeDialog(wxWindow* parent, AppContext& context);

    std::function<void(const std::string& code)> onSaved;

    // Tests drive the real widgets; these name them.
    wxTextCtrl* procedureSearch() { return m_procSearch; }
    wxListBox* procedureList() { return m_procList; }
    wxTextCtrl* idField() { return m_id; }
    wxTextCtrl* nameField() { return m_name; }
    wxCheckBox* confirmBox() { return m_confirm; }
    /// Fills the applicant from the text a QR scanner typed; false if it is not a CCCD QR.
    bool applyScan(const wxString& text);
    void save();
    bool isReady() const { return m_ready; }
    /// Something typed, chosen or attached for a citizen that a save has not kept.
    bool isHalfTyped() const;
    const std::string& lastSavedCode() const { return m_lastCode; }

private:
    void buildUi();
    void filterProcedures();
    void selectProcedure(int index);
    void updateLive();
    std::optional<Applicant> applicantFromFields(wxString* problem) const;
    void clearForNextCitizen();
    void addAttachment(const wxString& path);
    void onFieldEnter(wxCommandEvent& event);

    AppContext& m_context;
    std::vector<Procedure> m_procedures;
    std::vector<int> m_shown;  ///< indices into m_procedures the list shows
    std::optional<Procedure> m_procedure;
    WorkCalendar m_calendar;
    bool m_ready = false;
    std::string m_lastCode;

    wxTextCtrl* m_procSearch = nullptr;
    wxListBox* m_procList = nullptr;
    wxStaticText* m_procChosen = nullptr;
    wxTextCtrl* m_id = nullptr;
    wxStaticText* m_idCheck = nullptr;
    wxTextCtrl* m_name = nullptr;
    wxTextCtrl* m_dob = nullptr;
    wxChoice* m_gender = nullptr;
    wxTextCtrl* m_address = nullptr;
    wxTextCtrl* m_phone = nullptr;
    wxTextCtrl* m_email = nullptr;
    wxCheckBox* m_confirm = nullptr;
    wxCheckListBox* m_documents = nullptr;
    wxSpinCtrl* m_copies = nullptr;
    wxSpinCtrl* m_pages = nullptr;
    wxChoice* m_return = nullptr;
    wxChoice* m_came = nullptr;  ///< at the counter or by post
    wxListBox* m_attachments = nullptr;
    wxStaticText* m_fee = nullptr;
    wxStaticText* m_due = nullptr;
    wxStaticText* m_message = nullptr;
    wxButton* m_save = nullptr;
};

}  // namespace motcua::app
