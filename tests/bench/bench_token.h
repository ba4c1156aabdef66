// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// What the signing benchmarks share: a SoftHSM2 token made for the run (one RSA-2048 key and
// its certificate, CKA_ID A1), one-page PDFs to sign, a signer that records what the token
// signed, and the anchor: raw C_SignInit + C_Sign of those messages with the same key.
#pragma once

#include <p11-kit/pkcs11.h>

#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "motcua/signing/signer.h"
#include "support/minimal_pdf.h"
#include "support/temp_dir.h"

namespace motcua::bench {

using Steady = std::chrono::steady_clock;
constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";

inline void run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
        std::cerr << "bench_signing: failed: " << command << "\n";
        std::exit(1);
    }
}

inline std::string onePagePdf(int n) {
    const std::string content =
        "BT /F1 18 Tf 72 760 Td (Giay tiep nhan ho so " + std::to_string(n) + ") Tj ET\n";
    const std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font "
        "<< /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
    return test::pdfOfObjects(objects);
}

/// Passes signatures through, keeping each message the token signed.
class Recording final : public signing::Signer {
public:
    explicit Recording(signing::Signer& inner) : m_inner(inner) {}
    const signing::CertificateInfo& certificate() const override { return m_inner.certificate(); }
    std::vector<std::string> chain() const override { return m_inner.chain(); }
    std::string sign(std::string_view message) override {
        messages.emplace_back(message);
        return m_inner.sign(message);
    }
    std::vector<std::string> messages;

private:
    signing::Signer& m_inner;
};

inline void check(CK_RV rv, const char* what) {
    if (rv != CKR_OK) {
        std::cerr << "bench_signing: " << what << " failed: 0x" << std::hex << rv << "\n";
        std::exit(1);
    }
}

/// Seconds for C_SignInit + C_Sign over every message, on a session of its own.
inline double rawSign(const std::vector<std::string>& messages, std::string pin) {
    void* lib = ::dlopen(kModule, RTLD_NOW);
    if (!lib) std::exit(1);
    auto getList =
        reinterpret_cast<CK_RV (*)(CK_FUNCTION_LIST_PTR_PTR)>(::dlsym(lib, "C_GetFunctionList"));
    CK_FUNCTION_LIST* fn = nullptr;
    check(getList(&fn), "C_GetFunctionList");
    // p11-kit initialised the module for the signing layer already in this process.
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV init = fn->C_Initialize(&args);
    if (init != CKR_CRYPTOKI_ALREADY_INITIALIZED) check(init, "C_Initialize");
    CK_ULONG count = 8;
    CK_SLOT_ID slots[8];
    check(fn->C_GetSlotList(CK_TRUE, slots, &count), "C_GetSlotList");
    CK_SESSION_HANDLE session = 0;
    check(fn->C_OpenSession(slots[0], CKF_SERIAL_SESSION, nullptr, nullptr, &session),
          "C_OpenSession");
    const CK_RV login =
        fn->C_Login(session, CKU_USER, reinterpret_cast<unsigned char*>(pin.data()), pin.size());
    if (login != CKR_USER_ALREADY_LOGGED_IN) check(login, "C_Login");
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    unsigned char id = 0xA1;
    CK_ATTRIBUTE templ[] = {{CKA_CLASS, &keyClass, sizeof keyClass}, {CKA_ID, &id, 1}};
    CK_OBJECT_HANDLE key = 0;
    CK_ULONG found = 0;
    check(fn->C_FindObjectsInit(session, templ, 2), "C_FindObjectsInit");
    check(fn->C_FindObjects(session, &key, 1, &found), "C_FindObjects");
    fn->C_FindObjectsFinal(session);
    if (found != 1) std::exit(1);
    CK_MECHANISM mech{CKM_SHA256_RSA_PKCS, nullptr, 0};
    const auto start = Steady::now();
    for (const auto& m : messages) {
        unsigned char out[512];
        CK_ULONG len = sizeof out;
        check(fn->C_SignInit(session, &mech, key), "C_SignInit");
        check(fn->C_Sign(session, reinterpret_cast<unsigned char*>(const_cast<char*>(m.data())),
                         m.size(), out, &len),
              "C_Sign");
    }
    const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
    fn->C_CloseSession(session);
    return seconds;
}

/// A token "bench" (PIN 1234) in a SoftHSM2 configuration of `dir`, set for this process.
inline void makeBenchToken(const test::TempDir& dir) {
    const std::string tokens = dir.file("tokens");
    run("mkdir -p " + tokens);
    dir.write("softhsm2.conf", "directories.tokendir = " + tokens +
                                   "\nobjectstore.backend = file\nlog.level = ERROR\n");
    ::setenv("SOFTHSM2_CONF", dir.file("softhsm2.conf").c_str(), 1);
    run("openssl req -x509 -new -newkey rsa:2048 -nodes -keyout " + dir.file("key.pem") + " -out " +
        dir.file("cert.pem") +
        " -days 30 -subj '/CN=Bench Signer' -addext keyUsage=critical,digitalSignature");
    run("openssl x509 -in " + dir.file("cert.pem") + " -outform DER -out " + dir.file("cert.der"));
    run("softhsm2-util --init-token --free --label bench --so-pin 87654321 --pin 1234");
    run("softhsm2-util --import " + dir.file("key.pem") +
        " --token bench --label k --id A1 --pin 1234");
    run(std::string("pkcs11-tool --module ") + kModule +
        " --token-label bench --login --pin 1234 --write-object " + dir.file("cert.der") +
        " --type cert --id A1 --label k");
}

}  // namespace motcua::bench
