// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A time-stamp authority's certificate in the signing tests' PKI (issued by its intermediate,
// so pdfsig's NSS database, trusting the test root, trusts it too) and `openssl ts -reply`
// as an independent TSA to answer queries with.
#pragma once

#include <cctype>
#include <string>

#include "motcua/signing/certificate.h"
#include "signing_fixture.h"

namespace motcua::test {

class TsaFixture {
public:
    static TsaFixture& instance() {
        static TsaFixture fixture;
        return fixture;
    }
    std::string certPem() const { return m_dir.file("tsa.pem"); }
    /// The TSA certificate followed by the intermediate: what support/test_tsa.h takes.
    std::string chainPem() const { return m_dir.file("tsa-chain.pem"); }
    std::string keyPem() const { return m_dir.file("tsa.key"); }
    std::string file(const std::string& name) const { return m_dir.file(name); }

    /// A TimeStampResp made by the openssl command for `queryDer`.
    std::string opensslReply(const std::string& queryDer) const {
        const TempDir work;
        const std::string query = work.write("query.tsq", queryDer);
        mustRun("openssl ts -reply -config " + shellQuote(file("tsa.cnf")) + " -queryfile " +
                shellQuote(query) + " -out " + shellQuote(work.file("reply.tsr")));
        return readFileForTest(work.file("reply.tsr"));
    }

    /// `openssl ts -verify` of the last document timestamp of `pdf` over its byte range,
    /// trusting the signing tests' root: what it prints ("Verification: OK" when good).
    std::string opensslVerifyLast(const std::string& pdf) const {
        const std::size_t at = pdf.rfind("/ByteRange [");
        REQUIRE(at != std::string::npos);
        std::size_t range[4] = {};
        std::size_t p = at + 12;
        for (auto& v : range) {
            while (pdf[p] == ' ') ++p;
            for (; std::isdigit(static_cast<unsigned char>(pdf[p])); ++p)
                v = v * 10 + std::size_t(pdf[p] - '0');
        }
        const TempDir work;
        const std::string data =
            work.write("data", pdf.substr(range[0], range[1]) + pdf.substr(range[2], range[3]));
        std::string hex = pdf.substr(range[1] + 1, range[2] - range[1] - 2);
        while (hex.size() >= 2 && hex.compare(hex.size() - 2, 2, "00") == 0)
            hex.resize(hex.size() - 2);
        work.write("token.der", signing::fromHex(hex));
        const ToolResult r = runTool("openssl ts -verify -data " + shellQuote(data) + " -in " +
                                     shellQuote(work.file("token.der")) + " -token_in -CAfile " +
                                     shellQuote(SigningFixture::instance().rootPem()) +
                                     " -untrusted " + shellQuote(chainPem()) + " 2>&1");
        return r.out;
    }

private:
    TsaFixture() {
        const SigningFixture& pki = SigningFixture::instance();
        m_dir.write("tsa.ext",
                    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=critical,timeStamping\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        mustRun("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " +
                q("tsa.key"));
        mustRun("openssl req -new -key " + q("tsa.key") +
                " -subj '/CN=MotCua Test TSA/O=MotCua Test' -out " + q("tsa.csr"));
        mustRun("openssl x509 -req -in " + q("tsa.csr") + " -CA " + shellQuote(pki.interPem()) +
                " -CAkey " + shellQuote(pki.file("inter.key")) +
                " -CAcreateserial -days 1000 -sha256 -extfile " + q("tsa.ext") + " -out " +
                q("tsa.pem"));
        mustRun("cat " + q("tsa.pem") + " " + shellQuote(pki.interPem()) + " > " +
                q("tsa-chain.pem"));
        m_dir.write("tsa.serial", "01\n");
        m_dir.write("tsa.cnf",
                    "[tsa]\ndefault_tsa = tsa1\n[tsa1]\nserial = " + file("tsa.serial") +
                        "\nsigner_cert = " + file("tsa.pem") + "\ncerts = " + pki.interPem() +
                        "\nsigner_key = " + file("tsa.key") +
                        "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
                        "digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\n"
                        "tsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n");
    }
    std::string q(const std::string& name) const { return shellQuote(m_dir.file(name)); }

    TempDir m_dir;
};

}  // namespace motcua::test
