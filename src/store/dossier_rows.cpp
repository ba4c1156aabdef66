// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "dossier_rows.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "internal.h"
#include "motcua/core/vietnamese_text.h"
#include "result_rows.h"

namespace motcua::store {

using nlohmann::json;

const char* const kDossierColumns =
    "d.id, d.code, d.procedure_code, d.procedure_name, d.status, d.applicant_name, "
    "d.applicant_id, d.applicant_dob, d.applicant_gender, d.applicant_address, d.applicant_phone, "
    "d.applicant_email, d.sets, d.fee_vnd, d.return_channel, d.received_at, d.due_at, "
    "d.returned_at, d.register_book, d.register_seq, d.received_by, d.version, d.channel, "
    "d.submitted_at, d.portal_ref, d.tracking_key";

const char* const kAcceptedByWard = "(d.channel = 'counter' OR d.register_seq > 0)";

std::string statusSet(bool (*keep)(DossierStatus)) {
    std::string set;
    for (const DossierStatus status : allStatuses())
        if (keep(status))
            set += (set.empty() ? "('" : ",'") + std::string(statusName(status)) + "'";
    return set.empty() ? "('')" : set + ")";
}

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
    d.channel = parseChannel(st.getText(22)).value_or(Channel::Counter);
    if (auto at = st.getOptionalText(23)) d.submittedAt = parseIsoDateTime(*at);
    d.portalRef = st.getText(24);
    d.trackingKey = st.getText(25);
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

namespace {

// The row's columns but the id, in the order bindRow() binds them; the code is the last.
constexpr const char* kRowColumns[] = {"procedure_code",
                                       "procedure_name",
                                       "status",
                                       "applicant_name",
                                       "applicant_id",
                                       "applicant_dob",
                                       "applicant_gender",
                                       "applicant_address",
                                       "applicant_phone",
                                       "applicant_email",
                                       "sets",
                                       "fee_vnd",
                                       "return_channel",
                                       "received_at",
                                       "due_at",
                                       "returned_at",
                                       "register_book",
                                       "register_seq",
                                       "received_by",
                                       "version",
                                       "updated_at",
                                       "channel",
                                       "submitted_at",
                                       "portal_ref",
                                       "tracking_key",
                                       "code"};
constexpr int kRowColumnCount = static_cast<int>(std::size(kRowColumns));

std::string insertRowSql() {
    std::string columns, values;
    for (const char* column : kRowColumns) {
        columns += (columns.empty() ? "" : ", ") + std::string(column);
        values += values.empty() ? "?" : ",?";
    }
    return "INSERT INTO dossiers (" + columns + ") VALUES (" + values + ")";
}

std::string updateRowSql() {
    std::string sets;
    for (int i = 0; i + 1 < kRowColumnCount; ++i)
        sets += (sets.empty() ? "" : ", ") + std::string(kRowColumns[i]) + " = ?" +
                std::to_string(i + 1);
    return "UPDATE dossiers SET " + sets + " WHERE code = ?" + std::to_string(kRowColumnCount);
}

std::optional<std::string> optionalTime(const std::optional<LocalDateTime>& t) {
    return t ? std::optional(formatIsoDateTime(*t)) : std::nullopt;
}

void bindRow(Statement& st, const Dossier& d, const std::string& updatedAt) {
    const Applicant& a = d.applicant;
    st.bind(1, d.procedureCode).bind(2, d.procedureName);
    st.bind(3, std::string(statusName(d.status))).bind(4, a.fullName).bind(5, a.idNumber);
    st.bind(6, a.dateOfBirth ? std::optional(formatIsoDate(*a.dateOfBirth)) : std::nullopt);
    st.bind(7, a.gender ? std::optional(std::string(genderName(*a.gender))) : std::nullopt);
    st.bind(8, a.address).bind(9, a.phone).bind(10, a.email);
    st.bind(11, d.sets)
        .bind(12, d.fee.vnd)
        .bind(13, std::string(returnChannelName(d.returnChannel)));
    st.bind(14, formatIsoDateTime(d.receivedAt)).bind(15, formatIsoDateTime(d.dueAt));
    st.bind(16, optionalTime(d.returnedAt));
    st.bind(17, d.registerBook).bind(18, d.registerSequence).bind(19, d.receivedBy);
    st.bind(20, d.version).bind(21, updatedAt).bind(22, std::string(channelName(d.channel)));
    st.bind(23, optionalTime(d.submittedAt)).bind(24, d.portalRef).bind(25, d.trackingKey);
    st.bind(26, d.code);
}

std::string filesJson(const std::vector<std::string>& files) {
    return json(files).dump();
}

/// Attachments are a set: loadByCode reads them by file name, a payload lists them its way.
bool sameAttachments(std::vector<Attachment> a, std::vector<Attachment> b) {
    const auto bySha = [](const Attachment& x, const Attachment& y) { return x.sha256 < y.sha256; };
    std::sort(a.begin(), a.end(), bySha);
    std::sort(b.begin(), b.end(), bySha);
    return a == b;
}

}  // namespace

DossierWriter::DossierWriter(Database& db)
    : m_db(db),
      m_row(db, insertRowSql()),
      m_search(db, "INSERT INTO dossier_search (rowid, folded) VALUES (?, ?)"),
      m_document(db,
                 "INSERT INTO dossier_documents (dossier_id, position, name, form, count, files) "
                 "VALUES (?,?,?,?,?,?)"),
      m_attachment(
          db,
          "INSERT OR IGNORE INTO dossier_attachments (dossier_id, sha256, file_name, size) "
          "VALUES (?,?,?,?)") {}

void DossierWriter::insert(Dossier& d, const std::string& updatedAt) {
    m_row.reset();
    bindRow(m_row, d, updatedAt);
    m_row.run();
    d.id = m_db.lastInsertRowid();

    m_search.reset();
    m_search.bind(1, d.id).bind(2, searchText(d)).run();
    insertParts(d);
}

void DossierWriter::insertParts(const Dossier& d) {
    int position = 0;
    for (const auto& item : d.documents) {
        m_document.reset();
        m_document.bind(1, d.id).bind(2, ++position).bind(3, item.name);
        m_document.bind(4, std::string(documentFormName(item.form))).bind(5, item.count);
        m_document.bind(6, filesJson(item.files)).run();
    }
    for (const auto& a : d.attachments) {
        m_attachment.reset();
        m_attachment.bind(1, d.id).bind(2, a.sha256).bind(3, a.fileName).bind(4, a.size).run();
    }
}

void DossierWriter::replace(const Dossier& local, Dossier& incoming, const std::string& updatedAt) {
    incoming.id = local.id;
    Statement row(m_db, updateRowSql());
    bindRow(row, incoming, updatedAt);
    row.run();
    if (const std::string before = searchText(local), after = searchText(incoming);
        before != after) {
        // The search index is contentless: an entry is removed by giving back what was indexed.
        Statement unindex(
            m_db,
            "INSERT INTO dossier_search (dossier_search, rowid, folded) VALUES ('delete', ?, ?)");
        unindex.bind(1, local.id).bind(2, before).run();
        m_search.reset();
        m_search.bind(1, local.id).bind(2, after).run();
    }
    // A resubmission brings new documents and files; nothing else changes them.
    if (local.documents == incoming.documents &&
        sameAttachments(local.attachments, incoming.attachments))
        return;
    Statement documents(m_db, "DELETE FROM dossier_documents WHERE dossier_id = ?");
    documents.bind(1, local.id).run();
    Statement attachments(m_db, "DELETE FROM dossier_attachments WHERE dossier_id = ?");
    attachments.bind(1, local.id).run();
    insertParts(incoming);
}

std::optional<Dossier> loadByCode(Database& db, const std::string& code) {
    Statement st(db,
                 std::string("SELECT ") + kDossierColumns + " FROM dossiers d WHERE d.code = ?");
    st.bind(1, code);
    if (!st.step()) return std::nullopt;
    Dossier d = readDossier(st);
    Statement docs(db,
                   "SELECT name, form, count, files FROM dossier_documents WHERE dossier_id = ? "
                   "ORDER BY position");
    docs.bind(1, d.id);
    while (docs.step()) {
        SubmittedDocument doc{
            docs.getText(0),
            parseDocumentForm(docs.getText(1)).value_or(RequiredDocument::Form::Original),
            static_cast<int>(docs.getInt(2)),
            {}};
        const json files = storedJson(docs.getText(3), "the files of a document of " + d.code);
        if (!files.is_array())
            throw StoreError(StoreError::Code::Damaged,
                             "the files of a document of " + d.code + " are not a list");
        for (const auto& sha : files) {
            if (!sha.is_string() || !isSha256Hex(sha.get<std::string>()))
                throw StoreError(StoreError::Code::Damaged,
                                 "a file of a document of " + d.code + " is not a SHA-256");
            doc.files.push_back(sha.get<std::string>());
        }
        d.documents.push_back(std::move(doc));
    }
    Statement att(db,
                  "SELECT sha256, file_name, size FROM dossier_attachments WHERE dossier_id = ? "
                  "ORDER BY file_name");
    att.bind(1, d.id);
    while (att.step()) d.attachments.push_back({att.getText(0), att.getText(1), att.getInt(2)});
    d.electronicResults = electronicResultsOf(db, d.id);
    return d;
}

}  // namespace motcua::store
