// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The desk in Vietnamese on the whole screen, window by window, for a person to look at:
// scripts/screenshots.sh runs this at 1366x768 and at 1280x720 (hidden from the test run).
#include <gtk/gtk.h>
#include <wx/timer.h>

#include <catch2/catch.hpp>

#include "approval_dialog.h"
#include "day_report_dialog.h"
#include "desk_windows.h"
#include "form_printing.h"
#include "inbox_panel.h"
#include "motcua/crypto/sha256.h"
#include "motcua/files/files.h"
#include "submission_dialog.h"
#include "support/submission_change.h"
#include "settings_dialog.h"
#include "setup_dialog.h"
#include "signing/signing_fixture.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

/// A procedure whose checklist has eight documents, one of them "(nếu có)".
const char* kEightDocuments = R"json({"procedures": [{
  "code": "1.004227", "name": "Đăng ký thường trú", "sector": "Đăng ký, quản lý cư trú", "unit": "Công an cấp xã",
  "time_limit": { "unit": "working_days", "value": 7 },
  "fee": { "kind": "fixed", "amount": 20000, "note": "Lệ phí đăng ký cư trú" },
  "documents": [
    { "name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "form": "original", "count": 1 },
    { "name": "Giấy tờ chứng minh chỗ ở hợp pháp", "form": "copy", "count": 1 },
    { "name": "Văn bản đồng ý cho đăng ký thường trú của chủ hộ", "form": "original", "count": 1 },
    { "name": "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ", "form": "copy", "count": 1 },
    { "name": "Căn cước công dân của người đăng ký", "form": "original_or_copy", "count": 1 },
    { "name": "Giấy chuyển hộ khẩu (nếu có)", "form": "original", "count": 1 },
    { "name": "Hợp đồng thuê, mượn, ở nhờ chỗ ở", "form": "copy", "count": 1 },
    { "name": "Văn bản ủy quyền (nếu có)", "form": "original", "count": 1 }
  ]}]})json";

/// Takes the screen while a modal dialog is up, then answers it "No".
void shootModalThenRefuse(const std::string& path, bool* shot) {
    auto* timer = new wxTimer();
    timer->Bind(wxEVT_TIMER, [timer, path, shot](wxTimerEvent&) {
        *shot = screenshotScreen(path);
        GList* windows = gtk_window_list_toplevels();
        for (GList* w = windows; w; w = w->next)
            if (GTK_IS_DIALOG(w->data) && gtk_widget_get_visible(GTK_WIDGET(w->data)) &&
                gtk_window_get_modal(GTK_WINDOW(w->data)))
                gtk_dialog_response(GTK_DIALOG(w->data), GTK_RESPONSE_NO);
        g_list_free(windows);
        timer->Stop();
        wxTheApp->CallAfter([timer] { delete timer; });
    });
    timer->StartOnce(600);
}

/// Takes the screen while one of the desk's own modal dialogs is up, then cancels it.
void shootDialogThenCancel(const std::string& path, bool* shot) {
    auto* timer = new wxTimer();
    timer->Bind(wxEVT_TIMER, [timer, path, shot](wxTimerEvent&) {
        *shot = screenshotScreen(path);
        for (wxWindow* w : wxTopLevelWindows)
            if (auto* d = dynamic_cast<wxDialog*>(w); d && d->IsModal()) d->EndModal(wxID_CANCEL);
        timer->Stop();
        wxTheApp->CallAfter([timer] { delete timer; });
    });
    timer->StartOnce(600);
}

void press(wxWindow* button) {
    REQUIRE(button);
    wxCommandEvent pressed(wxEVT_BUTTON, button->GetId());
    pressed.SetEventObject(button);
    button->GetEventHandler()->ProcessEvent(pressed);
}

}  // namespace

TEST_CASE("screenshots of every window in Vietnamese on the screen at hand",
          "[.][screenshots-vi]") {
    const char* outEnv = std::getenv("MOTCUA_SCREENSHOT_DIR");
    REQUIRE(outEnv);
    GdkWindow* root = gdk_get_default_root_window();
    const std::string size = std::to_string(gdk_window_get_width(root)) + "x" +
                             std::to_string(gdk_window_get_height(root));
    const std::string out = std::string(outEnv) + "/" + size + "-";
    const SigningFixture& pki = SigningFixture::instance();  // a token with several certificates
    DeskFixture f(400, "vi");
    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        s.catalog().importCatalog(kEightDocuments);
        s.settings().setDeskConfig({"", "", "", {kSoftHsmModule}, {pki.rootPem()}});
    }
    // The sign-in, as the desk shows it before the main window.
    {
        wxArrayString names;
        names.Add(wxString::FromUTF8("lan"));
        names.Add(wxString::FromUTF8("hoa"));
        app::LoginDialog login(nullptr, wxString::FromUTF8("UBND phường Bồ Đề"), names, "lan",
                               true);
        login.Show();
        REQUIRE(screenshotScreen(out + "01-sign-in.png"));
    }
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    REQUIRE(pumpUntil([&] { return frame->list()->GetItemCount() == 400; }));
    REQUIRE(screenshotScreen(out + "02-main.png"));

    app::IntakeDialog* intake = openIntake(frame);
    intake->procedureSearch()->SetValue("1.004227");
    wxCommandEvent pick(wxEVT_LISTBOX, intake->procedureList()->GetId());
    pick.SetInt(0);
    intake->procedureList()->GetEventHandler()->ProcessEvent(pick);
    REQUIRE(intake->applyScan(wxString::FromUTF8(kCccdQr)));
    REQUIRE(screenshotScreen(out + "03-intake-after-scan.png"));
    // Its confirmation before a half-typed intake is thrown away.
    bool shot = false;
    shootModalThenRefuse(out + "04-confirm-discard-intake.png", &shot);
    intake->Close();
    REQUIRE(pumpUntil([&] { return shot; }));
    intake->Destroy();

    const auto& rows = frame->list()->rows();
    const auto open = std::find_if(rows.begin(), rows.end(), [](const Dossier& d) {
        return d.status == DossierStatus::InProgress;
    });
    REQUIRE(open != rows.end());
    const std::string openCode = open->code;  // the rows change when the list reloads
    app::DetailDialog* detail = openDetail(frame, openCode);
    REQUIRE(screenshotScreen(out + "05-detail.png"));
    detail->askReason = [](DossierAction) {
        return std::optional<std::string>("Công dân xin rút hồ sơ");
    };
    shot = false;
    shootModalThenRefuse(out + "06-confirm-withdraw.png", &shot);
    wxWindow* withdraw = wxWindow::FindWindowByName("action-withdraw", detail);
    REQUIRE(withdraw);
    wxCommandEvent pressed(wxEVT_BUTTON, withdraw->GetId());
    pressed.SetEventObject(withdraw);
    withdraw->GetEventHandler()->ProcessEvent(pressed);
    REQUIRE(pumpUntil([&] { return shot; }));
    // Its other questions: a postponement's new date, the applicant's details, which certificate
    // signs.
    shot = false;
    shootDialogThenCancel(out + "10-postpone-date.png", &shot);
    press(wxWindow::FindWindowByName("action-postpone", detail));
    REQUIRE(pumpUntil([&] { return shot; }));
    shot = false;
    shootDialogThenCancel(out + "11-edit-applicant.png", &shot);
    press(wxWindow::FindWindowByName("editApplicant", detail));
    REQUIRE(pumpUntil([&] { return shot; }));
    f.desk->context().tokens->setPollInterval(200ms);
    REQUIRE(pumpUntil(
        [&] {
            const auto tokens = f.desk->context().tokens->snapshot().tokens;
            return std::any_of(tokens.begin(), tokens.end(),
                               [](const auto& t) { return t.certificates.size() > 1; });
        },
        20s));
    shot = false;
    shootDialogThenCancel(out + "12-choose-certificate.png", &shot);
    press(wxWindow::FindWindowByName("signForm", detail));
    REQUIRE(pumpUntil([&] { return shot; }));
    detail->Destroy();

    // The main window's own questions: the register's period, a new password.
    shot = false;
    shootDialogThenCancel(out + "13-register-period.png", &shot);
    frame->askRegisterPeriod();
    REQUIRE(shot);
    shot = false;
    shootDialogThenCancel(out + "14-change-password.png", &shot);
    frame->changePassword();
    REQUIRE(shot);
    app::DayReportDialog* report = frame->openDayReport();
    REQUIRE(pumpUntil([&] { return report->summaryText().Contains(":"); }));
    REQUIRE(screenshotScreen(out + "15-day-report.png"));
    report->Destroy();

    // The online inbox, and a submission's window with its scan previewed.
    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        const auto form = documents::formContext(s.dossiers().record(openCode), f.clock.localNow());
        const std::string scan = documents::renderForm(documents::FormKind::Receipt, form,
                                                       std::string(MOTCUA_RESOURCE_DIR) + "/forms");
        const std::string sha = crypto::Sha256::hexOf(scan);
        files::putByHash(s.blobDir(), sha, f.dir.write("scan.pdf", scan));
        const LocalDateTime now = f.clock.localNow();
        std::vector<store::RemoteChange> changes;
        const char* names[] = {"Trần Thị Thu Hà", "Nguyễn Đức Minh", "Lê Văn Hùng"};
        for (int i = 0; i < 3; ++i) {
            SubmissionSpec spec;
            spec.seq = 9000 + i;
            spec.code = "000.00.15.H30-" + formatIsoDate(now.date()).substr(2, 2) +
                        formatIsoDate(now.date()).substr(5, 2) +
                        formatIsoDate(now.date()).substr(8, 2) + "-000" + std::to_string(i + 1);
            spec.portalRef = "DVCQG-2026-10" + std::to_string(i);
            spec.applicant = names[i];
            spec.procedure = i == 1 ? "1.001193" : "1.004873";
            const auto hoursFromNow = [](int h) {
                return formatIsoDateTime(
                    toLocal(std::chrono::system_clock::now() + std::chrono::hours(h)));
            };
            spec.submittedAt = hoursFromNow(-20 + 6 * i);
            spec.decideBy = hoursFromNow(-1 + 25 * i);
            spec.files = {sha};
            auto change = submissionChange(spec);
            auto payload = nlohmann::json::parse(change.payload);
            payload["documents"][0]["name"] = i == 1
                                                  ? "Tờ khai đăng ký khai sinh"
                                                  : "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân";
            payload["attachments"][0]["file_name"] = "to-khai.pdf";
            change.payload = payload.dump();
            changes.push_back(change);
        }
        s.pull().apply(changes, std::nullopt);
    }
    frame->reload();
    frame->showInbox(true);
    REQUIRE(pumpUntil([&] { return frame->inbox()->list()->GetItemCount() == 3; }));
    REQUIRE(screenshotScreen(out + "16-online-inbox.png"));
    {
        app::SubmissionDialog* submission =
            frame->openSubmission(frame->inbox()->list()->rows()[0].dossier.code);
        bool previewed = false;
        submission->onPreviewShown = [&](const wxBitmap& b) { previewed = b.IsOk(); };
        REQUIRE(pumpUntil([&] { return submission->isLoaded() && previewed; }));
        REQUIRE(screenshotScreen(out + "17-submission.png"));
        submission->Destroy();
    }
    frame->showInbox(false);

    app::ApprovalDialog* approvals = frame->openApprovals();
    REQUIRE(approvals);
    REQUIRE(pumpUntil([&] { return approvals->rowCount() > 0; }));
    REQUIRE(screenshotScreen(out + "07-approvals.png"));
    approvals->Destroy();

    app::SettingsDialog* settings = frame->openSettings();
    REQUIRE(settings);
    pumpFor(500ms);
    REQUIRE(screenshotScreen(out + "08-settings.png"));
    settings->Destroy();

    {
        auto s = store::Store::open(f.dbPath, false, f.clock);
        const auto form = documents::formContext(s.dossiers().record(openCode), f.clock.localNow());
        app::previewPdf(frame,
                        documents::renderForm(documents::FormKind::Receipt, form,
                                              std::string(MOTCUA_RESOURCE_DIR) + "/forms"),
                        wxString::FromUTF8(openCode));
    }
    REQUIRE(pumpUntil([&] { return wxWindow::FindWindowByName("printPreview") != nullptr; }));
    REQUIRE(screenshotScreen(out + "09-print-preview.png"));
    wxWindow::FindWindowByName("printPreview")->Destroy();
    pumpFor(100ms);
}
