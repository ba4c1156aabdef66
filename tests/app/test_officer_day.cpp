// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// An officer's day under Xvfb, where one stray key or a scan in the wrong box used to cost a
// citizen: scans land where they belong, final steps ask first, a half-typed intake is not
// thrown away, and a supervisor approves only by signing.
#include <wx/modalhook.h>
#include <wx/msgdlg.h>
#include <wx/statusbr.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/listctrl.h>
#include <wx/textdlg.h>

#include <catch2/catch.hpp>

#include "approval_dialog.h"
#include "detail_dialog.h"
#include "desk_windows.h"
#include "gui_fixture.h"
#include "intake_dialog.h"
#include "signing/pdf_samples.h"
#include "signing/signing_fixture.h"
#include "support/intake_request.h"
#include "ui_text.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

/// Sends Enter to a text field as a scanner's last key does.
void pressEnter(wxTextCtrl* field) {
    wxCommandEvent enter(wxEVT_TEXT_ENTER, field->GetId());
    enter.SetEventObject(field);
    field->GetEventHandler()->ProcessEvent(enter);
}

/// Presses Esc in a dialog, through the same char hook a key press reaches.
void pressEscape(wxWindow* window) {
    wxKeyEvent esc(wxEVT_CHAR_HOOK);
    esc.m_keyCode = WXK_ESCAPE;
    esc.SetEventObject(window);
    window->GetEventHandler()->ProcessEvent(esc);
}

void click(wxWindow* button) {
    REQUIRE(button);
    wxCommandEvent pressed(wxEVT_BUTTON, button->GetId());
    pressed.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(pressed);
}

std::string takeDossier(const DeskFixture& f) {
    SystemClock clock;
    auto s = store::Store::open(f.dbPath, false, clock);
    return s.dossiers().intake(intakeRequest("2.000815", applicantNamed("Lê Thị Hoa"))).code;
}

DossierStatus statusOf(const DeskFixture& f, const std::string& code) {
    f.desk->context().worker->drain();
    SystemClock clock;
    auto s = store::Store::open(f.dbPath, false, clock);
    return s.dossiers().findByCode(code)->status;
}

}  // namespace

TEST_CASE("a CCCD scanned into the procedure box fills the applicant, not the search",
          "[gui][intake]") {
    DeskFixture f(0);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::IntakeDialog* dialog = openIntake(frame);
    const unsigned all = dialog->procedureList()->GetCount();
    REQUIRE(all > 1);
    // F2 leaves the cursor in the procedure box: the scanner types there and presses Enter.
    dialog->procedureSearch()->SetValue(wxString::FromUTF8(kCccdQr));
    pressEnter(dialog->procedureSearch());
    CHECK(dialog->idField()->GetValue() == "001099012345");
    CHECK(dialog->nameField()->GetValue() == wxString::FromUTF8("NGUYỄN VĂN ĐỨC"));
    CHECK(dialog->confirmBox()->IsEnabled());
    CHECK(dialog->procedureSearch()->GetValue().empty());  // the search is as it was
    CHECK(dialog->procedureList()->GetCount() == all);
    dialog->Destroy();
}

TEST_CASE("Esc on a half-typed intake asks before anything is thrown away", "[gui][intake]") {
    DeskFixture f(0);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    ModalAnswers answers(wxID_NO);
    app::IntakeDialog* dialog = openIntake(frame);
    // Nothing typed: Esc closes at once, without a question.
    pressEscape(dialog);
    REQUIRE(pumpUntil([&] { return !findWindow<app::IntakeDialog>("intakeDialog"); }));
    CHECK(answers.messages.empty());

    dialog = openIntake(frame);
    dialog->nameField()->SetValue(wxString::FromUTF8("Trần Văn Bình"));
    CHECK(dialog->isHalfTyped());
    pressEscape(dialog);  // "Go back": the intake stays, as typed
    pumpFor(200ms);
    REQUIRE(answers.messages.size() == 1);
    CHECK_FALSE(answers.messages[0].empty());
    REQUIRE(findWindow<app::IntakeDialog>("intakeDialog") == dialog);
    CHECK(dialog->nameField()->GetValue() == wxString::FromUTF8("Trần Văn Bình"));
    click(wxWindow::FindWindowByName("close", dialog));  // the Close button asks the same
    pumpFor(200ms);
    CHECK(answers.messages.size() == 2);
    REQUIRE(findWindow<app::IntakeDialog>("intakeDialog") == dialog);
    answers.answer(wxID_YES);  // discard
    pressEscape(dialog);
    REQUIRE(pumpUntil([&] { return !findWindow<app::IntakeDialog>("intakeDialog"); }));
    CHECK(answers.messages.size() == 3);
}

TEST_CASE("a withdrawal asks first, naming what will happen, and going back changes nothing",
          "[gui][detail]") {
    DeskFixture f(0);
    const std::string code = takeDossier(f);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    ModalAnswers answers(wxID_OK);  // the reason box
    app::DetailDialog* detail = openDetail(frame, code);
    // The focus starts on the record, never on an action.
    wxWindow* focus = wxWindow::FindFocus();
    CHECK_FALSE((focus && focus->GetName().StartsWith("action-")));

    // The reason box is answered OK (empty): the action needs a reason and does nothing.
    click(wxWindow::FindWindowByName("action-withdraw", detail));
    pumpFor(200ms);
    CHECK(statusOf(f, code) == DossierStatus::Received);

    // A forward is not final, but the desk cannot take it back: it asks too, and "Go back"
    // leaves the dossier where it was.
    answers.messages.clear();
    answers.answer(wxID_NO);
    click(wxWindow::FindWindowByName("action-forward", detail));
    pumpFor(200ms);
    REQUIRE(answers.messages.size() == 1);
    CHECK(answers.messages[0].Contains(wxString::FromUTF8(code)));
    CHECK(statusOf(f, code) == DossierStatus::Received);
    answers.answer(wxID_YES);
    click(wxWindow::FindWindowByName("action-forward", detail));
    REQUIRE(pumpUntil([&] { return statusOf(f, code) == DossierStatus::InProgress; }));
    CHECK(answers.messages.size() == 2);
    REQUIRE(pumpUntil(
        [&] { return wxWindow::FindWindowByName("action-withdraw", detail) != nullptr; }));

    // Withdraw with a reason given programmatically, confirmation answered "Go back".
    answers.answer(wxID_NO);
    detail->askReason = [](DossierAction) {
        return std::optional<std::string>("Công dân xin rút");
    };
    click(wxWindow::FindWindowByName("action-withdraw", detail));
    pumpFor(300ms);
    REQUIRE(answers.messages.size() == 3);
    CHECK(answers.messages[2].Contains(wxString::FromUTF8(code)));
    CHECK(statusOf(f, code) == DossierStatus::InProgress);
    // Confirmed: withdrawn.
    answers.answer(wxID_YES);
    click(wxWindow::FindWindowByName("action-withdraw", detail));
    REQUIRE(pumpUntil([&] { return statusOf(f, code) == DossierStatus::Withdrawn; }));
    CHECK(answers.messages.size() == 4);
    pressEscape(detail);  // Esc closes the detail window
    REQUIRE(pumpUntil([&] { return !findWindow<app::DetailDialog>("detailDialog"); }));
}

TEST_CASE(
    "a dossier submitted in the detail window carries its draft and is approved by signing in F7, "
    "and the detail window has no plain approve",
    "[gui][approvals]") {
    const SigningFixture& pki = SigningFixture::instance();
    DeskFixture f(0, "en");
    const std::string code = takeDossier(f);
    {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        s.settings().setDeskConfig({"", "", "", {kSoftHsmModule}, {pki.rootPem()}});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    f.desk->context().tokens->setPollInterval(200ms);
    app::DetailDialog* detail = openDetail(frame, code);
    {
        ModalAnswers answers(wxID_YES);  // "Forward it?"
        click(wxWindow::FindWindowByName("action-forward", detail));
        REQUIRE(pumpUntil([&] {
            return wxWindow::FindWindowByName("action-submit-for-approval", detail) != nullptr;
        }));
        CHECK(answers.messages.size() == 1);
    }

    // Without a draft nothing is submitted.
    detail->chooseDraft = [] { return std::optional<std::string>(); };
    click(wxWindow::FindWindowByName("action-submit-for-approval", detail));
    pumpFor(200ms);
    CHECK(statusOf(f, code) == DossierStatus::InProgress);
    const std::string draft = f.dir.write("draft.pdf", makeClassicPdf(false));
    detail->chooseDraft = [&] { return std::optional<std::string>(draft); };
    click(wxWindow::FindWindowByName("action-submit-for-approval", detail));
    REQUIRE(pumpUntil([&] { return statusOf(f, code) == DossierStatus::AwaitingApproval; }));
    // Awaiting approval, the detail window offers no approve: only signing approves.
    REQUIRE(pumpUntil(
        [&] { return wxWindow::FindWindowByName("action-send-back", detail) != nullptr; }));
    const auto offered = detail->offeredActions();
    CHECK(std::find(offered.begin(), offered.end(), DossierAction::Approve) == offered.end());
    CHECK_FALSE(wxWindow::FindWindowByName("action-approve", detail));
    detail->Destroy();

    app::ApprovalDialog* inbox = frame->openApprovals();
    REQUIRE(inbox);
    REQUIRE(pumpUntil([&] { return inbox->rowCount() == 1; }));
    // The row says what the supervisor decides on: procedure, due time, who submitted, how long
    // ago.
    auto* list = dynamic_cast<wxListCtrl*>(wxWindow::FindWindowByName("approvalList", inbox));
    REQUIRE(list);
    CHECK(list->GetItemText(0, 2).Contains(wxString::FromUTF8("Chứng thực")));
    CHECK(list->GetItemText(0, 4) == wxString::FromUTF8("Nguyễn Thị Lan"));
    CHECK_FALSE(list->GetItemText(0, 5).empty());
    REQUIRE(pumpUntil([&] { return inbox->chooseCertificate(kRsaId); }));
    inbox->select({code});
    inbox->askPin = [](const app::PinRequest&) -> std::optional<std::string> {
        return std::string(kPin);
    };
    std::optional<app::BatchOutcome> outcome;
    inbox->onBatchDone = [&](const app::BatchOutcome& o) { outcome = o; };
    inbox->approveSelected();
    REQUIRE(pumpUntil([&] { return outcome.has_value(); }, 60s));
    INFO(outcome->error);
    CHECK(outcome->done == 1);
    CHECK(statusOf(f, code) == DossierStatus::Approved);
    SystemClock clock;
    auto s = store::Store::open(f.dbPath, false, clock);
    const auto results = s.blobs().results(code);
    REQUIRE_FALSE(results.empty());
    CHECK(results.front().isSigned);
    inbox->Destroy();
}

TEST_CASE("a phone number with letters is refused at save, and nothing is stored",
          "[gui][intake]") {
    DeskFixture f(0);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::IntakeDialog* dialog = openIntake(frame);
    dialog->procedureSearch()->SetValue("2.000815");
    pressEnter(dialog->procedureSearch());
    dialog->nameField()->SetValue(wxString::FromUTF8("Trần Văn Bình"));
    auto* phone = dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("phone", dialog));
    REQUIRE(phone);
    phone->SetValue("09x3 abc");
    dialog->save();
    pumpFor(300ms);
    CHECK(dialog->lastSavedCode().empty());
    auto* message = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("message", dialog));
    REQUIRE(message);
    CHECK_FALSE(message->GetLabel().empty());
    phone->SetValue("0912 345 678");
    CHECK(message->GetLabel().empty());  // corrected: the refusal does not stay
    dialog->save();
    REQUIRE(pumpUntil([&] { return !dialog->lastSavedCode().empty(); }));
    f.desk->context().worker->drain();
    auto s = store::Store::open(f.dbPath, false, f.clock);
    CHECK(s.dossiers().findByCode(dialog->lastSavedCode())->applicant.phone == "0912 345 678");
    dialog->Destroy();
}

TEST_CASE("returning a result records who received it, after asking first", "[gui][detail]") {
    DeskFixture f(0);
    const std::string code = takeDossier(f);
    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        s.dossiers().act(code, {DossierAction::Forward, "", std::nullopt, ""});
        s.dossiers().act(code, {DossierAction::SubmitForApproval, "", std::nullopt,
                                f.dir.write("draft.pdf", makeClassicPdf(false))});
        s.dossiers().act(code, {DossierAction::Approve, "", std::nullopt,
                                f.dir.write("signed.pdf", makeClassicPdf(false))});
        s.dossiers().act(code, {DossierAction::ResultReady, "", std::nullopt, ""});
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    ModalAnswers answers(wxID_YES);
    app::DetailDialog* detail = openDetail(frame, code);
    std::optional<std::string> receiver;  // nothing: the officer cancelled the question
    detail->askReason = [&](DossierAction action) {
        CHECK(action == DossierAction::ReturnResult);
        return receiver;
    };
    click(wxWindow::FindWindowByName("action-return-result", detail));
    pumpFor(200ms);
    CHECK(answers.messages.empty());  // cancelled before the confirmation
    CHECK(statusOf(f, code) == DossierStatus::ResultReady);
    receiver = "Lê Văn Nam, 001099054321 (được ủy quyền)";
    click(wxWindow::FindWindowByName("action-return-result", detail));
    REQUIRE(pumpUntil([&] { return statusOf(f, code) == DossierStatus::Returned; }));
    CHECK(answers.messages.size() == 1);
    auto s = store::Store::open(f.dbPath, false, f.clock);
    const auto history = s.dossiers().history(code);
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().reason == *receiver);
    detail->Destroy();
}

TEST_CASE(
    "the applicant's details are corrected from the detail window, and a finished dossier's are "
    "not",
    "[gui][detail]") {
    DeskFixture f(0);
    const std::string code = takeDossier(f);
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::DetailDialog* detail = openDetail(frame, code);
    wxWindow* edit = wxWindow::FindWindowByName("editApplicant", detail);
    REQUIRE(edit);
    REQUIRE(pumpUntil([&] { return edit->IsEnabled(); }));
    detail->askApplicant = [](const Applicant& current) {
        CHECK(current.fullName == "Lê Thị Hoa");
        Applicant a = current;
        a.fullName = "Lê Thị Hòa";
        a.phone = "0912345678";
        return std::optional<Applicant>(a);
    };
    click(edit);
    f.desk->context().worker->drain();
    REQUIRE(pumpUntil([&] {
        SystemClock clock;
        auto s = store::Store::open(f.dbPath, false, clock);
        return s.dossiers().findByCode(code)->applicant.phone == "0912345678";
    }));
    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        CHECK(s.dossiers().findByCode(code)->applicant.fullName == "Lê Thị Hòa");
        s.dossiers().act(code, {DossierAction::Withdraw, "Công dân xin rút", std::nullopt, ""});
    }
    detail->Destroy();
    REQUIRE(pumpUntil([&] { return !findWindow<app::DetailDialog>("detailDialog"); }));
    detail = openDetail(frame, code);
    edit = wxWindow::FindWindowByName("editApplicant", detail);
    REQUIRE(edit);
    CHECK_FALSE(edit->IsEnabled());
    detail->Destroy();
}

namespace {

/// Answers the window named `name` with `answer` (which may fill its fields first) each time
/// it is about to show; any other window is cancelled. Counts the times it was asked.
class DialogAnswers : public wxModalDialogHook {
public:
    DialogAnswers(const char* name, std::function<int(wxDialog*)> answer)
        : m_name(name), m_answer(std::move(answer)) {
        Register();
    }
    ~DialogAnswers() override { Unregister(); }
    int asked = 0;

protected:
    int Enter(wxDialog* dialog) override {
        if (dialog->GetName() != m_name) return wxID_CANCEL;
        ++asked;
        return m_answer(dialog);
    }
    void Exit(wxDialog*) override {}

private:
    wxString m_name;
    std::function<int(wxDialog*)> m_answer;
};

void typeInto(wxDialog* dialog, const char* field, const std::string& text) {
    auto* control = wxWindow::FindWindowByName(field, dialog);
    REQUIRE(control);
    if (auto* combo = dynamic_cast<wxComboBox*>(control))
        combo->SetValue(wxString::FromUTF8(text));
    else
        dynamic_cast<wxTextCtrl*>(control)->SetValue(wxString::FromUTF8(text));
}

/// Local accounts (name, password) on the fixture's ward.
void addLocalAccounts(DeskFixture& f,
                      std::initializer_list<std::pair<const char*, const char*>> accounts) {
    auto s = store::Store::open(f.dbPath, false, f.clock);
    for (const auto& [name, password] : accounts) s.accounts().add(name, password);
}

/// Answers the sign-in window as a person would: types the name and the next of `passwords`
/// and presses OK; Cancel when none is left.
struct SignInAnswers : DialogAnswers {
    SignInAnswers(std::string officer, std::vector<std::string> passwords)
        : DialogAnswers("loginDialog", [officer, passwords](wxDialog* d) mutable {
              if (passwords.empty()) return int(wxID_CANCEL);
              typeInto(d, "officer", officer);
              typeInto(d, "password", passwords.front());
              passwords.erase(passwords.begin());
              return int(wxID_OK);
          }) {}
};

}  // namespace

TEST_CASE("an officer signs out and another signs in without restarting the desk",
          "[gui][signin]") {
    DeskFixture f(0);
    addLocalAccounts(f, {{"Nguyễn Thị Lan", "mat-khau-lan"}, {"Trần Văn Bình", "mat-khau-binh"}});
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    // A half-typed intake refuses to close (its officer says go back): nobody is signed out.
    app::IntakeDialog* intake = openIntake(frame);
    intake->nameField()->SetValue(wxString::FromUTF8("Công dân đang chờ"));
    {
        ModalAnswers keep(wxID_NO);
        CHECK_FALSE(frame->signOut());
        CHECK(keep.messages.size() == 1);
    }
    CHECK(findWindow<app::IntakeDialog>("intakeDialog") == intake);
    intake->nameField()->SetValue("");

    // A wrong password first, then the right one: the sign-in asks again, then lets Bình in.
    SignInAnswers answers("Trần Văn Bình", {"sai-mat-khau", "mat-khau-binh"});
    REQUIRE(frame->signOut());
    CHECK(answers.asked == 2);
    CHECK(pumpUntil([&] { return !findWindow<app::IntakeDialog>("intakeDialog"); }));
    CHECK(frame->IsShown());
    CHECK(f.desk->context().ward.officerName == "Trần Văn Bình");
    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        CHECK(s.settings().ward().officerName == "Trần Văn Bình");
    }
}

TEST_CASE("signing out with nobody signing in quits the desk", "[gui][signin]") {
    DeskFixture f(0);
    addLocalAccounts(f, {{"Nguyễn Thị Lan", "mat-khau-lan"}});
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    SignInAnswers nobody("", {});
    CHECK_FALSE(frame->signOut());
    CHECK(nobody.asked == 1);
    REQUIRE(pumpUntil([&] { return !findWindow<app::MainFrame>("mainFrame"); }));
    CHECK(pumpUntil([&] { return f.desk->frame() == nullptr; }));  // gone, not dangling
}

namespace {

/// Types the current and the new password into the password window and presses OK.
struct PasswordAnswers : DialogAnswers {
    PasswordAnswers(std::string current, std::string next)
        : DialogAnswers("passwordDialog", [current, next](wxDialog* d) {
              typeInto(d, "currentPassword", current);
              typeInto(d, "newPassword", next);
              typeInto(d, "newPasswordAgain", next);
              return int(wxID_OK);
          }) {}
};

}  // namespace

TEST_CASE("an officer changes their local account's password from the desk", "[gui][signin]") {
    DeskFixture f(0);
    addLocalAccounts(f, {{"Nguyễn Thị Lan", "mat-khau-lan"}});
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    auto status = [&] { return frame->GetStatusBar()->GetStatusText(0); };
    {
        PasswordAnswers wrong("khong-dung", "mat-khau-moi");
        frame->changePassword();
    }
    f.desk->context().worker->drain();
    REQUIRE(pumpUntil([&] { return status().Contains(wxString::FromUTF8("không đúng")); }));
    {
        PasswordAnswers right("mat-khau-lan", "mat-khau-moi");
        frame->changePassword();
    }
    f.desk->context().worker->drain();
    REQUIRE(pumpUntil([&] { return status() == wxString::FromUTF8("Đã đổi mật khẩu."); }));
    auto s = store::Store::open(f.dbPath, false, f.clock);
    CHECK_FALSE(s.accounts().signIn("Nguyễn Thị Lan", "mat-khau-lan"));
    CHECK(s.accounts().signIn("Nguyễn Thị Lan", "mat-khau-moi"));
}

TEST_CASE("the CCCD line says at once when the gender does not match the number", "[gui][intake]") {
    DeskFixture f(0, "en");
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    app::IntakeDialog* dialog = openIntake(frame);
    auto* check = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("idCheck", dialog));
    auto* gender = dynamic_cast<wxChoice*>(wxWindow::FindWindowByName("gender", dialog));
    REQUIRE(check);
    REQUIRE(gender);
    dialog->idField()->SetValue("001099012345");  // digit 4 is 0: a man born in the 1900s
    CHECK(check->GetLabel().StartsWith("Valid"));
    gender->SetSelection(1);  // female
    wxCommandEvent chosen(wxEVT_CHOICE, gender->GetId());
    gender->GetEventHandler()->ProcessEvent(chosen);
    CHECK_FALSE(check->GetLabel().StartsWith("Valid"));
    CHECK(check->GetLabel().Contains("gender"));
    dialog->Destroy();
}

TEST_CASE("question windows say OK and Cancel in Vietnamese, not GTK's own words", "[gui][i18n]") {
    DeskFixture f(0, "vi");
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    wxTextEntryDialog ask(frame, "?", "?");
    app::finishLayout(&ask);
    auto* ok = dynamic_cast<wxButton*>(ask.FindWindow(wxID_OK));
    auto* cancel = dynamic_cast<wxButton*>(ask.FindWindow(wxID_CANCEL));
    REQUIRE(ok);
    REQUIRE(cancel);
    CHECK(ok->GetLabel() == wxString::FromUTF8("Đồng ý"));
    CHECK(cancel->GetLabel() == wxString::FromUTF8("Hủy"));
}
