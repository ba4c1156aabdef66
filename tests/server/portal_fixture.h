// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A server with a portal connector, a catalog and two wards' desks, for the online submission
// tests (docs/ONLINE.md): uploads, submissions, decisions pushed as desks push them.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "motcua/core/date_time.h"
#include "server_fixture.h"
#include "support/minimal_pdf.h"
#include "support/sha256_hex.h"

namespace motcua::test {

/// A one-page PDF whose text is `text` (ASCII), so pdftotext finds it.
inline std::string pdfWithText(const std::string& text) {
    const std::string stream = "BT /F1 14 Tf 72 720 Td (" + text + ") Tj ET";
    const std::vector<std::string> objects{
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
        ">> >> /Contents 4 0 R >>",
        "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
    return pdfOfObjects(objects, "%PDF-1.4\n");
}

/// The smallest PNG header a sniffer takes for a PNG, with some bytes after it.
inline std::string pngBytes(const std::string& salt) {
    return std::string("\x89PNG\r\n\x1A\n", 8) + "IHDR" + salt;
}

/// ISO local time `minutes` from now (negative: in the past).
inline std::string localIn(int minutes) {
    return formatIsoDateTime(
        toLocal(std::chrono::system_clock::now() + std::chrono::minutes(minutes)));
}

struct PortalFixture {
    ServerFixture server;
    TestClient portal = server.client();
    TestClient desk = server.client();  ///< binh, officer of kWard
    int seq = 0;

    PortalFixture() {
        server.store.addUser({"congthongtin", "Cổng DVC quốc gia", "portal", "", kPassword}, 1000);
        server.store.addUser({"congtp", "Hệ thống thành phố", "portal", "", kPassword}, 1000);
        server.store.addUser({"hoa", "Phạm Thị Hoa", "supervisor", kWard, kPassword}, 1000);
        server.store.importShared("catalog.import", catalog().dump());
        login(portal, "congthongtin");
        desk.login("binh", kPassword);
    }

    static nlohmann::json catalog() {
        const nlohmann::json limit{{"unit", "working_days"}, {"value", 3}};
        return {{"procedures",
                 {{{"code", "1.001193"},
                   {"name", "Đăng ký khai sinh"},
                   {"time_limit", limit},
                   {"wards", {kWard}}},
                  {{"code", "1.000894"}, {"name", "Đăng ký kết hôn"}, {"time_limit", limit}},
                  {{"code", "1.004227"},
                   {"name", "Thủ tục của phường khác"},
                   {"time_limit", limit},
                   {"wards", {kOtherWard}}}}}};
    }

    /// Logs a connector in (the desk's session decoder knows no portal role).
    static void login(TestClient& client, const std::string& username) {
        const Reply r =
            client.post("/api/v1/sessions", sync::encode(sync::LoginRequest{username, kPassword}));
        REQUIRE(r.status == 201);
        const auto body = nlohmann::json::parse(r.body);
        CHECK(body["user"]["role"] == "portal");
        client.token = body["token"].get<std::string>();
    }

    static std::string upload(TestClient& client, const std::string& bytes) {
        const std::string sha = sha256Hex(bytes);
        const Reply r = client.send("PUT", "/api/v1/blobs/" + sha, bytes,
                                    {{"Content-Type", "application/octet-stream"}});
        INFO(r.body);
        REQUIRE(r.status == 201);
        return sha;
    }

    static nlohmann::json body(const std::string& ref, const std::vector<std::string>& files,
                               const nlohmann::json& patch = nlohmann::json::object()) {
        nlohmann::json b{{"portal_ref", ref},
                         {"ward", kWard},
                         {"procedure", "1.001193"},
                         {"channel", "online"},
                         {"submitted_at", localIn(-60)},
                         {"applicant",
                          {{"full_name", "Trần Văn Bình"},
                           {"id_number", "001090001234"},
                           {"date_of_birth", "1990-05-12"},
                           {"gender", "nam"},
                           {"address", "12 Lê Lợi, Phường Một"},
                           {"phone", "0912345678"},
                           {"email", "binh@example.vn"}}},
                         {"documents",
                          {{{"name", "Tờ khai đăng ký khai sinh"},
                            {"form", "original"},
                            {"count", 1},
                            {"files", files}}}},
                         {"return_channel", "online"}};
        b.update(patch);
        return b;
    }

    Reply submit(const nlohmann::json& b, TestClient* as = nullptr) {
        return (as ? *as : portal).post("/api/v1/portal/submissions", b.dump());
    }

    /// A new submission with one uploaded PDF; its code.
    std::string submitted(const std::string& ref, const nlohmann::json& patch = {}) {
        const std::string sha = upload(portal, pdfWithText("scan " + ref));
        const Reply r =
            submit(body(ref, {sha}, patch.is_null() ? nlohmann::json::object() : patch));
        INFO(r.body);
        REQUIRE(r.status == 201);
        return nlohmann::json::parse(r.body)["code"].get<std::string>();
    }

    std::vector<sync::Change> pulled(TestClient& client, std::int64_t cursor = 0) {
        const Reply r = client.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor));
        REQUIRE(r.status == 200);
        return sync::decodePullResponse(r.body).changes;
    }

    std::vector<sync::Change> submissionChanges(TestClient& client) {
        std::vector<sync::Change> out;
        for (auto& c : pulled(client))
            if (c.kind == "dossier.submission") out.push_back(std::move(c));
        return out;
    }

    sync::Op decision(const std::string& code, std::int64_t base, nlohmann::json payload,
                      const std::string& device = "desk-1") {
        sync::Op o;
        o.opId = "decision-" + std::to_string(++seq) + "-" + device;
        o.deviceId = device;
        o.seq = seq;
        o.kind = sync::OpKind::DossierAction;
        o.entityId = code;
        o.baseVersion = base;
        o.payload = payload.dump();
        return o;
    }

    /// An acceptance as a desk makes it, its receipt uploaded first.
    nlohmann::json acceptance(const std::string& code, TestClient& client) {
        const std::string form = upload(client, pdfWithText("Giay tiep nhan " + code));
        return {{"action", "accept"},
                {"from", "awaiting_acceptance"},
                {"to", "received"},
                {"code", code},
                {"at", localIn(0)},
                {"received_at", localIn(0)},
                {"due_at", localIn(3 * 24 * 60)},
                {"register_book", 1},
                {"register_seq", 7},
                {"form_sha256", form},
                {"form_file_name", "mau-01.pdf"}};
    }

    nlohmann::json sendBack(const std::string& code, TestClient& client,
                            const std::string& action = "request-supplement") {
        const std::string form = upload(client, pdfWithText("Phieu " + action + " " + code));
        return {{"action", action},
                {"reason", "Thiếu bản sao giấy chứng sinh"},
                {"code", code},
                {"at", localIn(0)},
                {"form_sha256", form},
                {"form_file_name", action == "refuse" ? "mau-03.pdf" : "mau-02.pdf"}};
    }

    std::vector<sync::OpResult> push(TestClient& client, const std::vector<sync::Op>& ops) {
        const Reply r = client.post("/api/v1/sync/push", sync::encode(sync::PushRequest{ops}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return sync::decodePushResult(r.body).results;
    }
};

}  // namespace motcua::test
