// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// An online or postal submission as the server relays it to the ward's desks: a pulled change
// of kind dossier.submission (docs/ONLINE.md, "What desks pull"), for the tests that feed one
// into a desk's pull applier without a server.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "motcua/store/sync_types.h"

namespace motcua::test {

/// What varies between the submissions a test makes.
struct SubmissionSpec {
    std::int64_t seq = 1;
    std::string code = "000.00.15.H30-260310-0001";
    int version = 1;
    std::string procedure = "1.004873";  ///< three working days once accepted
    std::string applicant = "Phạm Thị Mai";
    std::string email = "mai@example.vn";
    std::string channel = "online";
    std::string portalRef = "DVCQG-2026-000123";
    std::string submittedAt = "2026-03-09T20:00:00+07:00";
    std::string decideBy = "2026-03-11T07:30:00+07:00";
    /// One document per file, named "Giấy tờ 1", "Giấy tờ 2"...
    std::vector<std::string> files = {std::string(64, 'a'), std::string(64, 'b')};
};

inline store::RemoteChange submissionChange(const SubmissionSpec& s) {
    using nlohmann::json;
    json documents = json::array();
    json attachments = json::array();
    for (std::size_t i = 0; i < s.files.size(); ++i) {
        documents.push_back({{"name", "Giấy tờ " + std::to_string(i + 1)},
                             {"form", "copy"},
                             {"count", 1},
                             {"files", json::array({s.files[i]})}});
        attachments.push_back({{"sha256", s.files[i]},
                               {"file_name", "giay-to-" + std::to_string(i + 1) + ".pdf"},
                               {"size", 1000 + static_cast<int>(i)}});
    }
    const json payload = {{"code", s.code},
                          {"procedure", s.procedure},
                          {"status", "awaiting_acceptance"},
                          {"channel", s.channel},
                          {"portal_ref", s.portalRef},
                          {"submitted_at", s.submittedAt},
                          {"received_at", s.submittedAt},
                          {"due_at", s.decideBy},
                          {"applicant",
                           {{"full_name", s.applicant},
                            {"id_number", "001099012345"},
                            {"date_of_birth", "1999-01-01"},
                            {"gender", "nam"},
                            {"address", "Số 5 phố Ngọc Lâm, Hà Nội"},
                            {"phone", "0912345678"},
                            {"email", s.email}}},
                          {"documents", documents},
                          {"attachments", attachments},
                          {"sets", 1},
                          {"fee_vnd", 0},
                          {"return_channel", "online"},
                          {"register_book", 0},
                          {"register_seq", 0},
                          {"received_by", ""},
                          {"version", s.version}};
    return {s.seq, "dossier.submission", s.code, s.version, "awaiting_acceptance", payload.dump()};
}

}  // namespace motcua::test
