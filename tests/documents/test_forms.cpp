// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The legal forms, checked with tools nobody here wrote: pdftotext, pdffonts, pdftoppm + zbarimg,
// qpdf.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <iterator>
#include <sstream>

#include "../support/submission_change.h"
#include "form_fields.h"
#include "forms_fixture.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/documents/document_error.h"

using namespace motcua;
using namespace motcua::test;
using documents::DocumentError;
using documents::FormKind;

namespace {

std::string render(WardFixture& f, FormKind kind, const std::string& code,
                   const std::string& reason = {}) {
    const auto pdf = documents::renderForm(kind, formContext(f, code, reason), formsDir());
    return f.dir.write(std::string(documents::formName(kind)) + ".pdf", pdf);
}

int pageCount(const std::string& pdf) {
    const auto info = runTool("pdfinfo " + shellQuote(pdf));
    std::istringstream lines(info.out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
}

/// A dossier reached by these actions, and the status it is in then.
struct FormsPath {
    DossierStatus status;
    std::vector<store::ActionRequest> actions;
};

/// A decisionForm that writes a stand-in PDF (the forms of decisions are tested apart).
std::function<std::string(const Dossier&)> anyForm(WardFixture& f) {
    return [&f](const Dossier& after) { return f.dir.write(after.code + "-decision.pdf", "%PDF"); };
}

/// Every form renders for the dossier in path.status where it fits, and only there.
void checkForms(WardFixture& f, const std::string& code, const FormsPath& path) {
    const Dossier d = *f.store.dossiers().findByCode(code);
    for (const auto& a : path.actions) f.store.dossiers().act(d.code, a);
    REQUIRE(f.store.dossiers().findByCode(d.code)->status == path.status);
    const bool postponed = path.status == DossierStatus::AwaitingApproval;
    const bool submission = isSubmission(path.status) || path.status == DossierStatus::Refused;
    for (auto kind : documents::allForms()) {
        const bool fits =
            (kind == FormKind::Receipt && !submission) || kind == FormKind::Control ||
            (kind == FormKind::Supplement &&
             (path.status == DossierStatus::SupplementRequested ||
              path.status == DossierStatus::AwaitingResubmission)) ||
            (kind == FormKind::Rejection &&
             (path.status == DossierStatus::Rejected || path.status == DossierStatus::Refused)) ||
            (kind == FormKind::Apology && postponed) ||
            (kind == FormKind::Stop && path.status == DossierStatus::Stopped);
        INFO(statusName(path.status) << " / " << documents::formName(kind));
        if (!fits) {
            try {
                render(f, kind, d.code);
                FAIL("rendered a form that does not fit");
            } catch (const DocumentError& e) {
                CHECK(e.code() == DocumentError::Code::FormNotApplicable);
            }
            continue;
        }
        const auto pdf = render(f, kind, d.code);
        CHECK(runTool("qpdf --check " + shellQuote(pdf)).exitCode == 0);
        const auto text = pdfText(pdf);
        CHECK_THAT(text, Catch::Contains(d.code));
        CHECK_THAT(text, Catch::Contains("Lê Thị Hoa"));
        CHECK_THAT(text, Catch::Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    }
}

}  // namespace

TEST_CASE("the receipt shows the dossier in two copies, fonts embedded, QR decodable",
          "[forms][receipt]") {
    WardFixture f;
    auto r = intakeRequest("2.000815", WardFixture::applicant("Nguyễn Văn Đức"));
    r.applicant.phone = "0912345678";
    r.feeInput = {2, 3};
    const auto d = f.store.dossiers().intake(r);
    const auto pdf = render(f, FormKind::Receipt, d.code);

    const auto text = pdfText(pdf);
    CHECK_THAT(text, Catch::Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    CHECK_THAT(text, Catch::Contains("Mã hồ sơ: " + d.code));
    CHECK_THAT(text, Catch::Contains("Nguyễn Văn Đức"));
    CHECK_THAT(text, Catch::Contains("17 giờ 00 phút, ngày 10 tháng 03 năm 2026"));  // appointment
    CHECK_THAT(text, Catch::Contains("09 giờ 15 phút, ngày 10 tháng 03 năm 2026"));  // received
    CHECK_THAT(text, Catch::Contains("Hà Nội, ngày 10 tháng 03 năm 2026"));
    CHECK_THAT(text, Catch::Contains("(Liên 1: Lưu)"));
    CHECK_THAT(text, Catch::Contains("(Liên 2: Giao người nộp)"));
    CHECK_THAT(text, Catch::Contains("Bản chính giấy tờ làm cơ sở chứng thực"));
    CHECK_THAT(text, Catch::Contains("Phí, lệ phí: 10.000 đồng"));
    CHECK_THAT(text, Catch::Contains("Quyển số: 02, Số thứ tự: 1"));
    CHECK_THAT(text, Catch::Contains("Trần Thị Bình"));
    CHECK(pageCount(pdf) == 2);

    const auto fonts = runTool("pdffonts " + shellQuote(pdf));
    REQUIRE(fonts.exitCode == 0);
    std::istringstream lines(fonts.out);
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);  // the header and its rule
    int fontCount = 0;
    while (std::getline(lines, line)) {
        INFO(line);
        ++fontCount;
        CHECK_THAT(line, Catch::Contains("DejaVuSerif"));
        std::istringstream cols(line.substr(line.find("  ")));
        // columns after the name: type words, encoding, emb, sub, uni, object, generation
        std::vector<std::string> words{std::istream_iterator<std::string>(cols), {}};
        REQUIRE(words.size() >= 6);
        CHECK(words[words.size() - 5] == "yes");  // emb
    }
    CHECK(fontCount >= 2);

    REQUIRE(runTool("pdftoppm -r 150 -png -f 1 -l 1 " + shellQuote(pdf) + " " +
                    shellQuote(f.dir.file("page")))
                .exitCode == 0);
    const auto qr = runTool("zbarimg -q --raw " + shellQuote(f.dir.file("page-1.png")));
    CHECK(qr.exitCode == 0);
    CHECK(qr.out == d.code + "\n");

    CHECK(runTool("qpdf --check " + shellQuote(pdf)).exitCode == 0);
}

TEST_CASE(
    "the receipt's two copies can print as the A5 halves of one sheet, and a long one falls back "
    "to "
    "whole sheets",
    "[forms][receipt]") {
    WardFixture f;
    const auto r = intakeRequest("2.000815", WardFixture::applicant("Nguyễn Văn Đức"));
    const auto d = f.store.dossiers().intake(r);
    const auto halves = f.dir.write(
        "halves.pdf", documents::renderForm(FormKind::Receipt, formContext(f, d.code), formsDir(),
                                            documents::SheetLayout::HalfSheets));
    CHECK(pageCount(halves) == 1);
    const auto info = runTool("pdfinfo " + shellQuote(halves));
    CHECK_THAT(info.out,
               Catch::Contains("841.89 x 595.276 pts (A4)"));  // landscape: two A5 side by side
    // Each half holds a whole copy: its marker, the code, the applicant, the signature lines.
    const auto text = pdfText(halves);
    CHECK_THAT(text, Catch::Contains("(Liên 1: Lưu)"));
    CHECK_THAT(text, Catch::Contains("(Liên 2: Giao người nộp)"));
    const auto code = std::regex("Mã hồ sơ: " + d.code);
    CHECK(std::distance(std::sregex_iterator(text.begin(), text.end(), code),
                        std::sregex_iterator()) == 2);
    // Both QR codes, at 1/sqrt 2 of their size (0.5 mm modules), decode at a laser printer's 300
    // dpi.
    REQUIRE(
        runTool("pdftoppm -r 300 -png " + shellQuote(halves) + " " + shellQuote(f.dir.file("half")))
            .exitCode == 0);
    const auto qr = runTool("zbarimg -q --raw " + shellQuote(f.dir.file("half-1.png")));
    CHECK(qr.out == d.code + "\n" + d.code + "\n");
    CHECK(runTool("qpdf --check " + shellQuote(halves)).exitCode == 0);

    // A receipt whose copy needs more than a page cannot share a sheet: two whole sheets each.
    store::IntakeRequest many = r;
    many.documents = std::vector<SubmittedDocument>{};
    for (int i = 1; i <= 40; ++i)
        many.documents->push_back({"Giấy tờ kèm theo số " + std::to_string(i)});
    const auto long_ = f.store.dossiers().intake(many);
    const auto longPdf = f.dir.write(
        "long.pdf", documents::renderForm(FormKind::Receipt, formContext(f, long_.code), formsDir(),
                                          documents::SheetLayout::HalfSheets));
    CHECK(pageCount(longPdf) >= 4);
    CHECK_THAT(runTool("pdfinfo " + shellQuote(longPdf)).out,
               Catch::Contains("595.276 x 841.89 pts (A4)"));
}

TEST_CASE("every form renders for a dossier in each status where it fits, and only there",
          "[forms]") {
    WardFixture f;
    using A = DossierAction;
    using Path = FormsPath;
    const LocalDateTime later = LocalDateTime::at(
        Date{std::chrono::year{2026}, std::chrono::month{4}, std::chrono::day{1}}, 10, 0);
    const std::vector<Path> paths{
        {DossierStatus::Received, {}},
        {DossierStatus::InProgress, {{A::Forward, "", {}}}},
        {DossierStatus::SupplementRequested,
         {{A::RequestSupplement, "Bản sao Giấy khai sinh; Ảnh 4x6", {}}}},
        {DossierStatus::AwaitingApproval,
         {{A::Forward, "", {}},
          {A::Postpone, "Cần xác minh", later},
          {A::SubmitForApproval, "", {}}}},
        {DossierStatus::Approved,
         {{A::Forward, "", {}}, {A::SubmitForApproval, "", {}}, {A::Approve, "", {}}}},
        {DossierStatus::ResultReady,
         {{A::Forward, "", {}},
          {A::SubmitForApproval, "", {}},
          {A::Approve, "", {}},
          {A::ResultReady, "", {}}}},
        {DossierStatus::Returned,
         {{A::Forward, "", {}},
          {A::SubmitForApproval, "", {}},
          {A::Approve, "", {}},
          {A::ResultReady, "", {}},
          {A::ReturnResult, "", {}}}},
        {DossierStatus::Rejected, {{A::Reject, "Hồ sơ không thuộc thẩm quyền", {}}}},
        {DossierStatus::Stopped, {{A::Forward, "", {}}, {A::Stop, "Người nộp đề nghị dừng", {}}}},
        {DossierStatus::Withdrawn, {{A::Withdraw, "", {}}}},
    };
    // Online submissions: pulled, then decided (their decision forms aside).
    const std::vector<Path> submissions{
        {DossierStatus::AwaitingAcceptance, {}},
        {DossierStatus::AwaitingResubmission,
         {{A::RequestSupplement, "Bản sao CCCD", {}, "", anyForm(f)}}},
        {DossierStatus::Refused, {{A::Refuse, "Không thuộc thẩm quyền", {}, "", anyForm(f)}}},
    };
    REQUIRE(paths.size() + submissions.size() == allStatuses().size());
    int pulled = 0;
    for (const auto& path : paths) checkForms(f, f.intake("1.004873", "Lê Thị Hoa").code, path);
    for (const auto& path : submissions) {
        ++pulled;
        const std::string code = "000.00.15.H30-260310-000" + std::to_string(pulled);
        f.store.pull().apply(
            {submissionChange({.seq = pulled, .code = code, .applicant = "Lê Thị Hoa"})}, pulled);
        checkForms(f, code, path);
    }
}

TEST_CASE("a decision on a submission renders its form for the dossier it leaves",
          "[forms][online]") {
    WardFixture f;
    const std::string outDir = f.dir.file("documents");
    auto decide = [&](const std::string& code, DossierAction action, const std::string& reason) {
        store::ActionRequest r;
        r.action = action;
        r.reason = reason;
        r.decisionForm = documents::decisionFormFor(
            [&f](const std::string& c) { return f.store.dossiers().record(c); }, action, reason,
            formsDir(), outDir, f.clock.localNow());
        return f.store.dossiers().act(code, r);
    };
    f.store.pull().apply({submissionChange({.seq = 1, .code = "000.00.15.H30-260310-0001"}),
                          submissionChange({.seq = 2, .code = "000.00.15.H30-260310-0002"}),
                          submissionChange({.seq = 3, .code = "000.00.15.H30-260310-0003"})},
                         3);

    // Accept: the receipt (form 01) with the acceptance time, the due time and the register
    // number it gives.
    const Dossier accepted = decide("000.00.15.H30-260310-0001", DossierAction::Accept, "");
    const std::string receipt = outDir + "/000.00.15.H30-260310-0001-receipt.pdf";
    CHECK(runTool("qpdf --check " + shellQuote(receipt)).exitCode == 0);
    auto text = pdfText(receipt);
    CHECK_THAT(text, Catch::Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    CHECK_THAT(text, Catch::Contains("09 giờ 15 phút, ngày 10 tháng 03 năm 2026"));
    CHECK_THAT(text, Catch::Contains(formatVietnameseDateTime(accepted.dueAt)));
    CHECK_THAT(text, Catch::Contains("Phạm Thị Mai"));
    // The op names exactly these bytes.
    const auto ops = f.store.outbox().pending();
    REQUIRE(ops.size() == 1);
    const std::string sha = nlohmann::json::parse(ops[0].payload)["form_sha256"];
    CHECK(readFileForTest(f.store.blobs().path(sha)) == readFileForTest(receipt));
    CHECK(nlohmann::json::parse(ops[0].payload)["form_file_name"] ==
          "000.00.15.H30-260310-0001-receipt.pdf");

    // Request supplement: form 02 listing what is missing.
    decide("000.00.15.H30-260310-0002", DossierAction::RequestSupplement,
           "Bản sao CCCD; Giấy xác nhận cư trú");
    text = pdfText(outDir + "/000.00.15.H30-260310-0002-supplement.pdf", true);
    CHECK_THAT(text, Catch::Contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"));
    CHECK_THAT(text, Catch::Contains("1 Bản sao CCCD"));
    CHECK_THAT(text, Catch::Contains("2 Giấy xác nhận cư trú"));

    // Refuse: form 03 with the reason, written from inside the callback as the desk's window
    // does; a reprint later finds the reason in the history.
    store::ActionRequest refuse;
    refuse.action = DossierAction::Refuse;
    refuse.reason = "Không thuộc thẩm quyền";
    refuse.decisionForm = [&](const Dossier& after) {
        return documents::writeDecisionForm(f.store.dossiers().record(after.code), after,
                                            refuse.action, refuse.reason, f.clock.localNow(),
                                            formsDir(), outDir);
    };
    CHECK(f.store.dossiers().act("000.00.15.H30-260310-0003", refuse).status ==
          DossierStatus::Refused);
    text = pdfText(outDir + "/000.00.15.H30-260310-0003-rejection.pdf");
    CHECK_THAT(text, Catch::Contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"));
    CHECK_THAT(text, Catch::Contains("Không thuộc thẩm quyền"));
    CHECK_THAT(pdfText(render(f, FormKind::Rejection, "000.00.15.H30-260310-0003")),
               Catch::Contains("Không thuộc thẩm quyền"));

    // Only those three decisions have a form.
    try {
        documents::decisionFormFor(
            [&f](const std::string& c) { return f.store.dossiers().record(c); },
            DossierAction::Forward, "", formsDir(), outDir, f.clock.localNow());
        FAIL("a form for forwarding");
    } catch (const DocumentError& e) {
        CHECK(e.code() == DocumentError::Code::FormNotApplicable);
    }
}

TEST_CASE("each form says what its action recorded", "[forms]") {
    WardFixture f;
    SECTION("supplement lists each missing item") {
        const auto d = f.intake("1.004873", "Lê Thị Hoa");
        f.store.dossiers().act(d.code, {DossierAction::RequestSupplement,
                                        "Bản sao Giấy khai sinh; Ảnh 4x6\nTờ khai có chữ ký",
                                        {}});
        // -layout keeps each table row on one line.
        const auto text = pdfText(render(f, FormKind::Supplement, d.code), true);
        CHECK_THAT(text, Catch::Contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"));
        CHECK_THAT(text, Catch::Contains("1 Bản sao Giấy khai sinh"));
        CHECK_THAT(text, Catch::Contains("2 Ảnh 4x6"));
        CHECK_THAT(text, Catch::Contains("3 Tờ khai có chữ ký"));
        // A reason given at print time replaces the recorded one.
        const auto replaced = pdfText(render(f, FormKind::Supplement, d.code, "Sổ hộ khẩu"), true);
        CHECK_THAT(replaced, Catch::Contains("1 Sổ hộ khẩu"));
        CHECK_THAT(replaced, !Catch::Contains("Ảnh 4x6"));
    }
    SECTION("rejection gives the reason") {
        const auto d = f.intake("1.004873", "Lê Thị Hoa");
        f.store.dossiers().act(
            d.code, {DossierAction::Reject, "Không thuộc thẩm quyền của UBND phường", {}});
        const auto text = pdfText(render(f, FormKind::Rejection, d.code));
        CHECK_THAT(text, Catch::Contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"));
        CHECK_THAT(text, Catch::Contains("Không thuộc thẩm quyền của UBND phường"));
    }
    SECTION("apology gives the old and the new date") {
        const auto d = f.intake("1.004873", "Lê Thị Hoa");  // due 13 March 09:15
        f.store.dossiers().act(
            d.code, {DossierAction::Postpone, "Cần xác minh tại nơi cư trú",
                     LocalDateTime::at(
                         Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{20}},
                         16, 30)});
        const auto text = pdfText(render(f, FormKind::Apology, d.code));
        CHECK_THAT(text, Catch::Contains("09 giờ 15 phút, ngày 13 tháng 03 năm 2026"));
        CHECK_THAT(text, Catch::Contains("16 giờ 30 phút, ngày 20 tháng 03 năm 2026"));
        CHECK_THAT(text, Catch::Contains("Cần xác minh tại nơi cư trú"));
    }
    SECTION("stop notice gives the reason") {
        const auto d = f.intake("1.004873", "Lê Thị Hoa");
        f.store.dossiers().act(d.code, {DossierAction::Forward, "", {}});
        f.store.dossiers().act(d.code,
                               {DossierAction::Stop, "Người nộp đề nghị dừng giải quyết", {}});
        CHECK_THAT(pdfText(render(f, FormKind::Stop, d.code)),
                   Catch::Contains("Người nộp đề nghị dừng giải quyết"));
    }
}

TEST_CASE("the control sheet times each hand-over against the due time", "[forms][control]") {
    WardFixture f;
    const auto d =
        f.intake("1.004873", "Lê Thị Hoa");  // Tue 10 March 09:15, due Fri 13 March 09:15
    f.store.dossiers().act(d.code, {DossierAction::Forward, "", {}});  // same day: early
    f.clock.advance(std::chrono::hours(71));                           // Fri 13 March 08:15
    f.store.dossiers().act(
        d.code, {DossierAction::SubmitForApproval, "", {}});  // due day, before the time: on time
    f.clock.advance(std::chrono::hours(72));                  // Mon 16 March
    f.store.dossiers().act(d.code, {DossierAction::Approve, "", {}});  // late
    const auto data = documents::buildFormData(FormKind::Control, formContext(f, d.code));
    const auto& steps = data.tables.at("steps");
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].at("row.result") == "Trước hạn");
    CHECK(steps[1].at("row.result") == "Đúng hạn");
    CHECK(steps[2].at("row.result") == "Quá hạn");
    CHECK_THAT(steps[1].at("row.handover"), Catch::Contains("Lãnh đạo UBND phường Bồ Đề"));
    // The ward's own body, not the catalog's "UBND cấp xã".
    CHECK(data.fields.at("procedure.unit") == "UBND phường Bồ Đề");
    const auto text = pdfText(render(f, FormKind::Control, d.code));
    CHECK_THAT(text, Catch::Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
    // Header once, then the three results in order.
    const auto header = text.find("Quá hạn)");
    REQUIRE(header != std::string::npos);
    const auto early = text.find("Trước hạn", header);
    const auto onTime = text.find("Đúng hạn", early);
    const auto late = text.find("Quá hạn", onTime);
    CHECK(early != std::string::npos);
    CHECK(onTime != std::string::npos);
    CHECK(late != std::string::npos);
}

TEST_CASE("field values are escaped, unknown fields print blank", "[forms]") {
    documents::Fields fields{{"a", "<b>x</b> & y"}, {"b", "Đức"}};
    CHECK(documents::substitute("{{a}}|{{ b }}|{{missing}}|{{", fields) ==
          "&lt;b&gt;x&lt;/b&gt; &amp; y|Đức||{{");
    CHECK(documents::substitute("{{a}}", fields, nullptr, false) == "<b>x</b> & y");
}

TEST_CASE("a broken template or a missing font is a clear error", "[forms]") {
    WardFixture f;
    const auto d = f.intake();
    const auto context = formContext(f, d.code);
    auto withTemplate = [&](const std::string& json) {
        std::filesystem::create_directories(f.dir.file("forms"));
        f.dir.write("forms/receipt.json", json);
        f.dir.write("forms/_header.json", R"({"blocks": []})");
        try {
            documents::renderForm(FormKind::Receipt, context, f.dir.file("forms"));
            return std::optional<DocumentError::Code>{};
        } catch (const DocumentError& e) {
            return std::optional{e.code()};
        }
    };
    CHECK(withTemplate("{") == DocumentError::Code::TemplateInvalid);
    CHECK(withTemplate(R"({"blocks":[{"type":"marquee"}]})") ==
          DocumentError::Code::TemplateInvalid);
    CHECK(withTemplate(R"({"blocks":[{"type":"text","text":"<b>unclosed"}]})") ==
          DocumentError::Code::TemplateInvalid);
    CHECK(withTemplate(
              R"({"blocks":[{"type":"columns","columns":[{"width":0.8},{"width":0.8}]}]})") ==
          DocumentError::Code::TemplateInvalid);
    CHECK(withTemplate(R"({"blocks":[{"type":"include","file":"../etc/passwd"}]})") ==
          DocumentError::Code::TemplateInvalid);
    CHECK(withTemplate(
              R"({"font":{"family":"No Such Serif"},"blocks":[{"type":"text","text":"x"}]})") ==
          DocumentError::Code::Render);
    CHECK_FALSE(withTemplate(
        R"({"blocks":[{"type":"include","file":"_header.json"},{"type":"text","text":"{{dossier.code}}"}]})"));
    CHECK_THROWS_AS(documents::renderForm(FormKind::Receipt, context, f.dir.file("nowhere")),
                    DocumentError);
}

TEST_CASE("documents are written atomically or not at all", "[forms][files]") {
    TempDir dir;
    const auto target = dir.write("out.pdf", "old contents");
    documents::writeFileAtomically(target, "new contents");
    CHECK(readFileForTest(target) == "new contents");
    const auto notADir = dir.write("plain-file", "x");
    try {
        documents::writeFileAtomically(notADir + "/out.pdf", "data");
        FAIL("wrote under a regular file");
    } catch (const DocumentError& e) {
        CHECK(e.code() == DocumentError::Code::Io);
        CHECK_THAT(e.what(), Catch::Contains("plain-file/out.pdf"));
    }
    try {
        documents::writeFileAtomically(dir.file("missing/out.pdf"), "data");
        FAIL("wrote into a missing folder");
    } catch (const DocumentError& e) {
        CHECK(e.code() == DocumentError::Code::Io);
    }
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
        ++files;
    CHECK(files == 2);  // out.pdf and plain-file: no temporary left behind
}
