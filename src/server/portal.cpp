// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Online and postal submissions from portal connectors (docs/ONLINE.md): each checked whole,
// given a code from the server's part of the day's sequence and made a dossier.submission
// change the ward's desks pull, in one transaction; and what a connector reads back.
#include <nlohmann/json.hpp>

#include "motcua/core/catalog_file.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_code.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/online_submission.h"
#include "motcua/core/procedure.h"
#include "motcua/core/tracking_key.h"
#include "op_rules.h"
#include "server_store_impl.h"

namespace motcua::server {

using json = nlohmann::json;

std::optional<std::string> latestShared(sql::Connection& c, const char* kind) {
    auto rows = c.query(
        "SELECT payload FROM changes WHERE ward = '*' AND kind = ? ORDER BY seq DESC LIMIT 1",
        {std::string(kind)});
    if (!rows.next()) return std::nullopt;
    return rows.text(0);
}

namespace {

constexpr const char* kCreatedBy = "server:portal.submission";
constexpr int kMaxDepth = 8;
/// No portal relays a submission made before this day.
constexpr Date kFirstSubmissionDay{std::chrono::year{2020}, std::chrono::January,
                                   std::chrono::day{1}};

[[noreturn]] void invalid(const std::string& why) {
    throw ServerError(ServerError::Code::InvalidInput, why);
}

/// Core's checks and the op rules' refusals, as the portal's bad input.
template <typename Check>
auto checked(Check&& check) -> decltype(check()) {
    try {
        return check();
    } catch (const Error& e) {
        invalid(e.what());
    } catch (const rules::Refused& r) {
        invalid(r.reason);
    }
}

std::string textField(const json& object, const char* key, std::size_t maxBytes) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) invalid(std::string(key) + " must be text");
    std::string value = it->get<std::string>();
    if (value.empty()) invalid(std::string(key) + " is empty");
    checked([&] { limits::checkText(key, value, maxBytes); });
    return value;
}

/// A submission's body, checked as far as it can be without the database.
struct Submission {
    std::string portalRef, ward, procedure;
    Channel channel = Channel::Online;
    ReturnChannel returnChannel = ReturnChannel::Online;
    LocalDateTime submittedAt;
    Applicant applicant;
    std::vector<SubmittedDocument> documents;
    std::vector<std::string> files;  ///< every file of every document, once, in order
};

/// `now`: the server's time, which `submitted_at` may not be ahead of.
Submission parseSubmission(const std::string& body, std::chrono::system_clock::time_point now) {
    // Nested past any submission's shape is refused while parsing: a body of 8 MiB of '['
    // must cost neither the stack nor the memory of a tree that deep.
    struct TooDeep {};
    const json::parser_callback_t limitDepth = [](int depth, json::parse_event_t, json&) {
        if (depth > kMaxDepth) throw TooDeep{};
        return true;
    };
    json root;
    try {
        root = json::parse(body, limitDepth);
    } catch (const TooDeep&) {
        invalid("the body is nested deeper than " + std::to_string(kMaxDepth) + " levels");
    } catch (const json::exception&) {
        invalid("the body is not JSON");
    }
    if (!root.is_object()) invalid("the body must be a JSON object");
    Submission s;
    s.portalRef = textField(root, "portal_ref", sync::kMaxIdBytes);
    s.ward = textField(root, "ward", sync::kMaxIdBytes);
    if (!isValidUnitCode(s.ward)) invalid("ward " + rules::shown(s.ward) + " is not a unit code");
    s.procedure = textField(root, "procedure", sync::kMaxIdBytes);
    if (!isValidProcedureCode(s.procedure))
        invalid("procedure " + rules::shown(s.procedure) + " is not a procedure code");
    const std::string channelName = textField(root, "channel", limits::kStatusNameBytes);
    const auto channel = parseChannel(channelName);
    if (!channel || *channel == Channel::Counter)
        invalid("channel must be online or post, not " + rules::shown(channelName));
    s.channel = *channel;
    const std::string submitted = textField(root, "submitted_at", 64);
    s.submittedAt = checked([&] { return parseIsoDateTime(submitted); });
    if (rules::aheadOf(s.submittedAt, now))
        invalid("submitted_at " + rules::shown(submitted) + " is in the future");
    // Online submissions to wards began long after this; an earlier date is a wrong clock.
    if (s.submittedAt.date() < kFirstSubmissionDay)
        invalid("submitted_at " + rules::shown(submitted) + " is before " +
                formatIsoDate(kFirstSubmissionDay));
    s.applicant = checked([&] { return rules::checkedApplicant(root); });
    if (s.applicant.idNumber.empty()) invalid("the applicant's CCCD (id_number) is needed");
    const std::string returnChannel = textField(root, "return_channel", limits::kStatusNameBytes);
    const auto returnTo = parseReturnChannel(returnChannel);
    if (!returnTo) invalid("unknown return channel " + rules::shown(returnChannel));
    s.returnChannel = *returnTo;

    const auto docs = root.find("documents");
    if (docs == root.end() || !docs->is_array() || docs->empty())
        invalid("documents must be a list of at least one document");
    checked([&] {
        limits::checkCount("submitted documents", docs->size(), limits::kDocumentsPerDossier);
    });
    for (const auto& d : *docs) {
        if (!d.is_object()) invalid("a document must be an object");
        SubmittedDocument doc;
        doc.name = textField(d, "name", limits::kDocumentNameBytes);
        const std::string formName = textField(d, "form", limits::kStatusNameBytes);
        const auto form = parseDocumentForm(formName);
        if (!form) invalid("unknown document form " + rules::shown(formName));
        doc.form = *form;
        const auto count = d.find("count");
        if (count == d.end() || !count->is_number_integer() || count->get<std::int64_t>() < 1 ||
            count->get<std::int64_t>() > 1000)
            invalid("a document's count must be an integer from 1 to 1000");
        doc.count = count->get<int>();
        const auto files = d.find("files");
        if (files == d.end() || !files->is_array()) invalid("a document's files must be a list");
        checked([&] {
            limits::checkCount("a document's files", files->size(), limits::kAttachmentsPerDossier);
        });
        for (const auto& f : *files) {
            if (!f.is_string() || !isSha256Hex(f.get<std::string>()))
                invalid("a file is named by its SHA-256, 64 lowercase hex digits");
            const std::string sha = f.get<std::string>();
            doc.files.push_back(sha);
            if (std::find(s.files.begin(), s.files.end(), sha) == s.files.end())
                s.files.push_back(sha);
        }
        s.documents.push_back(std::move(doc));
    }
    checked([&] { checkDossierShape(s.documents, s.files.size(), 1); });
    return s;
}

/// "pdf", "jpg", "png" from a file's first bytes; empty for anything else.
std::string sniffedType(const std::string& head) {
    if (head.rfind("%PDF-", 0) == 0) return "pdf";
    if (head.rfind("\xFF\xD8\xFF", 0) == 0) return "jpg";
    if (head.rfind("\x89PNG\r\n\x1A\n", 0) == 0) return "png";
    return "";
}

/// A file's name as the desk shows it: its document's name (cut on a character boundary, no
/// path separators), numbered when the document has several files, and its type.
std::string fileNameFor(const std::string& documentName, std::size_t index, std::size_t of,
                        const std::string& type) {
    std::string name = documentName;
    for (char& ch : name)
        if (ch == '/' || ch == '\\') ch = '-';
    constexpr std::size_t kMax = 200;
    if (name.size() > kMax) {
        std::size_t cut = kMax;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
        name.resize(cut);
    }
    if (of > 1) name += " (" + std::to_string(index + 1) + ")";
    return name + "." + type;
}

void requireKnownWard(sql::Connection& c, const std::string& ward) {
    if (!c.query("SELECT 1 FROM users WHERE ward = ? AND role IN ('officer','supervisor') "
                 "AND disabled_at IS NULL LIMIT 1",
                 {ward})
             .next())
        invalid("ward " + ward + " is not known to this server (it has no desk accounts)");
}

/// The procedure must be in the latest catalog and, when its entry lists wards, offered in
/// this one.
void requireProcedureOfWard(sql::Connection& c, const std::string& ward,
                            const std::string& procedure) {
    const auto text = latestShared(c, "catalog.import");
    const json catalog = text ? json::parse(*text, nullptr, false) : json();
    if (catalog.is_object() && catalog.contains("procedures") && catalog["procedures"].is_array())
        for (const auto& entry : catalog["procedures"]) {
            if (!entry.is_object() || entry.value("code", json()) != procedure) continue;
            const auto wards = entry.find("wards");
            if (wards == entry.end() || !wards->is_array() || wards->empty()) return;
            for (const auto& w : *wards)
                if (w == ward) return;
            invalid("procedure " + procedure + " is not offered in ward " + ward);
        }
    invalid("procedure " + rules::shown(procedure) + " is not in the catalog");
}

WorkCalendar wardCalendar(sql::Connection& c) {
    WorkCalendar calendar;
    const auto text = latestShared(c, "calendar.import");
    if (!text) return calendar;
    try {
        for (const auto& [year, days] : parseCalendarJson(*text))
            for (const auto& day : days) calendar.setOverride(day);
    } catch (const Error& e) {
        // A deadline counted on the wrong calendar would mislead every desk: refuse instead.
        throw ServerError(ServerError::Code::Storage,
                          std::string("the imported calendar table cannot be used: ") + e.what());
    }
    return calendar;
}

TimeLimit allowanceOf(sql::Connection& c, const std::string& ward) {
    auto rows = c.query("SELECT decision_allowance FROM ward_settings WHERE ward = ?", {ward});
    if (!rows.next()) return defaultDecisionAllowance();
    return parseDecisionAllowance(rows.text(0)).value_or(defaultDecisionAllowance());
}

/// The next code of the server's part of the ward's day (0001-0999; desks keep 1001-9999).
std::string nextCode(sql::Connection& c, const std::string& ward, Date day) {
    const std::string first = DossierCode(ward, day, 1).str();
    const std::string prefix = first.substr(0, first.size() - 4);
    auto rows = c.query(
        "SELECT max(code) FROM dossiers WHERE ward = ? AND day = ? AND code >= ? AND code <= ?",
        {ward, formatIsoDate(day), prefix + "0001", prefix + "0999"});
    int next = 1;
    if (rows.next() && !rows.isNull(0)) next = DossierCode::parse(rows.text(0)).sequence() + 1;
    if (next > 999)
        throw ServerError(ServerError::Code::TooLarge,
                          "ward " + ward + " has taken 999 online submissions today");
    return DossierCode(ward, day, next).str();
}

}  // namespace

SubmissionReceipt ServerStore::submit(const User& connector, const std::string& body) {
    if (!connector.isConnector())
        throw ServerError(ServerError::Code::Forbidden,
                          "only a portal connector account submits dossiers");
    const auto instant = m_impl->clock->now();
    const Submission s = parseSubmission(body, instant);
    const std::int64_t now = unixSeconds(instant);
    const LocalDateTime localNow = toLocal(instant);
    return storage([&] {
        return m_impl->db->transaction([&](sql::Connection& c) {
            c.lockWard(s.ward);
            std::optional<std::string> existing;
            {
                auto ref =
                    c.query("SELECT connector_id, code FROM submissions WHERE portal_ref = ?",
                            {s.portalRef});
                if (ref.next()) {
                    if (ref.integer(0) != connector.id)
                        throw ServerError(ServerError::Code::Conflict,
                                          "the reference " + rules::shown(s.portalRef) +
                                              " belongs to another connector's submission");
                    existing = ref.text(1);
                }
            }
            json dossier;
            std::int64_t version = 1, rowId = 0;
            if (existing) {
                auto row = c.query("SELECT id, version, payload, ward FROM dossiers WHERE code = ?",
                                   {*existing});
                if (!row.next())
                    throw ServerError(ServerError::Code::Storage,
                                      "submission " + *existing + " has no dossier");
                dossier = json::parse(row.text(2));
                const std::string status = dossier.value("status", std::string());
                // The same submission again (a retry): nothing changes.
                if (status != statusName(DossierStatus::AwaitingResubmission))
                    return SubmissionReceipt{false, *existing,
                                             dossier.value("due_at", std::string()),
                                             dossier.value("tracking_key", std::string())};
                if (row.text(3) != s.ward)
                    invalid("the reference " + rules::shown(s.portalRef) + " is of ward " +
                            row.text(3) + ", not of " + s.ward);
                if (dossier.value("procedure", std::string()) != s.procedure)
                    invalid("a resubmission is of the same procedure, " +
                            dossier.value("procedure", std::string()));
                rowId = row.integer(0);
                version = row.integer(1) + 1;
            }
            requireKnownWard(c, s.ward);
            requireProcedureOfWard(c, s.ward, s.procedure);

            // Each file must be this connector's complete upload and a PDF, JPEG or PNG; the
            // ward's desks may read it from now on.
            Dossier d;
            d.procedureCode = s.procedure;
            d.status = DossierStatus::AwaitingAcceptance;
            d.applicant = s.applicant;
            d.documents = s.documents;
            d.channel = s.channel;
            d.returnChannel = s.returnChannel;
            d.portalRef = s.portalRef;
            d.submittedAt = s.submittedAt;
            d.receivedAt = s.submittedAt;
            d.registerBook = 0;  // given when the ward accepts it
            d.fee = Money{0};
            d.version = static_cast<int>(version);
            // The citizen's page keeps its address through a resubmission.
            d.trackingKey = dossier.is_object() ? dossier.value("tracking_key", std::string()) : "";
            if (!isTrackingKey(d.trackingKey)) d.trackingKey = makeTrackingKey();
            std::vector<std::string> named;
            for (const auto& doc : s.documents) {
                for (std::size_t i = 0; i < doc.files.size(); ++i) {
                    const std::string& sha = doc.files[i];
                    if (std::find(named.begin(), named.end(), sha) != named.end()) continue;
                    named.push_back(sha);
                    std::int64_t size = 0;
                    if (!m_impl->hasBlob(c, blobOwner(connector), sha, &size))
                        throw ServerError(ServerError::Code::HashMismatch,
                                          "file " + sha + " of '" + doc.name +
                                              "' is not a complete upload of this connector");
                    const std::string type = sniffedType(m_impl->blobHead(sha, 8));
                    if (type.empty())
                        throw ServerError(ServerError::Code::Unsupported,
                                          "file " + sha + " is not a PDF, JPEG or PNG");
                    d.attachments.push_back(
                        {sha, fileNameFor(doc.name, i, doc.files.size(), type), size});
                    c.query(
                        "INSERT INTO blobs (ward, sha256, size, stored_at) VALUES (?,?,?,?) "
                        "ON CONFLICT DO NOTHING",
                        {s.ward, sha, size, now});
                }
            }

            // A resubmission has a new deadline from now; a first submission from its time.
            const LocalDateTime from = existing ? std::max(localNow, s.submittedAt) : s.submittedAt;
            d.dueAt = checked(
                [&] { return decisionDeadline(wardCalendar(c), from, allowanceOf(c, s.ward)); });
            d.code = existing ? *existing : nextCode(c, s.ward, localNow.date());
            const std::string code = d.code;
            const std::string status(statusName(d.status));
            dossier = json::parse(payload::encodeDossier(d));
            const std::string payload = dossier.dump();
            if (payload.size() > sync::kMaxPayloadBytes)
                invalid("the submission is larger than a dossier may be (" +
                        std::to_string(sync::kMaxPayloadBytes) + " bytes of JSON)");
            if (existing) {
                c.query(
                    "UPDATE dossiers SET version = ?, status = ?, payload = ?, updated_at = ? "
                    "WHERE id = ?",
                    {version, status, payload, now, rowId});
                c.query("UPDATE submissions SET updated_at = ? WHERE portal_ref = ?",
                        {now, s.portalRef});
            } else {
                c.query(
                    "INSERT INTO dossiers (code, ward, day, version, status, payload, created_op, "
                    "updated_at) VALUES (?,?,?,?,?,?,?,?)",
                    {code, s.ward, formatIsoDate(localNow.date()), version, status, payload,
                     std::string(kCreatedBy), now});
                c.query(
                    "INSERT INTO submissions (portal_ref, connector_id, code, ward, taken_at, "
                    "updated_at) VALUES (?,?,?,?,?,?)",
                    {s.portalRef, connector.id, code, s.ward, now, now});
            }
            c.query(
                "INSERT INTO changes (ward, kind, entity_id, version, status, payload, op_id) "
                "VALUES (?, 'dossier.submission', ?, ?, ?, ?, ?)",
                {s.ward, code, version, status, payload, std::string(kCreatedBy)});
            return SubmissionReceipt{!existing, code, formatIsoDateTime(d.dueAt), d.trackingKey};
        });
    });
}

std::string ServerStore::submissionStatus(const User& connector, const std::string& code) {
    if (!connector.isConnector())
        throw ServerError(ServerError::Code::Forbidden,
                          "only a portal connector account reads submissions");
    const auto notFound = [&] {
        return ServerError(ServerError::Code::NotFound,
                           "no submission " + rules::shown(code) + " of this connector");
    };
    if (code.empty() || code.size() > sync::kMaxIdBytes) throw notFound();
    return storage([&] {
        return m_impl->db->read([&](sql::Connection& c) {
            auto rows = c.query(
                "SELECT d.status FROM submissions s JOIN dossiers d ON d.code = s.code "
                "WHERE s.code = ? AND s.connector_id = ?",
                {code, connector.id});
            if (!rows.next()) throw notFound();
            json out{{"code", code}, {"status", rows.text(0)}, {"notices", json::array()}};
            auto notices = c.query(
                "SELECT kind, at, form_sha256 FROM notices WHERE code = ? ORDER BY id", {code});
            while (notices.next())
                out["notices"].push_back({{"kind", notices.text(0)},
                                          {"at", notices.text(1)},
                                          {"form_sha256", notices.text(2)}});
            return out.dump();
        });
    });
}

void ServerStore::setDecisionAllowance(const std::string& ward, const std::string& allowance) {
    if (!isValidUnitCode(ward))
        throw ServerError(ServerError::Code::InvalidInput,
                          "ward " + rules::shown(ward) + " is not a unit code");
    const auto parsed = parseDecisionAllowance(allowance);
    if (!parsed)
        throw ServerError(ServerError::Code::InvalidInput,
                          "the decision allowance is working days (1d to 30d) or office hours "
                          "(1h to 240h), not " +
                              rules::shown(allowance));
    storage([&] {
        m_impl->db->transaction([&](sql::Connection& c) {
            c.query(
                "INSERT INTO ward_settings (ward, decision_allowance) VALUES (?,?) "
                "ON CONFLICT (ward) DO UPDATE SET decision_allowance = excluded.decision_allowance",
                {ward, formatDecisionAllowance(*parsed)});
        });
    });
}

std::string ServerStore::decisionAllowance(const std::string& ward) {
    return storage([&] {
        return m_impl->db->read(
            [&](sql::Connection& c) { return formatDecisionAllowance(allowanceOf(c, ward)); });
    });
}

void ServerStore::Impl::requireForm(sql::Connection& c, const std::string& ward,
                                    const json& dossier) {
    const std::string sha = dossier.value(payload::kFormSha256, std::string());
    if (!hasBlob(c, ward, sha))
        throw rules::Refused{"the decision's form " + sha +
                             " is not on the server; upload it before the decision"};
    if (blobHead(sha, 4) != "%PDF") throw rules::Refused{"the decision's form is not a PDF"};
}

void ServerStore::Impl::addNotice(sql::Connection& c, const std::string& ward, const json& dossier,
                                  const json& payload, const NoticeOf& what,
                                  std::chrono::system_clock::time_point now) {
    const json applicant = dossier.value("applicant", json::object());
    c.query(
        "INSERT INTO notices (code, ward, kind, at, form_sha256, form_file_name, email, "
        "created_at) VALUES (?,?,?,?,?,?,?,?)",
        {dossier.value("code", std::string()), ward, std::string(what.kind),
         rules::deskTime(payload, now), what.fileSha256, what.fileName,
         applicant.value("email", std::string()), unixSeconds(now)});
}

}  // namespace motcua::server
