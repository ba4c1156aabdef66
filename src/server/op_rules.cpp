// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "op_rules.h"

#include <optional>

#include "motcua/core/cccd.h"
#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/name_table.h"
#include "motcua/core/procedure.h"
#include "motcua/core/role.h"

namespace motcua::server::rules {

using json = nlohmann::json;

namespace {

[[noreturn]] void refuse(std::string reason) {
    throw Refused{std::move(reason)};
}

bool isSha256(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

/// A string field; nullopt when absent or null (and not `required`). Any other type refuses.
std::optional<std::string> optionalString(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) refuse(std::string(key) + " must be text");
    return it->get<std::string>();
}

std::string requiredString(const json& object, const char* key) {
    auto value = optionalString(object, key);
    if (!value) refuse(std::string("the op has no ") + key);
    return std::move(*value);
}

std::int64_t requiredInt(const json& object, const char* key, std::int64_t min, std::int64_t max) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        refuse(std::string(key) + " must be an integer");
    const auto n = it->get<std::int64_t>();
    if (n < min || n > max)
        refuse(std::string(key) + " must be from " + std::to_string(min) + " to " +
               std::to_string(max));
    return n;
}

LocalDateTime dateTime(const std::string& text, const char* key) {
    try {
        return parseIsoDateTime(text);
    } catch (const Error&) {
        refuse(std::string(key) + " is not an ISO date-time: " + shown(text));
    }
}

/// Core's checks; their messages already say what is wrong and with which field.
template <typename Check>
void core(Check&& check) {
    try {
        check();
    } catch (const Error& e) {
        refuse(e.what());
    }
}

/// The decision's form: a PDF the server must have (the caller checks the blob).
void takeForm(json& dossier, const json& payload) {
    const auto sha = optionalString(payload, "form_sha256");
    if (!sha || !isSha256(*sha))
        refuse(
            "a decision on a submission needs form_sha256, the SHA-256 (64 lowercase hex "
            "digits) of its form as a PDF");
    const std::string name = optionalString(payload, "form_file_name").value_or("form.pdf");
    core([&] { limits::checkText("the form's file name", name, limits::kFileNameBytes); });
    dossier["form_sha256"] = *sha;
    dossier["form_file_name"] = name;
}

/// An acceptance: the time it was accepted (not before the submission, not ahead of the
/// server), the due time the desk computed from it, the register number given.
void takeAcceptance(json& dossier, const json& payload, std::chrono::system_clock::time_point now) {
    const std::string receivedAt = requiredString(payload, "received_at");
    const std::string dueAt = requiredString(payload, "due_at");
    const LocalDateTime received = dateTime(receivedAt, "received_at");
    const LocalDateTime submitted =
        dateTime(dossier.value("submitted_at", std::string()), "the server's submission time");
    if (received < submitted)
        refuse("the acceptance " + shown(receivedAt) + " is before the submission " +
               dossier.value("submitted_at", std::string()));
    if (aheadOf(received, now)) refuse("the acceptance " + shown(receivedAt) + " is in the future");
    const LocalDateTime due = dateTime(dueAt, "due_at");
    if (due < received)
        refuse("the due time " + shown(dueAt) + " is before the acceptance " + shown(receivedAt));
    const auto book = requiredInt(payload, "register_book", 1, 9);
    const auto seq = requiredInt(payload, "register_seq", 1, 100'000'000);
    const std::string receivedBy = optionalString(payload, "received_by").value_or("");
    core(
        [&] { limits::checkText("the receiving officer's name", receivedBy, limits::kNameBytes); });
    dossier["received_at"] = formatIsoDateTime(received);
    dossier["due_at"] = formatIsoDateTime(due);
    dossier["register_book"] = book;
    dossier["register_seq"] = seq;
    if (!receivedBy.empty()) dossier["received_by"] = receivedBy;
}

}  // namespace

bool isSubmissionDecision(DossierAction action, DossierStatus from) {
    return isSubmission(from) &&
           (action == DossierAction::Accept || action == DossierAction::RequestSupplement ||
            action == DossierAction::Refuse);
}

std::string_view noticeKind(DossierAction action) {
    // Refuse, and any other action, tells the citizen the submission was refused.
    static constexpr auto kNoticeKinds = makeNameTable<DossierAction>(
        {
            {DossierAction::Accept, "accepted"},
            {DossierAction::RequestSupplement, "supplement_requested"},
        },
        "refused");
    return kNoticeKinds.name(action);
}

json checkedApplicant(const json& payload) {
    const auto it = payload.find("applicant");
    if (it == payload.end() || !it->is_object()) refuse("the op has no applicant");
    const json& in = *it;
    Applicant a;
    a.fullName = requiredString(in, "full_name");
    a.idNumber = optionalString(in, "id_number").value_or("");
    a.address = optionalString(in, "address").value_or("");
    a.phone = optionalString(in, "phone").value_or("");
    a.email = optionalString(in, "email").value_or("");
    core([&] { checkApplicantLimits(a); });
    if (a.fullName.empty()) refuse("the applicant's name is empty");
    json out{{"full_name", a.fullName}, {"id_number", a.idNumber}, {"address", a.address},
             {"phone", a.phone},        {"email", a.email},        {"date_of_birth", nullptr},
             {"gender", nullptr}};
    std::optional<Date> dob;
    if (const auto text = optionalString(in, "date_of_birth")) {
        dob = tryParseIsoDate(*text);
        if (!dob || formatIsoDate(*dob) != *text)
            refuse("date_of_birth is not a date: " + shown(*text));
        out["date_of_birth"] = *text;
    }
    std::optional<Gender> gender;
    if (const auto text = optionalString(in, "gender")) {
        gender = parseGender(*text);
        if (!gender) refuse("unknown gender " + shown(*text));
        out["gender"] = genderName(*gender);
    }
    if (!a.idNumber.empty())
        core([&] {
            const Cccd id = dob ? Cccd::parse(a.idNumber, *dob) : Cccd::parse(a.idNumber);
            if (gender && id.gender() != *gender)
                throw Error(Errc::CccdGenderMismatch,
                            "the identity number does not match the gender");
        });
    return out;
}

namespace {

std::string checkedReason(const json& payload, DossierAction action) {
    const std::string reason = optionalString(payload, "reason").value_or("");
    core([&] { limits::checkText("the reason", reason, limits::kReasonBytes, true); });
    if (requiresReason(action) && reason.empty())
        refuse("'" + std::string(actionName(action)) + "' needs a reason");
    return reason;
}

bool isSupervisors(DossierAction action, DossierStatus from) {
    return action == DossierAction::Approve || action == DossierAction::SendBack ||
           (action == DossierAction::Reject && from == DossierStatus::AwaitingApproval);
}

/// The hash and file name of a result document the op names under `prefix` ("draft", "result").
void takeDocument(json& dossier, const json& payload, const std::string& prefix, bool required) {
    const auto sha = optionalString(payload, (prefix + "_sha256").c_str());
    if (!sha) {
        if (required)
            refuse("an approval needs result_sha256, the signed result document's SHA-256");
        return;
    }
    if (!isSha256(*sha))
        refuse(required ? "an approval needs result_sha256, the SHA-256 (64 lowercase hex digits) "
                          "of the signed result "
                          "document; " +
                              shown(*sha) + " is not one"
                        : prefix + "_sha256 is not 64 lowercase hex digits");
    const std::string name =
        optionalString(payload, (prefix + "_file_name").c_str()).value_or(prefix + ".pdf");
    core([&] { limits::checkText("the file name", name, limits::kFileNameBytes); });
    dossier[prefix + "_sha256"] = *sha;
    dossier[prefix + "_file_name"] = name;
}

}  // namespace

std::string shown(std::string_view text, std::size_t maxBytes) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (out.size() + length > maxBytes || i + length > text.size()) break;
        if (lead < 0x20 || lead == 0x7F)
            out += '?';
        else
            out.append(text.substr(i, length));
        i += length;
    }
    return "'" + out + (i < text.size() ? "...'" : "'");
}

json intakeDossier(const std::string& entityId, const json& p) {
    if (requiredString(p, "code") != entityId)
        refuse("the intake's code " + shown(requiredString(p, "code")) + " is not its entity id " +
               entityId);
    const std::string status = requiredString(p, "status");
    if (status != statusName(DossierStatus::Received))
        refuse("an intake starts received, not " + shown(status));
    const std::string procedure = requiredString(p, "procedure");
    if (!isValidProcedureCode(procedure))
        refuse("procedure " + shown(procedure) + " is not a procedure code");

    json dossier{{"code", entityId},
                 {"procedure", procedure},
                 {"status", status},
                 {"applicant", checkedApplicant(p)}};
    std::vector<SubmittedDocument> documents;
    json documentsOut = json::array();
    if (const auto it = p.find("documents"); it != p.end()) {
        if (!it->is_array()) refuse("documents must be a list");
        core([&] {
            limits::checkCount("submitted documents", it->size(), limits::kDocumentsPerDossier);
        });
        for (const auto& doc : *it) {
            if (!doc.is_object()) refuse("a document must be an object");
            const auto form = parseDocumentForm(requiredString(doc, "form"));
            if (!form) refuse("unknown document form " + shown(requiredString(doc, "form")));
            documents.push_back({requiredString(doc, "name"), *form,
                                 static_cast<int>(requiredInt(doc, "count", 1, 1000))});
            documentsOut.push_back({{"name", documents.back().name},
                                    {"form", documentFormName(*form)},
                                    {"count", documents.back().count}});
        }
    }
    json attachmentsOut = json::array();
    if (const auto it = p.find("attachments"); it != p.end()) {
        if (!it->is_array()) refuse("attachments must be a list");
        core([&] {
            limits::checkCount("attached files", it->size(), limits::kAttachmentsPerDossier);
        });
        for (const auto& a : *it) {
            if (!a.is_object()) refuse("an attachment must be an object");
            const std::string sha = requiredString(a, "sha256");
            if (!isSha256(sha)) refuse("an attachment's sha256 is not 64 lowercase hex digits");
            const std::string name = requiredString(a, "file_name");
            core([&] {
                limits::checkText("an attachment's file name", name, limits::kFileNameBytes);
            });
            attachmentsOut.push_back({{"sha256", sha},
                                      {"file_name", name},
                                      {"size", requiredInt(a, "size", 0, limits::kBlobBytes)}});
        }
    }
    const auto sets = requiredInt(p, "sets", 1, limits::kMaxSets);
    core([&] { checkDossierShape(documents, attachmentsOut.size(), static_cast<int>(sets)); });
    dossier["documents"] = std::move(documentsOut);
    dossier["attachments"] = std::move(attachmentsOut);
    dossier["sets"] = sets;
    dossier["fee_vnd"] = requiredInt(p, "fee_vnd", 0, std::int64_t{1} << 50);
    const std::string channel = requiredString(p, "return_channel");
    if (!parseReturnChannel(channel)) refuse("unknown return channel " + shown(channel));
    dossier["return_channel"] = channel;
    // How it came: at the counter, or by post to the desk (online ones come from the portal,
    // never from a desk). Absent: at the counter, as desks before channels wrote it.
    const std::string came = optionalString(p, "channel").value_or("counter");
    if (came != channelName(Channel::Counter) && came != channelName(Channel::Post))
        refuse("a desk's intake comes at the counter or by post, not " + shown(came));
    dossier["channel"] = came;
    const std::string receivedAt = requiredString(p, "received_at");
    const std::string dueAt = requiredString(p, "due_at");
    if (dateTime(dueAt, "due_at") < dateTime(receivedAt, "received_at"))
        refuse("the due time " + dueAt + " is before the receipt " + receivedAt);
    dossier["received_at"] = receivedAt;
    dossier["due_at"] = dueAt;
    dossier["register_book"] = requiredInt(p, "register_book", 0, 9);
    dossier["register_seq"] = requiredInt(p, "register_seq", 0, 100'000'000);
    const std::string receivedBy = optionalString(p, "received_by").value_or("");
    core(
        [&] { limits::checkText("the receiving officer's name", receivedBy, limits::kNameBytes); });
    dossier["received_by"] = receivedBy;
    dossier["version"] = 1;
    return dossier;
}

ActionEffect applyAction(json& dossier, const json& payload, std::string_view authorRole,
                         std::chrono::system_clock::time_point now) {
    const std::string name = requiredString(payload, "action");
    const auto action = parseAction(name);
    if (!action) refuse("unknown action " + shown(name));
    const auto from = parseStatus(dossier.value("status", std::string()));
    if (!from) refuse("the server's copy of the dossier has an unknown status");
    const auto to = transition(*from, *action);
    if (!to)
        refuse("'" + name + "' is not allowed for a dossier that is " +
               std::string(statusName(*from)) + " on the server");
    if (const auto claimed = optionalString(payload, "from");
        claimed && *claimed != statusName(*from))
        refuse("the op was made on a dossier that was " + shown(*claimed) +
               "; on the server it is " + std::string(statusName(*from)));
    if (const auto claimed = optionalString(payload, "to"); claimed && *claimed != statusName(*to))
        refuse("the op says the dossier goes to " + shown(*claimed) + "; from " +
               std::string(statusName(*from)) + ", '" + name + "' leads to " +
               std::string(statusName(*to)));
    if (isSupervisors(*action, *from) && parseRole(authorRole) != Role::Supervisor)
        refuse("'" + name + "' of a dossier " + std::string(statusName(*from)) +
               " is a supervisor's decision; the op's author is " +
               (authorRole.empty() ? std::string("nobody") : "an " + std::string(authorRole)));
    checkedReason(payload, *action);

    switch (*action) {
        case DossierAction::Postpone: {
            const std::string due = requiredString(payload, "due_at");
            const std::string current = dossier.value("due_at", std::string());
            if (!(dateTime(due, "due_at") > dateTime(current, "the server's due time")))
                refuse("the new due time " + shown(due) + " is not later than " + current);
            dossier["due_at"] = due;
            break;
        }
        case DossierAction::SupplementReceived: {
            // The time limit runs again from the day the dossier is complete (the desk's
            // calendar computed it).
            const std::string due = requiredString(payload, "due_at");
            dateTime(due, "due_at");
            dossier["due_at"] = due;
            break;
        }
        case DossierAction::ReturnResult: {
            const std::string at = requiredString(payload, "returned_at");
            dateTime(at, "returned_at");
            dossier["returned_at"] = at;
            break;
        }
        case DossierAction::SubmitForApproval:
            takeDocument(dossier, payload, "draft", false);
            break;
        case DossierAction::Approve:
            takeDocument(dossier, payload, "result", true);
            break;
        case DossierAction::Accept:
            takeAcceptance(dossier, payload, now);
            takeForm(dossier, payload);
            break;
        default:
            break;
    }
    if (isSubmissionDecision(*action, *from) && *action != DossierAction::Accept)
        takeForm(dossier, payload);
    dossier["status"] = statusName(*to);
    return {*action, *from, *to};
}

void applyEdit(json& dossier, const json& payload) {
    const auto status = parseStatus(dossier.value("status", std::string()));
    if (!status || isTerminal(*status))
        refuse("the dossier is " + dossier.value("status", std::string("unknown")) +
               " and can no longer be edited");
    // A submission's applicant is the portal's word until the ward accepts it: its notices go
    // to the address the citizen gave, not to one a desk typed in.
    if (isSubmission(*status))
        refuse("a submission awaiting the ward's decision cannot be edited; accept it first");
    dossier["applicant"] = checkedApplicant(payload);
}

}  // namespace motcua::server::rules
