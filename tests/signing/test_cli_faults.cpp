// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// `motcua token list` and `motcua sign` against the fault module: PIN counters, PIN pad, a
// broken module beside a good one, a token pulled out mid-batch, and Ctrl+C during a batch.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "fault_token.h"
#include "pdf_samples.h"
#include "support/pdfsig.h"

extern char** environ;

using namespace motcua::test;

namespace {

/// Runs `motcua`; with `withStderr` its stderr is captured too (after its stdout's lines).
ToolResult cli(const std::string& args, bool withStderr = false,
               const std::string& stdinText = "") {
    const std::string feed =
        stdinText.empty() ? "" : "printf '%s\\n' " + shellQuote(stdinText) + " | ";
    const std::string command = feed + "MOTCUA_TEST_PIN=1234 " + shellQuote(MOTCUA_CLI_PATH) +
                                " --db /nonexistent/unused.db " + args;
    return runTool(withStderr ? "( (" + command + ") 2>&1 )" : command);  // runTool drops stderr
}

std::string faultArgs(const std::string& keyId) {
    return std::string(" --module ") + kFaultModule + " --token " + kTokenLabel + " --key-id " +
           keyId;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::set<std::string> filesIn(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        names.insert(entry.path().filename());
    return names;
}

std::vector<std::string> inputs(const TempDir& dir, int count) {
    std::vector<std::string> paths;
    for (int i = 0; i < count; ++i)
        paths.push_back(dir.write("doc" + std::to_string(i) + ".pdf", makeClassicPdf(i % 2 == 0)));
    return paths;
}

std::string joined(const std::vector<std::string>& paths) {
    std::string out;
    for (const auto& p : paths) out += " " + shellQuote(p);
    return out;
}

bool verifies(const std::string& path) {
    return cli("verify " + shellQuote(path) + " --trust " +
               shellQuote(SigningFixture::instance().rootPem()))
               .exitCode == 0;
}

}  // namespace

TEST_CASE("motcua token list shows the PIN counters and the PIN pad", "[signing][cli][faults]") {
    FaultControl control;
    const std::string list = std::string("token list --no-registered --module ") + kFaultModule;
    control.set("pin=count_low");
    auto json = cli(list + " --json");
    REQUIRE(json.exitCode == 0);
    // Every token of the module: the fixture's two, the one in SoftHSM's free slot, and those
    // other tests of this process made (the chain tests' two).
    const int tokens = countOf(json.out, "\"pinCountLow\":");
    CHECK(tokens >= 3);
    CHECK(countOf(json.out, "\"pinCountLow\":true") == tokens);
    CHECK(contains(cli(list).out,
                   "PIN: a wrong PIN was entered since the last good one; few tries remain"));
    control.set("pin=final_try");
    json = cli(list + " --json");
    CHECK(countOf(json.out, "\"pinFinalTry\":true") == tokens);
    CHECK(contains(cli(list).out, "PIN: one more wrong PIN locks the token"));
    control.set("pin=locked");
    CHECK(countOf(cli(list + " --json").out, "\"pinLocked\":true") == tokens);
    CHECK(contains(cli(list).out, "PIN: the user PIN is locked"));
    control.set("pinpad=1");
    json = cli(list + " --json");
    CHECK(countOf(json.out, "\"pinPad\":true") == tokens);
    // With the PIN flags no longer forced, each token's are its own, as SoftHSM reports them
    // (a test run before this one may have left a token with a wrong PIN counted).
    const auto real =
        cli(std::string("token list --no-registered --module ") + kSoftHsmModule + " --json");
    REQUIRE(real.exitCode == 0);
    CHECK(countOf(json.out, "\"pinCountLow\":true") == countOf(real.out, "\"pinCountLow\":true"));
    CHECK(countOf(json.out, "\"pinCountLow\":false") == countOf(real.out, "\"pinCountLow\":false"));
}

TEST_CASE("motcua sign: a wrong PIN on the final try locks, a locked token is not tried",
          "[signing][cli][faults]") {
    FaultControl control;
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false)), out = dir.file("out.pdf");
    const std::string args =
        "sign " + shellQuote(in) + " --out " + shellQuote(out) + faultArgs(kRsaId);

    control.set("pin=final_try");
    auto r = cli("--json " + args + " --pin-stdin", true, "0000");
    INFO(r.out);
    CHECK(r.exitCode == 5);
    CHECK(contains(
        r.out, "token 'motcua-test': one more wrong PIN locks the token"));  // said before asking
    CHECK(contains(r.out, "\"code\":\"PinLocked\""));
    CHECK(control.calls("C_Login user") == 1);  // tried once, never again

    control.set("pin=locked");
    r = cli("--json " + args + " --pin-env MOTCUA_TEST_PIN", true);
    CHECK(r.exitCode == 5);
    CHECK(contains(r.out, "\"code\":\"PinLocked\""));
    CHECK(contains(r.out, "unblocked with the SO PIN or by the CA"));
    CHECK(control.calls("C_Login user") == 0);

    control.set("pin=count_low");
    r = cli("--json " + args + " --pin-stdin", true, "9999");
    CHECK(r.exitCode == 5);
    CHECK(contains(r.out, "\"code\":\"PinIncorrect\""));
    CHECK(contains(r.out, "few tries remain"));
    CHECK(control.calls("C_Login user") == 1);
    CHECK_FALSE(std::filesystem::exists(out));
    CHECK(filesIn(dir.path().string()) == std::set<std::string>{"in.pdf"});
}

TEST_CASE("motcua sign uses the reader's PIN pad when the token has one",
          "[signing][cli][faults]") {
    FaultControl control;
    control.set(std::string("pinpad=1\npinpad_pin=") + kPin);
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false)), out = dir.file("out.pdf");
    const auto r =
        cli("sign " + shellQuote(in) + " --out " + shellQuote(out) + faultArgs(kEcId), true);
    INFO(r.out);
    REQUIRE(r.exitCode == 0);
    CHECK(contains(r.out, "enter the PIN on the reader of token 'motcua-test'"));
    CHECK(control.calls("C_Login user pinpad") == 1);
    CHECK(verifies(out));
}

TEST_CASE("motcua: a broken module beside a good one is reported and the good one is used",
          "[signing][cli][faults]") {
    FaultControl control;
    control.set("init_rv=0x5");
    const TempDir dir;
    const std::string notElf = dir.write("vendor.so", "not a shared library");
    // token list: the good module is listed; the named broken ones make the exit code 5.
    const auto list = cli(std::string("token list --no-registered --module ") + kFaultModule +
                              " --module " + notElf + " --module " + kSoftHsmModule,
                          true);
    INFO(list.out);
    CHECK(list.exitCode == 5);
    CHECK(
        contains(list.out, std::string(kFaultModule) + " failed to initialise: CKR_GENERAL_ERROR"));
    CHECK(contains(list.out, "cannot load PKCS#11 module " + notElf));
    CHECK(countOf(list.out, "token 'motcua-test'") == 1);

    const std::string in = dir.write("in.pdf", makeClassicPdf(false)), out = dir.file("out.pdf");
    const std::string tail = std::string(" --token ") + kTokenLabel + " --key-id " + kRsaId +
                             " --pin-env MOTCUA_TEST_PIN";
    const auto good =
        cli("sign " + shellQuote(in) + " --out " + shellQuote(out) + " --module " + kNotAModule +
                " --module " + kFaultModule + " --module " + kSoftHsmModule + tail,
            true);
    INFO(good.out);
    CHECK(good.exitCode == 0);
    CHECK(contains(good.out, kNotAModule));
    CHECK(verifies(out));
    // Only broken modules: the module's error, not "no token".
    const auto bad = cli("--json sign " + shellQuote(in) + " --out " +
                         shellQuote(dir.file("x.pdf")) + " --module " + kNotAModule + tail);
    CHECK(bad.exitCode == 5);
    CHECK(contains(bad.out, "\"code\":\"ModuleLoad\""));
    CHECK_FALSE(std::filesystem::exists(dir.file("x.pdf")));
}

TEST_CASE("motcua sign: the token removed after 2 of 5 documents",
          "[signing][cli][faults][batch]") {
    FaultControl control;
    control.set("sign_ok=2");
    const TempDir dir;
    const auto in = inputs(dir, 5);
    const std::string outDir = dir.file("signed");
    std::filesystem::create_directory(outDir);
    const auto r = cli("--json sign" + joined(in) + " --out-dir " + shellQuote(outDir) +
                           faultArgs(kRsaId) + " --pin-env MOTCUA_TEST_PIN",
                       true);
    INFO(r.out);
    CHECK(r.exitCode == 5);
    CHECK(contains(r.out, "\"code\":\"TokenRemoved\""));
    CHECK(contains(r.out, in[2] + " (document 3 of 5, not signed)"));
    CHECK(contains(r.out, "the token was removed"));
    CHECK(contains(r.out,
                   "stopped: signed 2 of 5; not signed: " + in[2] + ", " + in[3] + ", " + in[4]));
    CHECK(filesIn(outDir) ==
          std::set<std::string>{"doc0.pdf", "doc1.pdf"});  // no partial or temporary file
    const TempDir nss;
    const std::string db = SigningFixture::instance().nssDb(nss);
    for (const char* name : {"doc0.pdf", "doc1.pdf"}) {
        CHECK(verifies(outDir + "/" + name));
        CHECK(countOf(pdfsigReport(db, outDir + "/" + name),
                      "Signature Validation: Signature is Valid.") == 1);
    }
}

TEST_CASE("motcua sign: Ctrl+C during a batch stops after the current document, exit 130",
          "[signing][cli][faults][batch]") {
    FaultControl control;
    control.set("sign_delay_ms=400");  // a slow token: time to press Ctrl+C mid-batch
    const TempDir dir;
    const auto in = inputs(dir, 8);
    const std::string outDir = dir.file("signed");
    std::filesystem::create_directory(outDir);

    std::vector<std::string> args{MOTCUA_CLI_PATH, "--db", "/nonexistent/unused.db", "sign"};
    args.insert(args.end(), in.begin(), in.end());
    for (const std::string a : {"--out-dir", outDir.c_str(), "--module", kFaultModule, "--token",
                                kTokenLabel, "--key-id", kRsaId, "--pin-env", "MOTCUA_TEST_PIN"})
        args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::setenv("MOTCUA_TEST_PIN", kPin, 1);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, dir.file("stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, 2, dir.file("stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&files);

    // Ctrl+C once the first document is out (the second is then being signed).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!std::filesystem::exists(outDir + "/doc0.pdf") &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(pid, SIGINT);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    const std::string out = readFileForTest(dir.file("stdout")),
                      err = readFileForTest(dir.file("stderr"));
    INFO(out << err);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);

    const auto written = filesIn(outDir);
    CHECK(written.size() >= 1);
    CHECK(written.size() < 8);
    CHECK(contains(
        err, "interrupted: signed " + std::to_string(written.size()) + " of 8; not signed: "));
    for (std::size_t i = 0; i < 8; ++i) {
        const std::string name = "doc" + std::to_string(i) + ".pdf";
        // The first documents are signed and complete; the rest are not there at all.
        CHECK(written.count(name) == (i < written.size() ? 1u : 0u));
        if (i < written.size()) {
            CHECK(contains(out, outDir + "/" + name + "\n"));
            CHECK(verifies(outDir + "/" + name));
        } else {
            CHECK(contains(err, in[i]));
        }
    }
}
