// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <algorithm>

#include "motcua/signing/signing_error.h"
#include "motcua/signing/token.h"
#include "signing_fixture.h"

using namespace motcua;
using namespace motcua::test;
using signing::SigningError;

namespace {
const signing::CertificateInfo* findById(const std::vector<signing::CertificateInfo>& certs,
                                         const std::string& id) {
    const auto it =
        std::find_if(certs.begin(), certs.end(), [&](const auto& c) { return c.idHex == id; });
    return it == certs.end() ? nullptr : &*it;
}
}  // namespace

TEST_CASE("token list shows the module and the tokens and each certificate", "[signing][token]") {
    SigningFixture::instance();
    const auto module = signing::Module::load(kSoftHsmModule);
    const auto info = module.describe();
    CHECK(info.manufacturer == "SoftHSM");
    std::vector<std::string> labels;
    const signing::SlotInfo* ours = nullptr;
    for (const auto& slot : info.slots)
        if (slot.token) {
            labels.push_back(slot.token->label);
            if (slot.token->label == kTokenLabel) ours = &slot;
        }
    CHECK(std::count(labels.begin(), labels.end(), kTokenLabel) == 1);
    CHECK(std::count(labels.begin(), labels.end(), kPinTokenLabel) == 1);
    REQUIRE(ours);
    CHECK(ours->token->loginRequired);
    REQUIRE(ours->certificates.size() == 8);  // six signers, the intermediate, the root
    const auto* rsa = findById(ours->certificates, kRsaId);
    REQUIRE(rsa);
    CHECK(rsa->commonName == "Nguyễn Văn An");
    CHECK(rsa->subject.find("O=UBND Phường Test") != std::string::npos);
    CHECK(rsa->issuer.find("CN=MotCua Test Intermediate CA") != std::string::npos);
    CHECK(rsa->keyType == signing::KeyType::Rsa);
    CHECK(rsa->keyBits == 2048);
    CHECK(rsa->keyUsage == std::vector<std::string>{"digitalSignature", "nonRepudiation"});
    CHECK(!rsa->serialHex.empty());
    CHECK(rsa->notBefore < rsa->notAfter);
    CHECK(rsa->label == "rsa");
    CHECK_FALSE(rsa->isCa);
    const auto* ec = findById(ours->certificates, kEcId);
    REQUIRE(ec);
    CHECK(ec->keyType == signing::KeyType::Ec);
    CHECK(ec->keyBits == 256);
    const auto* rsa3072 = findById(ours->certificates, kRsa3072Id);
    REQUIRE(rsa3072);
    CHECK(rsa3072->keyType == signing::KeyType::Rsa);
    CHECK(rsa3072->keyBits == 3072);
    const auto* expired = findById(ours->certificates, kExpiredId);
    REQUIRE(expired);
    CHECK(expired->notAfter == "2021-01-01T00:00:00Z");
    const auto* root = findById(ours->certificates, "C0");
    REQUIRE(root);
    CHECK(root->isCa);
}

TEST_CASE("login finds the private keys and a second login is not an error", "[signing][token]") {
    SigningFixture::instance();
    const auto module = signing::Module::load(kSoftHsmModule);
    auto session = module.openSession(kTokenLabel);
    std::string pin = kPin;
    session.login(pin);
    CHECK(pin.empty());  // wiped
    std::string again = kPin;
    CHECK_NOTHROW(session.login(again));  // CKR_USER_ALREADY_LOGGED_IN is success
    const auto certs = session.certificates();
    CHECK(findById(certs, kRsaId)->hasPrivateKey);
    CHECK(findById(certs, kEcId)->hasPrivateKey);
    CHECK_FALSE(findById(certs, "C0")->hasPrivateKey);
    // Three keys: without a key id the choice is refused and the ids are listed.
    try {
        session.signer();
        FAIL("expected KeyNotFound");
    } catch (const SigningError& e) {
        CHECK(e.code() == SigningError::Code::KeyNotFound);
        CHECK(std::string(e.what()).find(kEcId) != std::string::npos);
    }
    const auto signer = session.signer("e1");  // ids compare case-insensitively
    CHECK(signer->certificate().commonName == "Trần Thị Bình");
    REQUIRE(signer->chain().size() == 2);  // intermediate then root, pulled from the token
    CHECK(signing::describeCertificate(signer->chain()[0]).commonName ==
          "MotCua Test Intermediate CA");
}

TEST_CASE("a wrong PIN is reported with what the token says is left", "[signing][token]") {
    SigningFixture::instance();
    const auto module = signing::Module::load(kSoftHsmModule);
    auto session = module.openSession(kPinTokenLabel);
    std::string wrong = "0000";
    try {
        session.login(wrong);
        FAIL("expected PinIncorrect");
    } catch (const SigningError& e) {
        CHECK(e.code() == SigningError::Code::PinIncorrect);
        CHECK(e.isTokenError());
        // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure; the message says so.
        CHECK(std::string(e.what()).find("wrong PIN") != std::string::npos);
        CHECK(std::string(e.what()).find("few tries remain") != std::string::npos);
    }
    CHECK(wrong.empty());
    CHECK(session.token().pin.countLow);
    std::string right = kPin;
    CHECK_NOTHROW(session.login(right));
}

TEST_CASE("a missing module or token is a clear error", "[signing][token]") {
    SigningFixture::instance();
    try {
        signing::Module::load("/nonexistent/libvendor-pkcs11.so");
        FAIL("expected ModuleLoad");
    } catch (const SigningError& e) {
        CHECK(e.code() == SigningError::Code::ModuleLoad);
        CHECK(std::string(e.what()).find("/nonexistent/libvendor-pkcs11.so") != std::string::npos);
    }
    // A shared library that is no PKCS#11 module (no C_GetFunctionList): an error, and we go on.
    CHECK_THROWS_MATCHES(signing::Module::load("/usr/lib/x86_64-linux-gnu/libz.so.1"), SigningError,
                         Catch::Predicate<SigningError>([](const SigningError& e) {
                             return e.code() == SigningError::Code::ModuleLoad &&
                                    std::string(e.what()).find("libz.so.1") != std::string::npos;
                         }));
    const auto module = signing::Module::load(kSoftHsmModule);
    try {
        module.openSession("no-such-token");
        FAIL("expected NoToken");
    } catch (const SigningError& e) {
        CHECK(e.code() == SigningError::Code::NoToken);
        CHECK(std::string(e.what()).find("no-such-token") != std::string::npos);
    }
    // Two tokens are present: choosing none is ambiguous, not a guess.
    CHECK_THROWS_MATCHES(module.openSession(), SigningError,
                         Catch::Predicate<SigningError>([](const SigningError& e) {
                             return e.code() == SigningError::Code::AmbiguousToken;
                         }));
}
