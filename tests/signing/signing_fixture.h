// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A SoftHSM2 token and a test PKI made by the tests themselves, once per test process:
// SoftHSM reads SOFTHSM2_CONF when it is first initialised, so one configuration serves all.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <string>

#include "support/run_tool.h"
#include "support/temp_dir.h"

namespace motcua::test {

inline constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";
inline constexpr const char* kTokenLabel = "motcua-test";
inline constexpr const char* kPinTokenLabel = "motcua-pin";  ///< for wrong-PIN tests only
inline constexpr const char* kPin = "1234";
inline constexpr const char* kSoPin = "87654321";
inline constexpr const char* kRsaId = "A1";
inline constexpr const char* kEcId = "E1";
inline constexpr const char* kBadKuId = "B1";
inline constexpr const char* kRsa3072Id = "A3";
inline constexpr const char* kExpiredId = "D1";  ///< expired in 2021
inline constexpr const char* kRevokedId = "F1";  ///< listed in crlPath()

/// Runs a command, failing the test with its output (stdout and stderr) unless it exits 0.
inline std::string mustRun(const std::string& command) {
    const ToolResult r = runTool("(" + command + ") 2>&1");
    INFO(command << "\n" << r.out);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

/// Makes `name`.key and `name`.pem in `dir`, issued by `ca`.pem / `ca`.key there with the
/// extensions of the file `ext` (in `dir` too).
inline void issueTestCertificate(const TempDir& dir, const std::string& name,
                                 const std::string& keyAlg, const std::string& subject,
                                 const std::string& ca, const std::string& ext) {
    auto q = [&](const std::string& f) { return shellQuote(dir.file(f)); };
    mustRun("openssl genpkey " + keyAlg + " -out " + q(name + ".key"));
    mustRun("openssl req -new -utf8 -key " + q(name + ".key") + " -subj " + shellQuote(subject) +
            " -out " + q(name + ".csr"));
    mustRun("openssl x509 -req -in " + q(name + ".csr") + " -CA " + q(ca + ".pem") + " -CAkey " +
            q(ca + ".key") + " -CAcreateserial -days 1000 -sha256 -extfile " + q(ext) + " -out " +
            q(name + ".pem"));
}

/// Writes `name`.pem of `dir` on the SoftHSM token `token` as a certificate with CKA_ID `id`.
inline void writeTestCertificate(const TempDir& dir, const std::string& token,
                                 const std::string& name, const std::string& id) {
    auto q = [&](const std::string& f) { return shellQuote(dir.file(f)); };
    mustRun("openssl x509 -in " + q(name + ".pem") + " -outform DER -out " + q(name + ".der"));
    mustRun(std::string("pkcs11-tool --module ") + kSoftHsmModule + " --token-label " + token +
            " --login --pin " + kPin + " --write-object " + q(name + ".der") +
            " --type cert --id " + id + " --label " + name);
}

/// Puts `name`.key and its certificate `name`.pem on the token, both with CKA_ID `id`.
inline void importTestKey(const TempDir& dir, const std::string& token, const std::string& name,
                          const std::string& id) {
    mustRun("softhsm2-util --import " + shellQuote(dir.file(name + ".key")) + " --token " + token +
            " --label " + name + " --id " + id + " --pin " + kPin);
    writeTestCertificate(dir, token, name, id);
}

class SigningFixture {
public:
    static SigningFixture& instance() {
        static SigningFixture fixture;
        return fixture;
    }
    const TempDir& dir() const { return m_dir; }
    std::string rootPem() const { return m_dir.file("root.pem"); }
    std::string interPem() const { return m_dir.file("inter.pem"); }
    std::string file(const std::string& name) const { return m_dir.file(name); }
    /// The intermediate CA's CRL (PEM), listing the revoked signer.
    std::string crlPath() const { return m_dir.file("inter.crl"); }
    /// A fresh NSS database trusting the test root, for pdfsig. The other certificates go in
    /// without any trust: pdfsig 22.12 reports "Unknown issue with Certificate" for the second
    /// signature by a signer it only knows from an earlier CMS of the same file (a temporary NSS
    /// certificate it leaks), though the signature is valid; knowing the certificate avoids that.
    std::string nssDb(const TempDir& where) const {
        const std::string db = where.file("nss");
        mustRun("mkdir -p " + shellQuote(db) + " && certutil -N --empty-password -d sql:" +
                shellQuote(db) + " && certutil -A -n root -t CT,C,C -i " + shellQuote(rootPem()) +
                " -d sql:" + shellQuote(db));
        for (const char* name : {"inter", "rsa", "ec", "badku"})
            mustRun(std::string("certutil -A -n ") + name + " -t ,, -i " +
                    shellQuote(file(std::string(name) + ".pem")) + " -d sql:" + shellQuote(db));
        return db;
    }

private:
    SigningFixture() {
        const std::string tokens = m_dir.file("tokens");
        mustRun("mkdir -p " + shellQuote(tokens));
        m_dir.write("softhsm2.conf", "directories.tokendir = " + tokens +
                                         "\nobjectstore.backend = file\nlog.level = ERROR\n");
        ::setenv("SOFTHSM2_CONF", m_dir.file("softhsm2.conf").c_str(), 1);
        makePki();
        for (const char* label : {kTokenLabel, kPinTokenLabel})
            mustRun(std::string("softhsm2-util --init-token --free --label ") + label +
                    " --so-pin " + kSoPin + " --pin " + kPin);
        importKey("rsa", kRsaId);
        importKey("ec", kEcId);
        importKey("badku", kBadKuId);
        importKey("rsa3072", kRsa3072Id);
        importKey("expired", kExpiredId);
        importKey("revoked", kRevokedId);
        writeCert("inter", "C1");
        writeCert("root", "C0");
    }

    std::string q(const std::string& name) const { return shellQuote(m_dir.file(name)); }

    void makePki() {
        m_dir.write("ca.ext",
                    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        m_dir.write("signer.ext",
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        m_dir.write("badku.ext",
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        const std::string rsa = "-algorithm RSA -pkeyopt rsa_keygen_bits:2048";
        mustRun("openssl genpkey " + rsa + " -out " + q("root.key"));
        mustRun("openssl req -x509 -new -key " + q("root.key") + " -out " + q("root.pem") +
                " -days 3650 -subj '/CN=MotCua Test Root CA/O=MotCua Test' -sha256"
                " -addext basicConstraints=critical,CA:TRUE -addext "
                "keyUsage=critical,keyCertSign,cRLSign");
        issue("inter", rsa, "/CN=MotCua Test Intermediate CA/O=MotCua Test", "root", "ca.ext");
        issue("rsa", rsa, "/CN=Nguyễn Văn An/O=UBND Phường Test", "inter", "signer.ext");
        issue("ec", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256",
              "/CN=Trần Thị Bình/O=UBND Phường Test", "inter", "signer.ext");
        issue("badku", rsa, "/CN=Wrong Key Usage/O=UBND Phường Test", "inter", "badku.ext");
        issue("rsa3072", "-algorithm RSA -pkeyopt rsa_keygen_bits:3072",
              "/CN=Phạm Thị Dung/O=UBND Phường Test", "inter", "signer.ext");
        // The intermediate as an `openssl ca`, for dates in the past, revocation and its CRL.
        const std::string ca = m_dir.file("ca");
        mustRun("mkdir -p " + shellQuote(ca + "/new") + " && touch " +
                shellQuote(ca + "/index.txt") + " && echo 1000 > " + shellQuote(ca + "/serial") +
                " && echo 1000 > " + shellQuote(ca + "/crlnumber"));
        m_dir.write(
            "ca.cnf",
            "[ca]\ndefault_ca = inter\n[inter]\ndir = " + ca +
                "\ndatabase = $dir/index.txt\n"
                "new_certs_dir = $dir/new\nserial = $dir/serial\ncrlnumber = $dir/crlnumber\n"
                "certificate = " +
                m_dir.file("inter.pem") + "\nprivate_key = " + m_dir.file("inter.key") +
                "\ndefault_md = sha256\ndefault_crl_days = 30\npolicy = any\nunique_subject = no\n"
                "x509_extensions = signer\n[any]\ncommonName = supplied\norganizationName = "
                "optional\n"
                "[signer]\nbasicConstraints = CA:FALSE\nkeyUsage = "
                "critical,digitalSignature,nonRepudiation\n"
                "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n");
        caIssue("expired", "/CN=Expired Signer/O=UBND Phuong Test",
                "-startdate 20200101000000Z -enddate 20210101000000Z");
        caIssue("revoked", "/CN=Revoked Signer/O=UBND Phuong Test", "-days 1000");
        mustRun("openssl ca -batch -config " + q("ca.cnf") + " -revoke " + q("revoked.pem") +
                " -crl_reason keyCompromise");
        mustRun("openssl ca -batch -config " + q("ca.cnf") + " -gencrl -out " + q("inter.crl"));
    }

    void caIssue(const std::string& name, const std::string& subject, const std::string& dates) {
        mustRun("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " +
                q(name + ".key"));
        mustRun("openssl req -new -key " + q(name + ".key") + " -subj " + shellQuote(subject) +
                " -out " + q(name + ".csr"));
        mustRun("openssl ca -batch -notext -config " + q("ca.cnf") + " -in " + q(name + ".csr") +
                " -out " + q(name + ".pem") + " " + dates);
    }

    void issue(const std::string& name, const std::string& keyAlg, const std::string& subject,
               const std::string& ca, const std::string& ext) {
        issueTestCertificate(m_dir, name, keyAlg, subject, ca, ext);
    }
    void importKey(const std::string& name, const std::string& id) {
        importTestKey(m_dir, kTokenLabel, name, id);
    }
    void writeCert(const std::string& name, const std::string& id) {
        writeTestCertificate(m_dir, kTokenLabel, name, id);
    }

    TempDir m_dir;
};

}  // namespace motcua::test
