// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Electronic results: an approval's signed result becomes the dossier's next `<code>-KQ<nn>`,
// goes to the citizens' store under the applicant's CCCD, and the citizen is told (a notice,
// mailed when the applicant gave an address, read by the portal otherwise).
#include "motcua/core/dossier_payload.h"
#include "motcua/core/electronic_result.h"
#include "op_rules.h"
#include "server_store_impl.h"

namespace motcua::server {

using json = nlohmann::json;

void ServerStore::Impl::keepElectronicResult(sql::Connection& c, const std::string& ward,
                                             json& dossier, const json& payload,
                                             const SignedResult& result, const std::string& opId,
                                             std::chrono::system_clock::time_point now) {
    json& results = dossier[payload::kResults];
    if (!results.is_array()) results = json::array();
    const int number = static_cast<int>(results.size()) + 1;
    if (number > kMaxElectronicResults)
        throw rules::Refused{"the dossier has " + std::to_string(kMaxElectronicResults) +
                             " electronic results already, the most one dossier can have"};
    const std::string dossierCode = dossier.value(payload::kCode, std::string());
    const std::string code = electronicResultCode(dossierCode, number);
    if (const auto claimed = payload.find(payload::kResultCode); claimed != payload.end()) {
        if (!claimed->is_string() || claimed->get<std::string>() != code)
            throw rules::Refused{
                "the approval names the electronic result " +
                rules::shown(claimed->is_string() ? claimed->get<std::string>() : claimed->dump()) +
                "; on the server this dossier's next is " + code};
    }
    const std::string at = rules::deskTime(payload, now);
    const std::string fileName =
        dossier.value(payload::kResultFileName, std::string("ket-qua.pdf"));
    const auto size = static_cast<std::int64_t>(result.size);
    results.push_back({{payload::kCode, code},
                       {"sha256", result.sha256},
                       {"file_name", fileName},
                       {"size", size},
                       {payload::kAt, at}});
    const json applicant = dossier.value(payload::kApplicant, json::object());
    c.query(
        "INSERT INTO results (code, dossier, ward, id_number, procedure, sha256, file_name, size, "
        "approved_at, op_id, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        {code, dossierCode, ward, applicant.value("id_number", std::string()),
         dossier.value("procedure", std::string()), result.sha256, fileName, size, at, opId,
         unixSeconds(now)});
    addNotice(c, ward, dossier, payload, {"result_ready", result.sha256, fileName}, now);
}

std::vector<CitizenResult> ServerStore::citizenResults(const std::string& idNumber) {
    if (idNumber.empty()) return {};
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            auto rows = c.query(
                "SELECT code, dossier, ward, procedure, sha256, file_name, size, approved_at "
                "FROM results WHERE id_number = ? ORDER BY code",
                {idNumber});
            std::vector<CitizenResult> out;
            while (rows.next())
                out.push_back({rows.text(0), rows.text(1), rows.text(2), rows.text(3), rows.text(4),
                               rows.text(5), rows.integer(6), rows.text(7)});
            return out;
        });
    });
}

}  // namespace motcua::server
