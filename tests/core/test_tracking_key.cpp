// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "motcua/core/tracking_key.h"

using namespace motcua;

namespace {

const std::string kCode = "000.00.15.H30-260310-1007";
const std::string kKey = "0123456789abcdef0123456789abcdef";

Dossier counterDossier() {
    Dossier d;
    d.code = kCode;
    d.procedureCode = "1.001757";
    d.applicant.fullName = "Nguyễn Thị Hoa";
    d.receivedAt = LocalDateTime::at(
        Date{std::chrono::year{2026}, std::chrono::March, std::chrono::day{10}}, 8, 5);
    d.dueAt = d.receivedAt;
    return d;
}

}  // namespace

TEST_CASE("a tracking key is 128 random bits as 32 lowercase hex digits", "[core][tracking]") {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        const std::string key = makeTrackingKey();
        CHECK(key.size() == 32);
        CHECK(isTrackingKey(key));
        seen.insert(key);
    }
    CHECK(seen.size() == 50);
    CHECK(isTrackingKey(kKey));
    CHECK_FALSE(isTrackingKey(""));
    CHECK_FALSE(isTrackingKey(kKey.substr(1)));
    CHECK_FALSE(isTrackingKey(kKey + "0"));
    CHECK_FALSE(isTrackingKey("0123456789ABCDEF0123456789abcdef"));
    CHECK_FALSE(isTrackingKey("0123456789abcdeg0123456789abcdef"));
}

TEST_CASE("the payload carries the tracking key, and an old payload has none",
          "[core][tracking][payload]") {
    Dossier d = counterDossier();
    const std::string old = payload::encodeDossier(d);
    CHECK(nlohmann::json::parse(old).count("tracking_key") == 0);
    CHECK(payload::decodeDossier(old).trackingKey.empty());

    d.trackingKey = kKey;
    const std::string text = payload::encodeDossier(d);
    CHECK(nlohmann::json::parse(text).at("tracking_key") == kKey);
    CHECK(payload::decodeDossier(text).trackingKey == kKey);
}

TEST_CASE("a tracking key not of the key's form is refused by the payload codec",
          "[core][tracking][payload]") {
    for (const nlohmann::json& bad :
         {nlohmann::json("ABCDEF0123456789abcdef0123456789"), nlohmann::json("abc"),
          nlohmann::json(kKey + "00"), nlohmann::json(12)}) {
        nlohmann::json j = nlohmann::json::parse(payload::encodeDossier(counterDossier()));
        j["tracking_key"] = bad;
        try {
            payload::decodeDossier(j.dump());
            FAIL("decoded a tracking key " << bad.dump());
        } catch (const Error& e) {
            CHECK(e.code() == Errc::InvalidArgument);
            CHECK_THAT(e.what(), Catch::Contains("tracking_key"));
        }
    }
    nlohmann::json empty = nlohmann::json::parse(payload::encodeDossier(counterDossier()));
    empty["tracking_key"] = "";
    CHECK(payload::decodeDossier(empty.dump()).trackingKey.empty());
}

TEST_CASE("the receipt's address is the backend, the page's path, the code and the key",
          "[core][tracking]") {
    CHECK(trackingAddress("https://motcua.hanoi.gov.vn", kCode, kKey) ==
          "https://motcua.hanoi.gov.vn/tra-cuu/" + kCode + "?k=" + kKey);
    CHECK(trackingAddress("https://127.0.0.1:8443/", kCode, kKey) ==
          "https://127.0.0.1:8443/tra-cuu/" + kCode + "?k=" + kKey);
}

TEST_CASE("a tracking address reads back as its code and key", "[core][tracking]") {
    const auto ref =
        parseTrackingAddress(trackingAddress("https://city.example:8443", kCode, kKey));
    REQUIRE(ref);
    CHECK(ref->code == kCode);
    CHECK(ref->key == kKey);
    const auto bare = parseTrackingAddress("https://city.example/tra-cuu/" + kCode);
    REQUIRE(bare);
    CHECK(bare->code == kCode);
    CHECK(bare->key.empty());
}

TEST_CASE("anything but a tracking address is not read as one", "[core][tracking]") {
    const std::string good = "https://city.example/tra-cuu/" + kCode + "?k=" + kKey;
    for (const std::string& bad : {
             std::string("http://city.example/tra-cuu/") + kCode + "?k=" + kKey,
             std::string("https:///tra-cuu/") + kCode,
             std::string("https://city.example/tra-cuu/") + kCode + "?k=" + kKey + "&x=1",
             std::string("https://city.example/tra-cuu/") + kCode + "?k=short",
             std::string("https://city.example/tra-cuu/") + kCode + "?key=" + kKey,
             std::string("https://city.example/lookup/") + kCode + "?k=" + kKey,
             std::string("https://city.example/tra-cuu/") + kCode + "/x?k=" + kKey,
             std::string("https://city.example/tra-cuu/not-a-code?k=") + kKey,
             std::string("https://user@city.example/tra-cuu/") + kCode,
             std::string("https://city.example"),
             kCode,
             std::string(),
         })
        CHECK_FALSE(parseTrackingAddress(bad));
    CHECK(parseTrackingAddress(good));
}

TEST_CASE("a scanned receipt names its dossier, by bare code or by address", "[core][tracking]") {
    CHECK(scannedDossierCode(kCode) == kCode);
    CHECK(scannedDossierCode("https://city.example/tra-cuu/" + kCode + "?k=" + kKey) == kCode);
    CHECK_FALSE(scannedDossierCode("001203004567|123456789|Nguyễn Văn An"));
    CHECK_FALSE(scannedDossierCode("https://city.example/tra-cuu/H30-1?k=" + kKey));
    CHECK_FALSE(scannedDossierCode(""));
}
