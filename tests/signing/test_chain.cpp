// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Signatures carry their chain: a three-level PKI (root → intermediate → signer) whose
// intermediates are on a token, only in the ward's CA file, or nowhere; verifiers (ours, pdfsig)
// hold only the root.
#include <cstdio>
#include <sstream>

#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/timestamp.h"
#include "motcua/signing/verify.h"
#include "pades_helpers.h"
#include "pdf_samples.h"

using namespace motcua;
using namespace motcua::test;

namespace {

constexpr const char* kBareToken = "motcua-chain-bare";  ///< signer certificates and keys, no CA
constexpr const char* kCaToken = "motcua-chain-ca";      ///< a signer and its intermediate
constexpr const char* kOfficerId = "0A";  ///< issued by the Officers CA (in the CA file only)
constexpr const char* kOrphanId = "0C";   ///< issued by the Orphan CA (nowhere)
constexpr const char* kLoopId = "0D";     ///< issued by X, which X and Y cross-certify
constexpr const char* kLeaderId = "0B";   ///< issued by the Leaders CA (on kCaToken)

class ChainFixture {
public:
    static ChainFixture& instance() {
        static ChainFixture fixture;
        return fixture;
    }
    std::string file(const std::string& name) const { return m_dir.file(name); }
    std::string rootPem() const { return file("root.pem"); }
    /// The ward's CA file: the Officers and Leaders intermediates and the root.
    std::string caFile() const { return file("ward-ca.pem"); }
    /// A NSS database that knows the root only (trusted): the intermediates must come from the CMS.
    std::string nssDb(const TempDir& where) const {
        const std::string db = where.file("nss");
        mustRun("mkdir -p " + shellQuote(db) + " && certutil -N --empty-password -d sql:" +
                shellQuote(db) + " && certutil -A -n root -t CT,C,C -i " + shellQuote(rootPem()) +
                " -d sql:" + shellQuote(db));
        return db;
    }
    /// A TimeStampResp from `openssl ts -reply`, by a TSA of the Leaders CA that embeds it.
    std::string tsaReply(const std::string& queryDer) const {
        const TempDir work;
        const std::string query = work.write("q.tsq", queryDer);
        mustRun("openssl ts -reply -config " + q("tsa.cnf") + " -queryfile " + shellQuote(query) +
                " -out " + shellQuote(work.file("r.tsr")));
        return readFileForTest(work.file("r.tsr"));
    }

private:
    ChainFixture() {
        SigningFixture::instance();  // SOFTHSM2_CONF, before the tokens are made
        m_dir.write("ca.ext",
                    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        m_dir.write("signer.ext",
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        m_dir.write("tsa.ext",
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=critical,timeStamping\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        const std::string rsa = "-algorithm RSA -pkeyopt rsa_keygen_bits:2048";
        selfSigned("root", "MotCua Chain Test Root");
        selfSigned("x0", "X");
        selfSigned("y0", "Y");
        issue("officers", rsa, "/CN=MotCua Chain Officers CA/O=MotCua Test", "root", "ca.ext");
        issue("leaders", rsa, "/CN=MotCua Chain Leaders CA/O=MotCua Test", "root", "ca.ext");
        issue("orphans", rsa, "/CN=MotCua Chain Orphan CA/O=MotCua Test", "root", "ca.ext");
        issue("officer", rsa, "/CN=Lê Văn Cường/O=UBND Phường Chain", "officers", "signer.ext");
        issue("leader", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256",
              "/CN=Hoàng Thị Dung/O=UBND Phường Chain", "leaders", "signer.ext");
        issue("orphan", rsa, "/CN=Orphan Signer/O=UBND Phường Chain", "orphans", "signer.ext");
        issue("tsa", rsa, "/CN=MotCua Chain TSA/O=MotCua Test", "leaders", "tsa.ext");
        // X and Y certify each other: X by Y (x1) and Y by X (y1), same names and keys as x0, y0.
        crossCertify("x1", "x0", "y0");
        crossCertify("y1", "y0", "x0");
        issue("looped", rsa, "/CN=Looped Signer/O=UBND Phường Chain", "x0", "signer.ext");
        mustRun("cat " + q("officers.pem") + " " + q("leaders.pem") + " " + q("root.pem") + " > " +
                q("ward-ca.pem"));
        mustRun("cat " + q("x1.pem") + " " + q("y1.pem") + " > " + q("loop-ca.pem"));

        for (const char* label : {kBareToken, kCaToken})
            mustRun(std::string("softhsm2-util --init-token --free --label ") + label +
                    " --so-pin " + kSoPin + " --pin " + kPin);
        importTestKey(m_dir, kBareToken, "officer", kOfficerId);
        importTestKey(m_dir, kBareToken, "orphan", kOrphanId);
        importTestKey(m_dir, kBareToken, "looped", kLoopId);
        importTestKey(m_dir, kCaToken, "leader", kLeaderId);
        writeTestCertificate(m_dir, kCaToken, "leaders", "CB");

        m_dir.write("tsa.serial", "01\n");
        m_dir.write("tsa.cnf",
                    "[tsa]\ndefault_tsa = t\n[t]\nserial = " + file("tsa.serial") +
                        "\nsigner_cert = " + file("tsa.pem") + "\ncerts = " + file("leaders.pem") +
                        "\nsigner_key = " + file("tsa.key") +
                        "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
                        "digests = sha256\naccuracy = secs:1\nordering = no\ntsa_name = no\n"
                        "ess_cert_id_chain = no\ness_cert_id_alg = sha256\n");
    }

    std::string q(const std::string& name) const { return shellQuote(m_dir.file(name)); }
    void issue(const std::string& name, const std::string& keyAlg, const std::string& subject,
               const std::string& ca, const std::string& ext) {
        issueTestCertificate(m_dir, name, keyAlg, subject, ca, ext);
    }
    void selfSigned(const std::string& name, const std::string& cn) {
        mustRun("openssl req -x509 -new -newkey rsa:2048 -nodes -keyout " + q(name + ".key") +
                " -out " + q(name + ".pem") + " -days 3650 -sha256 -subj " +
                shellQuote("/CN=" + cn + "/O=MotCua Test") +
                " -addext basicConstraints=critical,CA:TRUE"
                " -addext keyUsage=critical,keyCertSign,cRLSign");
    }
    /// `out`: the subject and key of `self` (a root), issued by `by`.
    void crossCertify(const std::string& out, const std::string& self, const std::string& by) {
        mustRun("openssl x509 -x509toreq -in " + q(self + ".pem") + " -signkey " +
                q(self + ".key") + " -out " + q(out + ".csr"));
        mustRun("openssl x509 -req -in " + q(out + ".csr") + " -CA " + q(by + ".pem") + " -CAkey " +
                q(by + ".key") + " -CAcreateserial -days 1000 -sha256 -extfile " + q("ca.ext") +
                " -out " + q(out + ".pem"));
    }

    TempDir m_dir;
};

/// A logged-in session on one of the chain tokens.
struct ChainLogin {
    const ChainFixture& fixture = ChainFixture::instance();
    signing::Module module = signing::Module::load(kSoftHsmModule);
    signing::TokenSession session;
    explicit ChainLogin(const char* token) : session(module.openSession(token)) {
        std::string pin = kPin;
        session.login(pin);
    }
};

/// Runs `motcua`; its stderr too when asked (the warnings of `sign`).
ToolResult cli(const std::string& args, bool withStderr = false) {
    const std::string command = "MOTCUA_TEST_PIN=1234 " + shellQuote(MOTCUA_CLI_PATH) +
                                " --db /nonexistent/unused.db " + args;
    // Inside the parentheses: runTool sends the outer stderr to /dev/null.
    return runTool(withStderr ? "(" + command + " 2>&1)" : command);
}

/// `motcua sign IN --out OUT` with a key of a chain token; `extra` adds e.g. --ca. With stderr.
ToolResult cliSign(const std::string& in, const std::string& out, const char* token,
                   const char* keyId, const std::string& extra = "") {
    return cli("sign " + shellQuote(in) + " --out " + shellQuote(out) + " --module " +
                   kSoftHsmModule + " --token " + token + " --key-id " + keyId +
                   " --pin-env MOTCUA_TEST_PIN " + extra,
               true);
}

/// The subjects of the certificates the `n`th signature's CMS embeds (openssl pkcs7 -print_certs).
std::string embeddedSubjects(const std::string& pdf, int n) {
    std::size_t br = std::string::npos;
    for (int i = 0; i < n; ++i) br = pdf.find("/ByteRange [", br + 1);
    REQUIRE(br != std::string::npos);
    std::size_t a = 0, b = 0, c = 0, d = 0;
    REQUIRE(std::sscanf(pdf.c_str() + br, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d) == 4);
    const TempDir dir;
    const std::string der = dir.write("sig.der", signing::fromHex(pdf.substr(b + 1, c - b - 2)));
    std::istringstream lines(
        mustRun("openssl pkcs7 -inform DER -in " + shellQuote(der) + " -print_certs -noout"));
    std::string subjects;
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("subject=", 0) == 0) subjects += line + "\n";
    return subjects;
}

std::string pdfsig(const std::string& path) {
    const TempDir nss;
    return pdfsigReport(ChainFixture::instance().nssDb(nss), path);
}

/// pdfsig, with a NSS database that knows only the root, finds `n` valid signatures whose
/// certificates it trusts: the intermediates came from the CMS.
void checkPdfsigTrustsFile(const std::string& path, int n) {
    const std::string out = pdfsig(path);
    INFO(out);
    checkPdfsigTrusts(out, n);
}

}  // namespace

TEST_CASE("an intermediate only in the ward's CA file is embedded and trusted through the root",
          "[signing][chain]") {
    const ChainFixture& fx = ChainFixture::instance();
    {
        ChainLogin login(kBareToken);
        auto signer = login.session.signer(kOfficerId, {}, {fx.caFile()});
        // The Officers CA, then the root it found in the file.
        REQUIRE(signer->chain().size() == 2);
        CHECK(signing::describeCertificate(signer->chain()[0]).commonName ==
              "MotCua Chain Officers CA");
        CHECK(signing::describeCertificate(signer->chain()[1]).commonName ==
              "MotCua Chain Test Root");
        CHECK(login.session.signer(kOfficerId)->chain().empty());  // the token has no CA
    }
    const TempDir dir;
    const std::string in = dir.write("in.pdf", makeClassicPdf(true));
    const std::string out = dir.file("signed.pdf");
    const auto signedByCli =
        cliSign(in, out, kBareToken, kOfficerId, "--ca " + shellQuote(fx.caFile()));
    INFO(signedByCli.out);
    REQUIRE(signedByCli.exitCode == 0);
    CHECK(signedByCli.out.find("neither on the token") == std::string::npos);

    const std::string pdf = readFileForTest(out);
    const std::string subjects = embeddedSubjects(pdf, 1);
    INFO(subjects);
    CHECK(countOf(subjects, "subject=") == 2);  // the signer and its intermediate; not the root
    CHECK(countOf(subjects, "CN = MotCua Chain Officers CA") == 1);
    CHECK(subjects.find("Test Root") == std::string::npos);

    const auto verified = cli("verify " + shellQuote(out) + " --trust " + shellQuote(fx.rootPem()));
    INFO(verified.out);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("signature 1: VALID - Lê Văn Cường") != std::string::npos);
    checkPdfsigTrustsFile(out, 1);
}

TEST_CASE("an intermediate on the token is embedded once, also when the CA file has it",
          "[signing][chain]") {
    const ChainFixture& fx = ChainFixture::instance();
    ChainLogin login(kCaToken);
    auto fromToken = login.session.signer(kLeaderId);
    REQUIRE(fromToken->chain().size() == 1);  // the root is not on this token
    CHECK(signing::describeCertificate(fromToken->chain()[0]).commonName ==
          "MotCua Chain Leaders CA");
    auto both = login.session.signer(kLeaderId, {}, {fx.caFile(), fx.caFile()});
    CHECK(both->chain().size() == 2);  // Leaders CA (token and file, once), root

    const TempDir dir;
    for (auto* signer : {fromToken.get(), both.get()}) {
        const std::string pdf =
            signing::signPdf(makeClassicPdf(false), *signer, signOptions("Lãnh đạo ký duyệt"));
        const std::string subjects = embeddedSubjects(pdf, 1);
        INFO(subjects);
        CHECK(countOf(subjects, "subject=") == 2);
        CHECK(countOf(subjects, "CN = MotCua Chain Leaders CA") == 1);
        const auto reports = signing::verifyPdf(pdf, {fx.rootPem()});
        REQUIRE(reports.size() == 1);
        INFO((reports[0].problems.empty() ? "" : reports[0].problems.front()));
        CHECK(reports[0].ok());
        checkPdfsigTrustsFile(dir.write("signed.pdf", pdf), 1);
    }
}

TEST_CASE("officer, supervisor and a document timestamp each carry their own intermediate",
          "[signing][chain]") {
    const ChainFixture& fx = ChainFixture::instance();
    const TempDir dir;
    const std::string in = dir.write("form.pdf", makeClassicPdf(true));
    REQUIRE(
        cliSign(in, dir.file("1.pdf"), kBareToken, kOfficerId, "--ca " + shellQuote(fx.caFile()))
            .exitCode == 0);
    REQUIRE(cliSign(dir.file("1.pdf"), dir.file("2.pdf"), kCaToken, kLeaderId).exitCode == 0);
    const std::string stamped = signing::addDocumentTimestamp(
        readFileForTest(dir.file("2.pdf")), [&](const std::string& q) { return fx.tsaReply(q); });
    const std::string path = dir.write("3.pdf", stamped);

    CHECK(embeddedSubjects(stamped, 1).find("Officers CA") != std::string::npos);
    CHECK(embeddedSubjects(stamped, 1).find("Leaders CA") == std::string::npos);
    CHECK(embeddedSubjects(stamped, 2).find("Leaders CA") != std::string::npos);
    CHECK(embeddedSubjects(stamped, 2).find("Officers CA") == std::string::npos);

    const auto verified =
        cli("verify " + shellQuote(path) + " --trust " + shellQuote(fx.rootPem()));
    INFO(verified.out);
    CHECK(verified.exitCode == 0);
    CHECK(verified.out.find("signature 1: VALID - Lê Văn Cường") != std::string::npos);
    CHECK(verified.out.find("signature 2: VALID - Hoàng Thị Dung") != std::string::npos);
    CHECK(verified.out.find("document timestamp 3: VALID - TSA MotCua Chain TSA") !=
          std::string::npos);
    CHECK(countOf(verified.out, "(PAdES B-T)") == 2);
    // pdfsig 22.12 does not validate /ETSI.RFC3161 (see test_timestamp.cpp): the two signatures.
    checkPdfsigTrustsFile(path, 2);
}

TEST_CASE("without its intermediate anywhere a signature is made but not trusted, and says why",
          "[signing][chain]") {
    const ChainFixture& fx = ChainFixture::instance();
    const TempDir dir;
    const std::string out = dir.file("orphan.pdf");
    const auto signedByCli = cliSign(dir.write("in.pdf", makeClassicPdf(false)), out, kBareToken,
                                     kOrphanId, "--ca " + shellQuote(fx.caFile()));
    INFO(signedByCli.out);
    REQUIRE(signedByCli.exitCode == 0);
    CHECK(signedByCli.out.find("MotCua Chain Orphan CA") != std::string::npos);
    CHECK(signedByCli.out.find("is neither on the token nor in a --ca file") != std::string::npos);
    const std::string pdf = readFileForTest(out);
    CHECK(countOf(embeddedSubjects(pdf, 1), "subject=") == 1);  // the signer alone

    const auto verified = cli("verify " + shellQuote(out) + " --trust " + shellQuote(fx.rootPem()));
    INFO(verified.out);
    CHECK(verified.exitCode == 2);
    CHECK(verified.out.find("signature 1: INVALID - Orphan Signer") != std::string::npos);
    CHECK(
        verified.out.find(
            "problem: the certificate chain is not trusted: unable to get local issuer certificate "
            "(the issuer O=MotCua Test,CN=MotCua Chain Orphan CA of ") != std::string::npos);
    CHECK(verified.out.find("neither embedded in the signature nor among the trust anchors") !=
          std::string::npos);
    CHECK(pdfsig(out).find("Certificate Validation: Certificate is Trusted.") == std::string::npos);

    // Each signature stands on its own: a later one without its chain is not rescued by an
    // earlier signature of the same file that embeds the issuer (pdfsig 22.12 does not trust
    // it either: "Unknown issue with Certificate").
    const std::string second = dir.file("second.pdf");
    REQUIRE(cliSign(dir.write("in2.pdf", makeClassicPdf(false)), dir.file("first.pdf"), kBareToken,
                    kOfficerId, "--ca " + shellQuote(fx.caFile()))
                .exitCode == 0);
    REQUIRE(cliSign(dir.file("first.pdf"), second, kBareToken, kOfficerId).exitCode == 0);
    const auto reports = signing::verifyPdf(readFileForTest(second), {fx.rootPem()});
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].ok());
    CHECK_FALSE(reports[1].trusted);
}

TEST_CASE("CA certificates that certify each other end the chain instead of looping",
          "[signing][chain]") {
    const ChainFixture& fx = ChainFixture::instance();
    ChainLogin login(kBareToken);
    auto signer = login.session.signer(kLoopId, {}, {fx.file("loop-ca.pem"), fx.caFile()});
    const auto chain = signer->chain();
    REQUIRE(chain.size() == 2);  // X (by Y), Y (by X), then X again is refused
    CHECK(signing::describeCertificate(chain[0]).commonName == "X");
    CHECK(signing::describeCertificate(chain[1]).commonName == "Y");
    const std::string pdf = signing::signPdf(makeClassicPdf(false), *signer, signOptions("x"));
    CHECK(countOf(embeddedSubjects(pdf, 1), "subject=") == 3);
    // Trusting X's self-signed certificate: the leaf's path ends there; the cross-certificates
    // embedded beside it do no harm.
    const auto reports = signing::verifyPdf(pdf, {fx.file("x0.pem")});
    REQUIRE(reports.size() == 1);
    CHECK(reports[0].trusted);
    CHECK_THROWS_AS(login.session.signer(kLoopId, {}, {fx.file("missing.pem")}),
                    signing::SigningError);
}
