// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The reference server over HTTPS on 127.0.0.1 that trusts the signing fixture's CA and knows
// one supervisor of the test ward, "hoa", whose certificate is the token's RSA one: the server
// the tests of results signed at a desk push to.
#pragma once

#include "server_fixture.h"
#include "signing/pades_helpers.h"
#include "sync/desk_fixture.h"

namespace motcua::test {

struct SupervisorServer {
    TestPki tls;
    TestDatabase database;
    server::ServerStore store;
    server::HttpsServer https;

    SupervisorServer(const TempDir& dir, const SigningFixture& pki)
        : tls(dir), database(dir), store(database.options()), https(store, configFor(tls)) {
        https.start();
        store.setTrust({pki.rootPem()}, {});
        store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword,
                       signing::readPemCertificates(pki.file("rsa.pem"))},
                      1000);
    }

private:
    static server::ServerConfig configFor(const TestPki& tls) {
        server::ServerConfig config;
        config.certFile = tls.serverCert;
        config.keyFile = tls.serverKey;
        return config;
    }
};

}  // namespace motcua::test
