// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What real tokens do and SoftHSM2 does not, injected by the fault module: a module that fails
// to load or initialise, a token pulled out mid-batch, a lost session, PIN counters running
// down to a lock, a PIN pad, and keys that want their PIN before every signature.
#include <filesystem>
#include <set>

#include "fault_token.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/verify.h"
#include "pdf_samples.h"
#include "support/pdfsig.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;
using Code = SigningError::Code;

namespace {

/// The error `f` throws; fails the test when it throws none.
template <typename F>
SigningError errorOf(F&& f) {
    try {
        f();
    } catch (const SigningError& e) {
        return e;
    }
    FAIL("expected a SigningError");
    return SigningError(Code::Io, "unreachable");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::set<std::string> filesIn(const TempDir& dir) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        names.insert(entry.path().filename());
    return names;
}

bool verifiesOk(const std::string& path) {
    const auto reports =
        signing::verifyPdf(readFileForTest(path), {SigningFixture::instance().rootPem()});
    return reports.size() == 1 && reports[0].ok();
}

}  // namespace

TEST_CASE("a module that fails to load or initialise is a clear error, and loading goes on",
          "[signing][faults]") {
    FaultControl control;
    const TempDir dir;
    const SigningError noList = errorOf([] { signing::Module::load(kNotAModule); });
    CHECK(noList.code() == Code::ModuleLoad);
    CHECK(contains(noList.what(), kNotAModule));
    const std::string text = dir.write("vendor-pkcs11.so", "this is not a shared library\n");
    const SigningError notElf = errorOf([&] { signing::Module::load(text); });
    CHECK(notElf.code() == Code::ModuleLoad);
    CHECK(contains(notElf.what(), text));

    control.set("getfunctionlist_rv=0x5");
    CHECK(errorOf([] { signing::Module::load(kFaultModule); }).code() == Code::ModuleLoad);
    control.set("init_rv=0x5");
    const SigningError init = errorOf([] { signing::Module::load(kFaultModule); });
    CHECK(init.code() == Code::ModuleLoad);
    CHECK(init.isTokenError());
    CHECK(contains(init.what(), "failed to initialise: CKR_GENERAL_ERROR"));
    CHECK(contains(init.what(), kFaultModule));
    CHECK(control.calls("C_Initialize") == 1);

    // The same module, now well, loads and signs in the same process.
    control.set("");
    FaultLogin login;
    auto signer = login.session.signer(kRsaId);
    const std::string out = dir.file("out.pdf");
    signing::signPdfFile(dir.write("in.pdf", makeClassicPdf(false)), out, *signer,
                         signOptions("after a failure"));
    CHECK(verifiesOk(out));
}

TEST_CASE(
    "a token removed mid-batch: earlier outputs intact, later ones not written, the document named",
    "[signing][faults][batch]") {
    FaultControl control;
    const unsigned long removal =
        GENERATE(0x32ul /* CKR_DEVICE_REMOVED */, 0xE0ul /* CKR_TOKEN_NOT_PRESENT */);
    control.set("sign_ok=2\nsign_rv=" + std::to_string(removal));
    FaultLogin login;
    auto signer = login.session.signer(kRsaId);
    const TempDir dir;
    std::vector<signing::BatchItem> items;
    for (const char* name : {"a", "b", "c", "d", "e"})
        items.push_back({dir.write(std::string(name) + ".pdf", makeClassicPdf(true)),
                         dir.file(std::string(name) + "-signed.pdf")});

    const SigningError e =
        errorOf([&] { signing::signPdfBatch(items, *signer, signOptions("batch")); });
    INFO(e.what());
    CHECK(e.code() == Code::TokenRemoved);
    CHECK(contains(e.what(), items[2].in + " (document 3 of 5, not signed)"));
    CHECK(contains(e.what(), "the token was removed"));
    CHECK(contains(e.what(), "2 signed before it"));
    // Exactly the inputs and the two outputs: no partial output, no temporary file.
    CHECK(filesIn(dir) == std::set<std::string>{"a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf",
                                                "a-signed.pdf", "b-signed.pdf"});
    CHECK(verifiesOk(items[0].out));
    CHECK(verifiesOk(items[1].out));
    const TempDir nss;
    const std::string db = SigningFixture::instance().nssDb(nss);
    for (int i = 0; i < 2; ++i) {
        const std::string report = pdfsigReport(db, items[static_cast<std::size_t>(i)].out);
        CHECK(countOf(report, "Signature Validation: Signature is Valid.") == 1);
    }
    CHECK(control.calls("C_Sign") == 3);  // the third was refused; nothing was retried

    // The token is gone from the slot list: a new session finds none.
    CHECK(errorOf([&] { login.module.openSession(kTokenLabel); }).code() == Code::NoToken);
    const auto info = login.module.describe(false);
    for (const auto& slot : info.slots) CHECK_FALSE(slot.token.has_value());

    // Put back: the same module object opens a session and signs the rest.
    control.set("");
    auto session = login.module.openSession(kTokenLabel);
    std::string pin = kPin;
    session.login(pin);
    auto again = session.signer(kRsaId);
    const std::vector<signing::BatchItem> rest(items.begin() + 2, items.end());
    CHECK(signing::signPdfBatch(rest, *again, signOptions("batch")) == 3);
    for (const auto& item : items) CHECK(verifiesOk(item.out));
}

TEST_CASE("a lost session is reported, leaves no output, and a new session signs",
          "[signing][faults]") {
    FaultControl control;
    const unsigned long lost =
        GENERATE(0xB3ul /* CKR_SESSION_HANDLE_INVALID */, 0xB0ul /* CKR_SESSION_CLOSED */);
    control.set("sign_ok=0\nsign_rv=" + std::to_string(lost));
    FaultLogin login;
    auto signer = login.session.signer(kEcId);
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(false)), out = dir.file("out.pdf");
    const SigningError e =
        errorOf([&] { signing::signPdfFile(in, out, *signer, signOptions("x")); });
    CHECK(e.code() == Code::TokenRemoved);
    CHECK(contains(e.what(), "the session with the token was lost"));
    CHECK(filesIn(dir) == std::set<std::string>{"in.pdf"});
    // The session is really gone: the same signer keeps failing, never silently retried.
    control.set("");
    CHECK(errorOf([&] { signing::signPdfFile(in, out, *signer, signOptions("x")); }).code() ==
          Code::TokenRemoved);
    auto session = login.module.openSession(kTokenLabel);
    std::string pin = kPin;
    session.login(pin);
    auto fresh = session.signer(kEcId);
    signing::signPdfFile(in, out, *fresh, signOptions("x"));
    CHECK(verifiesOk(out));
}

TEST_CASE(
    "the PIN counters are shown before login, a wrong PIN says what is left and is never retried",
    "[signing][faults][pin]") {
    FaultControl control;
    SECTION("count low") {
        control.set("pin=count_low");
        const auto module = signing::Module::load(kFaultModule);
        auto session = module.openSession(kPinTokenLabel);
        CHECK(session.token().pin.countLow);
        CHECK(contains(signing::describePinStatus(session.token().pin), "few tries remain"));
        std::string wrong = "0000";
        const SigningError e = errorOf([&] { session.login(wrong); });
        CHECK(e.code() == Code::PinIncorrect);
        CHECK(contains(e.what(), "wrong PIN"));
        CHECK(contains(e.what(), "few tries remain"));
        CHECK(control.calls("C_Login user") == 1);
        std::string right = kPin;
        CHECK_NOTHROW(session.login(right));
        CHECK_FALSE(session.token().pin.countLow);
    }
    SECTION("final try, then locked") {
        control.set("pin=final_try");
        const auto module = signing::Module::load(kFaultModule);
        auto session = module.openSession(kPinTokenLabel);
        const auto before = session.token().pin;
        CHECK(before.finalTry);
        CHECK(signing::describePinStatus(before) == "one more wrong PIN locks the token");
        std::string wrong = "0000";
        const SigningError e = errorOf([&] { session.login(wrong); });
        CHECK(e.code() == Code::PinLocked);
        CHECK(contains(e.what(), "locked"));
        CHECK(session.token().pin.locked);
        // Locked: even the right PIN is not sent to the token.
        std::string right = kPin;
        CHECK(errorOf([&] { session.login(right); }).code() == Code::PinLocked);
        CHECK(right.empty());  // wiped all the same
        CHECK(control.calls("C_Login user") == 1);
    }
    SECTION("locked from the start") {
        control.set("pin=locked");
        const auto module = signing::Module::load(kFaultModule);
        auto session = module.openSession(kTokenLabel);
        std::string right = kPin;
        const SigningError e = errorOf([&] { session.login(right); });
        CHECK(e.code() == Code::PinLocked);
        CHECK(contains(e.what(), "unblocked with the SO PIN or by the CA"));
        CHECK(control.calls("C_Login user") == 0);
    }
    SECTION("a token that answers CKR_PIN_LOCKED without raising the flag") {
        control.set("login_rv=0xA4");
        const auto module = signing::Module::load(kFaultModule);
        auto session = module.openSession(kTokenLabel);
        std::string right = kPin;
        CHECK(errorOf([&] { session.login(right); }).code() == Code::PinLocked);
        CHECK(control.calls("C_Login user") == 1);
    }
}

TEST_CASE("a token with a PIN pad logs in through the reader", "[signing][faults][pin]") {
    FaultControl control;
    control.set(std::string("pinpad=1\npinpad_pin=") + kPin);
    const auto module = signing::Module::load(kFaultModule);
    auto session = module.openSession(kTokenLabel);
    CHECK(session.token().protectedAuthPath);
    session.loginProtected();
    CHECK(control.calls("C_Login user pinpad") == 1);
    auto signer = session.signer(kRsaId);
    const TempDir dir;
    const std::string out = dir.file("out.pdf");
    signing::signPdfFile(dir.write("in.pdf", makeClassicPdf(false)), out, *signer,
                         signOptions("PIN pad"));
    CHECK(verifiesOk(out));

    control.set("pinpad=1\npinpad_pin=0000");
    auto other = module.openSession(kPinTokenLabel);
    const SigningError e = errorOf([&] { other.loginProtected(); });
    CHECK(e.code() == Code::PinIncorrect);
    CHECK(control.calls("C_Login user pinpad") == 1);
}

TEST_CASE("a key with CKA_ALWAYS_AUTHENTICATE gets its PIN before every signature",
          "[signing][faults][pin]") {
    FaultControl control;
    control.set(std::string("always_auth=1\nuser_pin=") + kPin);
    FaultLogin login;
    const TempDir dir;
    std::vector<signing::BatchItem> items;
    for (const char* name : {"a", "b", "c"})
        items.push_back({dir.write(std::string(name) + ".pdf", makeClassicPdf(false)),
                         dir.file(std::string(name) + "-s.pdf")});

    int asked = 0;
    std::string answer = kPin;
    auto signer = login.session.signer(kRsaId, [&] {
        ++asked;
        return answer;
    });
    CHECK(signing::signPdfBatch(items, *signer, signOptions("per signature")) == 3);
    CHECK(asked == 3);  // one batch, but the key wants its PIN each time
    CHECK(control.calls("C_Login context") == 3);
    for (const auto& item : items) CHECK(verifiesOk(item.out));

    // A wrong PIN for one signature: refused, nothing written, the next signature works.
    answer = "0000";
    const std::string out = dir.file("x.pdf");
    CHECK(errorOf([&] {
              signing::signPdfFile(items[0].in, out, *signer, signOptions("x"));
          }).code() == Code::PinIncorrect);
    CHECK_FALSE(std::filesystem::exists(out));
    answer = kPin;
    signing::signPdfFile(items[0].in, out, *signer, signOptions("x"));
    CHECK(verifiesOk(out));

    // No PIN to give and no PIN pad: refused before the token starts the signature.
    auto noPin = login.session.signer(kRsaId);
    const SigningError e = errorOf(
        [&] { signing::signPdfFile(items[0].in, dir.file("y.pdf"), *noPin, signOptions("x")); });
    CHECK(e.code() == Code::PinInvalid);
    CHECK(contains(e.what(), "needs its PIN for each signature"));
}
