// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A desk of the test ward (kWard) for sync tests: its own database and blob folder in a
// temporary directory, on a fixed clock, and an HTTPS transport to a server fixture.
#pragma once

#include <memory>
#include <string>

#include "../server/server_fixture.h"
#include "motcua/core/date_time.h"
#include "motcua/store/store.h"
#include "motcua/sync/transport.h"
#include "support/intake_request.h"

namespace motcua::test {

struct Desk {
    TempDir dir;
    FixedClock clock{LocalDateTime::at(
        Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{10}}, 9, 15)};
    store::Store store;

    explicit Desk(int deskNumber, const std::string& ward = kWard)
        : store(store::Store::open(dir.file("ward.db"), true, clock)) {
        store.settings().initialize({ward, "UBND phường Bồ Đề", deskNumber,
                                     "Cán bộ " + std::to_string(deskNumber), "Hà Nội", ""},
                                    readResource("catalog/procedures.json"),
                                    readResource("calendar/vn-days-off.json"));
    }

    /// An intake with a valid applicant, optionally with an attachment of `attachmentBytes`
    /// bytes made unique by `tag`.
    Dossier intake(const std::string& name, const std::string& tag = {},
                   std::size_t attachmentBytes = 0) {
        auto r = intakeRequest("2.000815", applicantNamed(name));
        if (attachmentBytes > 0) {
            std::string bytes = "%PDF-1.4 attachment " + tag + "\n";
            while (bytes.size() < attachmentBytes) bytes += tag + " ";
            bytes.resize(attachmentBytes);
            r.attachmentPaths.push_back(dir.write("scan-" + tag + ".pdf", bytes));
        }
        return store.dossiers().intake(r);
    }

    std::int64_t dossierCount() {
        return static_cast<std::int64_t>(store.dossiers().list({.limit = 1000000}).size());
    }
};

inline std::unique_ptr<sync::HttpsTransport> transportTo(std::uint16_t port,
                                                         const std::string& caFile) {
    return std::make_unique<sync::HttpsTransport>(sync::HttpsTransportConfig{
        "https://127.0.0.1:" + std::to_string(port), caFile, std::chrono::seconds(10)});
}

}  // namespace motcua::test
