// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Opening the desk's windows as an officer does, for the GUI tests.
#pragma once

#include <wx/modalhook.h>
#include <wx/msgdlg.h>

#include <catch2/catch.hpp>
#include <vector>

#include "detail_dialog.h"
#include "gui_fixture.h"
#include "intake_dialog.h"

namespace motcua::test {

/// Answers every modal dialog the desk shows (the real ones, as they are about to appear) and
/// keeps what each said.
class ModalAnswers : public wxModalDialogHook {
public:
    explicit ModalAnswers(int answer) : m_answer(answer) { Register(); }
    ~ModalAnswers() override { Unregister(); }
    void answer(int id) { m_answer = id; }
    std::vector<wxString> messages;  ///< message boxes: their text; other dialogs: their title

protected:
    int Enter(wxDialog* dialog) override {
        if (auto* box = dynamic_cast<wxMessageDialog*>(dialog))
            messages.push_back(box->GetMessage());
        else
            messages.push_back(dialog->GetTitle());
        return m_answer;
    }
    void Exit(wxDialog*) override {}

private:
    int m_answer;
};

/// Points the desk's database at a sync server (a closed port: the network is down).
inline void setServerUrl(const std::string& dbPath, const std::string& url,
                         const std::string& caFile) {
    SystemClock clock;
    auto s = store::Store::open(dbPath, false, clock);
    s.settings().setDeskConfig({url, caFile, "", {}, {}});
}

/// What a CCCD's QR code holds, as a scanner types it.
inline const char* kCccdQr =
    "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 phố Ngọc Lâm, phường Bồ Đề, Thành phố "
    "Hà Nội|15042021";

/// F2: the intake window, once its procedures are loaded.
inline app::IntakeDialog* openIntake(app::MainFrame* frame) {
    frame->openIntake();
    app::IntakeDialog* dialog = nullptr;
    REQUIRE(pumpUntil([&] {
        dialog = findWindow<app::IntakeDialog>("intakeDialog");
        return dialog && dialog->isReady();
    }));
    return dialog;
}

/// A dossier's detail window, once it shows the dossier.
inline app::DetailDialog* openDetail(app::MainFrame* frame, const std::string& code) {
    frame->openDossier(code);
    app::DetailDialog* detail = nullptr;
    REQUIRE(pumpUntil([&] {
        detail = findWindow<app::DetailDialog>("detailDialog");
        return detail && detail->isLoaded();
    }));
    return detail;
}

}  // namespace motcua::test
