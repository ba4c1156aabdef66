// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Batch approval benchmark (issue 7): 100 dossiers approved and signed at once, as the approval
// inbox does it (approveBatch: each draft signed PAdES B-B with a visible signature, written
// atomically, then the approval committed with its signed result in one durable transaction,
// audit entry and outbox op), with one login on a SoftHSM2 token; against the anchor measured in
// the same run: raw C_Sign of the very messages the token signed, same token and key. Printed:
// the time per document beyond the token's own signing time. Three rounds; the median round.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "approval_batch.h"
#include "bench/bench_token.h"
#include "motcua/signing/token.h"
#include "support/intake_request.h"

using namespace motcua;
using namespace motcua::bench;

namespace {

constexpr int kDocuments = 100;
constexpr int kRounds = 3;

std::string readText(const std::string& path) {
    return test::readFileForTest(path);
}

/// Dossiers taken, forwarded and submitted for approval with a draft, ready to approve.
std::vector<app::ApprovalItem> awaiting(store::Store& store, const test::TempDir& dir, int round) {
    std::vector<app::ApprovalItem> items;
    for (int i = 0; i < kDocuments; ++i) {
        const Dossier d = store.dossiers().intake(test::intakeRequest(
            "2.000815", test::applicantNamed("Nguyễn Văn " + std::to_string(i))));
        store.dossiers().act(d.code, {DossierAction::Forward, "", std::nullopt, ""});
        const std::string tag = std::to_string(round) + "-" + std::to_string(i);
        const std::string draft =
            dir.write("draft-" + tag + ".pdf", onePagePdf(round * kDocuments + i));
        store.dossiers().act(d.code, {DossierAction::SubmitForApproval, "", std::nullopt, draft});
        items.push_back({d.code, draft, dir.file("signed/" + tag + ".pdf")});
    }
    return items;
}

}  // namespace

int main() {
    const test::TempDir dir;
    makeBenchToken(dir);
    const SystemClock clock;
    auto store = store::Store::open(dir.file("ward.db"), true, clock);
    store.settings().initialize(
        {"000.00.15.H30", "UBND phường Bồ Đề", 1, "Phạm Thị Hoa", "Hà Nội", ""},
        readText(std::string(MOTCUA_RESOURCE_DIR) + "/catalog/procedures.json"),
        readText(std::string(MOTCUA_RESOURCE_DIR) + "/calendar/vn-days-off.json"));

    const auto module = signing::Module::load(kModule);
    auto session = module.openSession("bench");
    signing::PdfSignOptions options;
    options.location = "Hà Nội";
    signing::VisibleSignature visible;
    visible.x = 320;
    visible.y = 50;
    visible.width = 240;
    visible.height = 110;
    options.visible = visible;
    std::vector<double> batch, raw;
    for (int round = 0; round < kRounds; ++round) {
        const auto items = awaiting(store, dir, round);
        const auto start = Steady::now();
        std::string pin = "1234";
        session.login(pin);  // one login for the batch
        auto key = session.signer("A1");
        Recording recording(*key);
        const int approved = app::approveBatch(store, recording, items, options,
                                               "Phê duyệt kết quả hồ sơ {code}", clock);
        batch.push_back(std::chrono::duration<double>(Steady::now() - start).count());
        if (approved != kDocuments) {
            std::fprintf(stderr, "bench_approval: only %d approved\n", approved);
            return 1;
        }
        raw.push_back(rawSign(recording.messages, "1234"));
    }
    std::sort(batch.begin(), batch.end());
    std::sort(raw.begin(), raw.end());
    const double b = batch[kRounds / 2], r = raw[kRounds / 2];
    std::printf(
        "batch approval of %d dossiers, one login (sign + durable approval each): %.1f ms (%.2f ms "
        "per dossier)\n",
        kDocuments, b * 1e3, b * 1e3 / kDocuments);
    std::printf(
        "anchor: raw C_Sign of the same %d messages, same token and key:            %.1f ms (%.2f "
        "ms per signature)\n",
        kDocuments, r * 1e3, r * 1e3 / kDocuments);
    std::printf("beyond the token's own signing time: %.2f ms per dossier (ratio %.2fx)\n",
                (b - r) * 1e3 / kDocuments, b / r);
    return 0;
}
