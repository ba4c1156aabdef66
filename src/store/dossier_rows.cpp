// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "dossier_rows.h"

#include <nlohmann/json.hpp>

#include "internal.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua::store {

using nlohmann::json;

const char* const kDossierColumns =
    "d.id, d.code, d.procedure_code, d.procedure_name, d.status, d.applicant_name, "
    "d.applicant_id, d.applicant_dob, d.applicant_gender, d.applicant_address, d.applicant_phone, "
    "d.applicant_email, d.sets, d.fee_vnd, d.return_channel, d.received_at, d.due_at, "
    "d.returned_at, d.register_book, d.register_seq, d.received_by, d.version";

Dossier readDossier(const Statement& st) {
    Dossier d;
    d.id = st.getInt(0);
    d.code = st.getText(1);
    d.procedureCode = st.getText(2);
    d.procedureName = st.getText(3);
    d.status = parseStatus(st.getText(4)).value_or(DossierStatus::Received);
    d.applicant.fullName = st.getText(5);
    d.applicant.idNumber = st.getText(6);
    if (auto dob = st.getOptionalText(7)) d.applicant.dateOfBirth = tryParseIsoDate(*dob);
    if (auto g = st.getOptionalText(8)) d.applicant.gender = parseGender(*g);
    d.applicant.address = st.getText(9);
    d.applicant.phone = st.getText(10);
    d.applicant.email = st.getText(11);
    d.sets = static_cast<int>(st.getInt(12));
    d.fee = Money{st.getInt(13)};
    d.returnChannel = parseReturnChannel(st.getText(14)).value_or(ReturnChannel::Desk);
    d.receivedAt = parseIsoDateTime(st.getText(15));
    d.dueAt = parseIsoDateTime(st.getText(16));
    if (auto r = st.getOptionalText(17)) d.returnedAt = parseIsoDateTime(*r);
    d.registerBook = static_cast<int>(st.getInt(18));
    d.registerSequence = static_cast<int>(st.getInt(19));
    d.receivedBy = st.getText(20);
    d.version = static_cast<int>(st.getInt(21));
    return d;
}

std::string searchText(const Dossier& d) {
    return foldForSearch(d.applicant.fullName + " " + d.applicant.idNumber + " " + d.code + " " +
                         d.procedureName);
}

std::string ftsQuery(std::string_view typed) {
    const std::string folded = foldForSearch(typed);
    std::string query;
    std::string token;
    auto flush = [&] {
        if (token.empty()) return;
        if (!query.empty()) query += ' ';
        query += '"' + token + "\"*";
        token.clear();
    };
    for (char c : folded) {
        const auto u = static_cast<unsigned char>(c);
        // unicode61 separates on ASCII punctuation and spaces; bytes >= 0x80 belong to tokens.
        if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            token += c;
        else
            flush();
    }
    flush();
    return query;
}

DossierWriter::DossierWriter(Database& db)
    : m_db(db),
      m_row(db,
            "INSERT INTO dossiers (code, procedure_code, procedure_name, status, applicant_name, "
            "applicant_id, applicant_dob, applicant_gender, applicant_address, applicant_phone, "
            "applicant_email, sets, fee_vnd, return_channel, received_at, due_at, returned_at, "
            "register_book, register_seq, received_by, version, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
      m_search(db, "INSERT INTO dossier_search (rowid, folded) VALUES (?, ?)"),
      m_document(db,
                 "INSERT INTO dossier_documents (dossier_id, position, name, form, count) "
                 "VALUES (?,?,?,?,?)"),
      m_attachment(
          db,
          "INSERT OR IGNORE INTO dossier_attachments (dossier_id, sha256, file_name, size) "
          "VALUES (?,?,?,?)") {}

void DossierWriter::insert(Dossier& d, const std::string& updatedAt) {
    Statement& st = m_row;
    st.reset();
    st.bind(1, d.code).bind(2, d.procedureCode).bind(3, d.procedureName);
    st.bind(4, std::string(statusName(d.status))).bind(5, d.applicant.fullName);
    st.bind(6, d.applicant.idNumber);
    if (d.applicant.dateOfBirth)
        st.bind(7, formatIsoDate(*d.applicant.dateOfBirth));
    else
        st.bindNull(7);
    if (d.applicant.gender)
        st.bind(8, std::string(genderName(*d.applicant.gender)));
    else
        st.bindNull(8);
    st.bind(9, d.applicant.address).bind(10, d.applicant.phone).bind(11, d.applicant.email);
    st.bind(12, d.sets)
        .bind(13, d.fee.vnd)
        .bind(14, std::string(returnChannelName(d.returnChannel)));
    st.bind(15, formatIsoDateTime(d.receivedAt)).bind(16, formatIsoDateTime(d.dueAt));
    if (d.returnedAt)
        st.bind(17, formatIsoDateTime(*d.returnedAt));
    else
        st.bindNull(17);
    st.bind(18, d.registerBook).bind(19, d.registerSequence).bind(20, d.receivedBy);
    st.bind(21, d.version).bind(22, updatedAt).run();
    d.id = m_db.lastInsertRowid();

    m_search.reset();
    m_search.bind(1, d.id).bind(2, searchText(d)).run();

    int position = 0;
    for (const auto& item : d.documents) {
        m_document.reset();
        m_document.bind(1, d.id).bind(2, ++position).bind(3, item.name);
        m_document.bind(4, std::string(documentFormName(item.form))).bind(5, item.count).run();
    }
    for (const auto& a : d.attachments) {
        m_attachment.reset();
        m_attachment.bind(1, d.id).bind(2, a.sha256).bind(3, a.fileName).bind(4, a.size).run();
    }
}

std::optional<Dossier> loadByCode(Database& db, const std::string& code) {
    Statement st(db,
                 std::string("SELECT ") + kDossierColumns + " FROM dossiers d WHERE d.code = ?");
    st.bind(1, code);
    if (!st.step()) return std::nullopt;
    Dossier d = readDossier(st);
    Statement docs(
        db,
        "SELECT name, form, count FROM dossier_documents WHERE dossier_id = ? ORDER BY position");
    docs.bind(1, d.id);
    while (docs.step())
        d.documents.push_back(
            {docs.getText(0),
             parseDocumentForm(docs.getText(1)).value_or(RequiredDocument::Form::Original),
             static_cast<int>(docs.getInt(2))});
    Statement att(db,
                  "SELECT sha256, file_name, size FROM dossier_attachments WHERE dossier_id = ? "
                  "ORDER BY file_name");
    att.bind(1, d.id);
    while (att.step()) d.attachments.push_back({att.getText(0), att.getText(1), att.getInt(2)});
    return d;
}

std::string dossierPayload(const Dossier& d) {
    json documents = json::array();
    for (const auto& doc : d.documents)
        documents.push_back(
            {{"name", doc.name}, {"form", documentFormName(doc.form)}, {"count", doc.count}});
    json attachments = json::array();
    for (const auto& a : d.attachments)
        attachments.push_back({{"sha256", a.sha256}, {"file_name", a.fileName}, {"size", a.size}});
    json applicant = {{"full_name", d.applicant.fullName},
                      {"id_number", d.applicant.idNumber},
                      {"address", d.applicant.address},
                      {"phone", d.applicant.phone},
                      {"email", d.applicant.email}};
    applicant["date_of_birth"] =
        d.applicant.dateOfBirth ? json(formatIsoDate(*d.applicant.dateOfBirth)) : json(nullptr);
    applicant["gender"] =
        d.applicant.gender ? json(genderName(*d.applicant.gender)) : json(nullptr);
    return json{{"code", d.code},
                {"procedure", d.procedureCode},
                {"status", statusName(d.status)},
                {"applicant", applicant},
                {"documents", documents},
                {"attachments", attachments},
                {"sets", d.sets},
                {"fee_vnd", d.fee.vnd},
                {"return_channel", returnChannelName(d.returnChannel)},
                {"received_at", formatIsoDateTime(d.receivedAt)},
                {"due_at", formatIsoDateTime(d.dueAt)},
                {"register_book", d.registerBook},
                {"register_seq", d.registerSequence},
                {"received_by", d.receivedBy},
                {"version", d.version}}
        .dump();
}

}  // namespace motcua::store
