// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The online inbox under Xvfb: submissions pulled from the city server fill it, earliest
// decision deadline first and the late ones marked; a submission's window shows the
// procedure's documents beside those submitted and previews each file (PDF pages, PNG); the
// officer accepts one offline, its receipt made and queued with the decision, or sends one back
// a second time only after a warning.
#include <wx/mstream.h>
#include <wx/notebook.h>
#include <wx/statusbr.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "desk_windows.h"
#include "gui_fixture.h"
#include "inbox_panel.h"
#include "motcua/crypto/sha256.h"
#include "motcua/files/files.h"
#include "signing/pdf_samples.h"
#include "submission_dialog.h"
#include "support/run_tool.h"
#include "support/submission_change.h"

using namespace motcua;
using namespace motcua::test;
using namespace std::chrono_literals;

namespace {

/// Puts `bytes` into the desk's blob folder as the sync engine would after fetching them.
std::string putBlob(DeskFixture& f, const std::string& bytes) {
    const std::string sha = crypto::Sha256::hexOf(bytes);
    const std::string temp = f.dir.write("fetched-" + sha.substr(0, 8), bytes);
    const std::string blobs = f.dir.file("blobs");  // Store::blobDir(): beside ward.db
    std::filesystem::create_directories(blobs);
    files::putByHash(blobs, sha, temp);
    return sha;
}

std::string pngBytes(int width, int height) {
    wxImage image(width, height);
    image.SetRGB(wxRect(0, 0, width, height), 30, 110, 200);
    wxMemoryOutputStream out;
    REQUIRE(image.SaveFile(out, wxBITMAP_TYPE_PNG));
    std::string bytes(out.GetLength(), '\0');
    out.CopyTo(bytes.data(), bytes.size());
    return bytes;
}

/// Applies pulled changes to the desk's own database, as a sync pass does, on the worker.
void pull(DeskFixture& f, std::vector<store::RemoteChange> changes) {
    bool done = false;
    f.desk->context().worker->run<int>(
        f.desk->frame(),
        [changes](store::Store& s) {
            s.pull().apply(changes, std::nullopt);
            return 0;
        },
        [&](int) { done = true; }, [&](std::exception_ptr) { done = true; });
    REQUIRE(pumpUntil([&] { return done; }));
}

/// In the future, as the server would have set it (ISO with the +07:00 offset).
std::string inDays(const DeskFixture& f, int days) {
    const LocalDateTime t = f.clock.localNow();
    return formatIsoDateTime(LocalDateTime::at(Date{t.day + std::chrono::days{days}}, 10, 0));
}

app::SubmissionDialog* openSubmission(app::MainFrame* frame, const std::string& code) {
    frame->openSubmission(code);
    app::SubmissionDialog* dialog = nullptr;
    REQUIRE(pumpUntil([&] {
        dialog = findWindow<app::SubmissionDialog>("submissionDialog");
        return dialog && dialog->isLoaded();
    }));
    return dialog;
}

}  // namespace

TEST_CASE("pulled submissions fill the inbox, and one is previewed and accepted offline",
          "[app][online]") {
    DeskFixture f(0, "en");
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    const std::string pdfSha = putBlob(f, makeClassicPdf(false));
    const std::string pngSha = putBlob(f, pngBytes(900, 1200));

    SubmissionSpec late;  // its deadline passed in March
    late.code = "000.00.15.H30-260310-0001";
    late.portalRef = "DVCQG-1";
    late.applicant = "Phạm Thị Mai";
    late.files = {pdfSha, pngSha};
    SubmissionSpec soon;
    soon.seq = 2;
    soon.code = "000.00.15.H30-261130-0002";
    soon.portalRef = "DVCQG-2";
    soon.applicant = "Lê Văn Hùng";
    soon.decideBy = inDays(f, 3);
    soon.files = {pdfSha};
    pull(f, {submissionChange(late), submissionChange(soon)});

    frame->reload();
    app::InboxList* inbox = frame->inbox()->list();
    REQUIRE(pumpUntil([&] { return inbox->GetItemCount() == 2; }));
    // Earliest deadline first; the late one is red and says so.
    CHECK(inbox->rows()[0].dossier.code == late.code);
    CHECK(inbox->rows()[0].overdue);
    CHECK(inbox->GetItemText(0, app::InboxList::TimeLeft).Lower().Contains("overdue"));
    CHECK_FALSE(inbox->rows()[1].overdue);
    CHECK(inbox->GetItemText(1, app::InboxList::Channel) == "Online");
    auto* pages = dynamic_cast<wxNotebook*>(wxWindow::FindWindowByName("pages", frame));
    REQUIRE(pages);
    CHECK(pages->GetPageText(1).Contains("(2)"));
    CHECK(frame->GetStatusBar()->GetStatusText(2).Contains("2 (1 past deadline)"));
    // Not dossiers of the ward yet: nothing received today, nothing in the register.
    auto* receivedToday =
        dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("receivedToday", frame));
    REQUIRE(receivedToday);
    CHECK(receivedToday->GetLabel() == "0");

    // The window: the procedure's list beside what came, each file previewed.
    std::vector<wxBitmap> shown;
    app::SubmissionDialog* dialog = openSubmission(frame, late.code);
    dialog->onPreviewShown = [&](const wxBitmap& b) { shown.push_back(b); };
    auto* required =
        dynamic_cast<wxListCtrl*>(wxWindow::FindWindowByName("requiredDocuments", dialog));
    REQUIRE(required);
    CHECK(required->GetItemCount() >= 2);
    // What the spec's documents are named matches nothing of the procedure's own list.
    CHECK_FALSE(dialog->missingDocuments().empty());
    dialog->preview(0);
    REQUIRE(pumpUntil([&] { return !shown.empty(); }));
    REQUIRE(shown.back().IsOk());  // page 1 of the PDF
    CHECK(shown.back().GetWidth() > 300);
    auto* pageLabel = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("pageLabel", dialog));
    REQUIRE(pageLabel);
    CHECK(pageLabel->GetLabel() == "Page 1 of 2");
    dialog->preview(0, 2);
    REQUIRE(pumpUntil([&] { return shown.size() >= 2; }));
    CHECK(shown.back().IsOk());
    CHECK(pageLabel->GetLabel() == "Page 2 of 2");
    dialog->preview(1);  // the PNG, scaled to the preview's width
    REQUIRE(pumpUntil([&] { return shown.size() >= 3; }));
    REQUIRE(shown.back().IsOk());
    CHECK(shown.back().GetWidth() < 900);
    CHECK(shown.back().GetHeight() > shown.back().GetWidth());

    // Accept, confirmed: a received dossier, its receipt made and named by the queued op.
    ModalAnswers answers(wxID_YES);
    auto* accept = dynamic_cast<wxButton*>(wxWindow::FindWindowByName("accept", dialog));
    REQUIRE(accept);
    REQUIRE(accept->IsEnabled());
    wxCommandEvent click(wxEVT_BUTTON, accept->GetId());
    click.SetEventObject(accept);
    accept->GetEventHandler()->ProcessEvent(click);
    auto* message = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("message", dialog));
    REQUIRE(message);
    REQUIRE(pumpUntil([&] { return message->GetLabel().Contains("Submission accepted"); }));
    CHECK(message->GetLabel().Contains("Received"));
    REQUIRE(answers.messages.size() == 1);  // the confirmation, nothing else
    const std::string form = dialog->decisionForm();
    REQUIRE(std::filesystem::exists(form));
    const auto text = runTool("pdftotext " + shellQuote(form) + " -");
    CHECK(text.out.find(late.code) != std::string::npos);
    REQUIRE(pumpUntil([&] { return !accept->IsEnabled(); }));
    REQUIRE(pumpUntil([&] { return inbox->GetItemCount() == 1; }));
    CHECK(inbox->rows()[0].dossier.code == soon.code);
    dialog->Destroy();

    // The database says the same: received now, one decision op carrying the receipt's hash.
    frame->Destroy();
    pumpFor(50ms);
    f.desk->context().worker->drain();
    f.desk.reset();
    auto s = store::Store::open(f.dbPath, false, f.clock);
    const auto d = s.dossiers().findByCode(late.code);
    REQUIRE(d);
    CHECK(d->status == DossierStatus::Received);
    CHECK(d->channel == Channel::Online);
    bool found = false;
    for (const auto& op : s.outbox().pending(100))
        if (op.entityId == late.code) {
            const auto payload = nlohmann::json::parse(op.payload);
            CHECK(payload.value("action", "") == "accept");
            CHECK(payload.value("form_sha256", "") == crypto::sha256FileHex(form));
            found = true;
        }
    CHECK(found);
}

TEST_CASE("a submission already sent back once is sent back again only after a warning",
          "[app][online]") {
    DeskFixture f(0, "en");
    app::MainFrame* frame = f.start();
    REQUIRE(frame);
    SubmissionSpec s;
    s.code = "000.00.15.H30-261130-0003";
    s.decideBy = inDays(f, 2);
    s.files = {};
    // Sent back once (by another desk), then resubmitted through the portal.
    SubmissionSpec back = s;
    back.seq = 2;
    back.version = 2;
    auto sentBack = submissionChange(back);
    {
        auto payload = nlohmann::json::parse(sentBack.payload);
        payload["status"] = "awaiting_resubmission";
        sentBack.payload = payload.dump();
        sentBack.status = "awaiting_resubmission";
        sentBack.kind = "dossier.action";
    }
    SubmissionSpec again = s;
    again.seq = 3;
    again.version = 3;
    pull(f, {submissionChange(s), sentBack, submissionChange(again)});
    frame->reload();
    REQUIRE(pumpUntil([&] { return frame->inbox()->list()->GetItemCount() == 1; }));
    CHECK(frame->inbox()->list()->rows()[0].supplementRequests == 1);

    app::SubmissionDialog* dialog = openSubmission(frame, s.code);
    int asked = 0;
    dialog->askReason = [&](DossierAction, const wxString& suggested) {
        ++asked;
        CHECK_FALSE(suggested.empty());  // the procedure's documents, none of them submitted
        return std::optional<std::string>("Thiếu tờ khai");
    };
    auto* supplement =
        dynamic_cast<wxButton*>(wxWindow::FindWindowByName("requestSupplement", dialog));
    REQUIRE(supplement);
    auto press = [&] {
        wxCommandEvent click(wxEVT_BUTTON, supplement->GetId());
        click.SetEventObject(supplement);
        supplement->GetEventHandler()->ProcessEvent(click);
    };
    // "Go back" at the warning: nothing asked, nothing done.
    ModalAnswers answers(wxID_NO);
    press();
    REQUIRE(answers.messages.size() == 1);
    CHECK(answers.messages[0].Contains("already asked for a supplement"));
    CHECK(asked == 0);
    // Going ahead: the warning, the reason, the confirmation, then form 02.
    answers.answer(wxID_YES);
    press();
    auto* message = dynamic_cast<wxStaticText*>(wxWindow::FindWindowByName("message", dialog));
    REQUIRE(pumpUntil(
        [&] { return message->GetLabel().Contains("Awaiting the citizen's supplement"); }));
    CHECK(asked == 1);
    CHECK(answers.messages.size() == 3);
    CHECK(std::filesystem::path(dialog->decisionForm()).filename().string().find("supplement") !=
          std::string::npos);
    REQUIRE(pumpUntil([&] { return frame->inbox()->list()->GetItemCount() == 0; }));
    dialog->Destroy();
}
