// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Signing benchmark: 100 one-page PDFs signed (PAdES B-B, written atomically) with one login on
// a SoftHSM2 token, against the anchor measured in the same run on the same token and key: raw
// C_SignInit + C_Sign (CKM_SHA256_RSA_PKCS) over the very messages the layer had the token sign.
// The ratio is the layer's overhead beyond the token's own time. Three rounds; the median round.
// Also printed: the same signatures in memory, to tell the file writes (fsync) apart.
// Needs softhsm2, openssl and pkcs11-tool (opensc), as the tests do.
#include <algorithm>
#include <string>
#include <vector>

#include "bench/bench_token.h"
#include "motcua/signing/pades.h"
#include "motcua/signing/token.h"

using namespace motcua;
using namespace motcua::bench;

namespace {

constexpr int kDocuments = 100;
constexpr int kRounds = 3;

}  // namespace

int main() {
    const test::TempDir dir;
    makeBenchToken(dir);
    run("mkdir -p " + dir.file("out"));
    std::vector<std::string> inputs;
    for (int i = 0; i < kDocuments; ++i)
        inputs.push_back(dir.write("in" + std::to_string(i) + ".pdf", onePagePdf(i)));

    const auto module = signing::Module::load(kModule);
    auto session = module.openSession("bench");
    std::vector<double> layer, memory, raw;
    std::vector<std::string> pdfs;
    for (int i = 0; i < kDocuments; ++i) pdfs.push_back(onePagePdf(i));
    for (int round = 0; round < kRounds; ++round) {
        const auto start = Steady::now();
        std::string pin = "1234";
        session.login(pin);  // one login for the batch (already logged in after round 1)
        auto key = session.signer("A1");
        Recording recording(*key);
        signing::PdfSignOptions options;
        options.reason = "Tiếp nhận";
        for (int i = 0; i < kDocuments; ++i)
            signing::signPdfFile(inputs[static_cast<std::size_t>(i)],
                                 dir.file("out/" + std::to_string(i) + ".pdf"), recording, options);
        layer.push_back(std::chrono::duration<double>(Steady::now() - start).count());
        raw.push_back(rawSign(recording.messages, "1234"));
        const auto inMemory = Steady::now();  // the same work without reading and writing files
        for (const auto& pdf : pdfs) signing::signPdf(pdf, *key, options);
        memory.push_back(std::chrono::duration<double>(Steady::now() - inMemory).count());
    }
    std::sort(layer.begin(), layer.end());
    std::sort(raw.begin(), raw.end());
    std::sort(memory.begin(), memory.end());
    const double l = layer[kRounds / 2], r = raw[kRounds / 2], m = memory[kRounds / 2];
    std::printf(
        "signing %d one-page PDFs, one login (PAdES B-B, atomic write): %.1f ms (%.2f ms per "
        "PDF)\n",
        kDocuments, l * 1e3, l * 1e3 / kDocuments);
    std::printf(
        "anchor: raw C_Sign of the same %d messages, same token and key:   %.1f ms (%.2f ms per "
        "signature)\n",
        kDocuments, r * 1e3, r * 1e3 / kDocuments);
    std::printf("ratio: %.2fx (overhead beyond the token: %.2f ms per PDF)\n", l / r,
                (l - r) * 1e3 / kDocuments);
    std::printf(
        "the same signatures in memory (no file read, no fsync'd write): %.1f ms, ratio %.2fx\n",
        m * 1e3, m / r);
    return 0;
}
