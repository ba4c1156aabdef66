// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "op_rules.h"

#include <algorithm>
#include <optional>

#include "motcua/core/cccd.h"
#include "motcua/core/date_time.h"
#include "motcua/core/dossier.h"
#include "motcua/core/dossier_payload.h"
#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/name_table.h"
#include "motcua/core/procedure.h"
#include "motcua/core/role.h"
#include "motcua/core/tracking_key.h"
#include "motcua/crypto/sha256.h"

namespace motcua::server::rules {

using json = nlohmann::json;

namespace {

[[noreturn]] void refuse(std::string reason) {
    throw Refused{std::move(reason)};
}

/// A string field; nullopt when absent or null (and not `required`). Any other type refuses.
std::optional<std::string> optionalString(const json& object, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) refuse(std::string(key) + " must be text");
    return it->get<std::string>();
}

std::string requiredString(const json& object, std::string_view key) {
    auto value = optionalString(object, key);
    if (!value) refuse("the op has no " + std::string(key));
    return std::move(*value);
}

std::int64_t requiredInt(const json& object, std::string_view key, std::int64_t min,
                         std::int64_t max) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        refuse(std::string(key) + " must be an integer");
    const auto n = it->get<std::int64_t>();
    if (n < min || n > max)
        refuse(std::string(key) + " must be from " + std::to_string(min) + " to " +
               std::to_string(max));
    return n;
}

LocalDateTime dateTime(const std::string& text, std::string_view key) {
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
    const auto sha = optionalString(payload, payload::kFormSha256);
    if (!sha || !crypto::isSha256Hex(*sha))
        refuse(
            "a decision on a submission needs form_sha256, the SHA-256 (64 lowercase hex "
            "digits) of its form as a PDF");
    const std::string name = optionalString(payload, payload::kFormFileName).value_or("form.pdf");
    core([&] { limits::checkText("the form's file name", name, limits::kFileNameBytes); });
    dossier[payload::kFormSha256] = *sha;
    dossier[payload::kFormFileName] = name;
}

/// An acceptance: the time it was accepted (not before the submission, not ahead of the
/// server), the due time the desk computed from it, the register number given.
void takeAcceptance(json& dossier, const json& payload, std::chrono::system_clock::time_point now) {
    const std::string receivedAt = requiredString(payload, payload::kReceivedAt);
    const std::string dueAt = requiredString(payload, payload::kDueAt);
    const LocalDateTime received = dateTime(receivedAt, payload::kReceivedAt);
    const LocalDateTime submitted = dateTime(dossier.value(payload::kSubmittedAt, std::string()),
                                             "the server's submission time");
    if (received < submitted)
        refuse("the acceptance " + shown(receivedAt) + " is before the submission " +
               dossier.value(payload::kSubmittedAt, std::string()));
    if (aheadOf(received, now)) refuse("the acceptance " + shown(receivedAt) + " is in the future");
    const LocalDateTime due = dateTime(dueAt, payload::kDueAt);
    if (due < received)
        refuse("the due time " + shown(dueAt) + " is before the acceptance " + shown(receivedAt));
    const auto book = requiredInt(payload, payload::kRegisterBook, 1, 9);
    const auto seq = requiredInt(payload, payload::kRegisterSeq, 1, 100'000'000);
    const std::string receivedBy = optionalString(payload, payload::kReceivedBy).value_or("");
    core(
        [&] { limits::checkText("the receiving officer's name", receivedBy, limits::kNameBytes); });
    dossier[payload::kReceivedAt] = formatIsoDateTime(received);
    dossier[payload::kDueAt] = formatIsoDateTime(due);
    dossier[payload::kRegisterBook] = book;
    dossier[payload::kRegisterSeq] = seq;
    if (!receivedBy.empty()) dossier[payload::kReceivedBy] = receivedBy;
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

namespace {

/// The applicant as core's codec reads it, checked: within the limits, named, and a CCCD that
/// agrees with the date of birth and gender given.
Applicant checked(Applicant a) {
    core([&] { checkApplicantLimits(a); });
    if (a.fullName.empty()) refuse("the applicant's name is empty");
    if (!a.idNumber.empty())
        core([&] {
            const Cccd id =
                a.dateOfBirth ? Cccd::parse(a.idNumber, *a.dateOfBirth) : Cccd::parse(a.idNumber);
            if (a.gender && id.gender() != *a.gender)
                throw Error(Errc::CccdGenderMismatch,
                            "the identity number does not match the gender");
        });
    return a;
}

}  // namespace

Applicant checkedApplicant(const json& payload) {
    const auto it = payload.find(payload::kApplicant);
    if (it == payload.end() || !it->is_object()) refuse("the op has no applicant");
    Applicant a;
    core([&] { a = payload::decodeApplicant(it->dump()); });
    return checked(std::move(a));
}

namespace {

std::string checkedReason(const json& payload, DossierAction action) {
    const std::string reason = optionalString(payload, payload::kReason).value_or("");
    core([&] { limits::checkText("the reason", reason, limits::kReasonBytes, true); });
    if (requiresReason(action) && reason.empty())
        refuse("'" + std::string(actionName(action)) + "' needs a reason");
    return reason;
}

bool isSupervisors(DossierAction action, DossierStatus from) {
    return action == DossierAction::Approve || action == DossierAction::SendBack ||
           (action == DossierAction::Reject && from == DossierStatus::AwaitingApproval);
}

/// Where an op names a result document: the draft submitted for approval, the signed result.
struct DocumentKeys {
    std::string_view sha256;
    std::string_view fileName;
    std::string_view defaultName;
};
constexpr DocumentKeys kDraft{payload::kDraftSha256, payload::kDraftFileName, "draft.pdf"};
constexpr DocumentKeys kResult{payload::kResultSha256, payload::kResultFileName, "result.pdf"};

/// The hash and file name of the result document the op names under `keys`.
void takeDocument(json& dossier, const json& op, const DocumentKeys& keys, bool required) {
    const auto sha = optionalString(op, keys.sha256);
    if (!sha) {
        if (required)
            refuse("an approval needs result_sha256, the signed result document's SHA-256");
        return;
    }
    if (!crypto::isSha256Hex(*sha))
        refuse(required ? "an approval needs result_sha256, the SHA-256 (64 lowercase hex digits) "
                          "of the signed result "
                          "document; " +
                              shown(*sha) + " is not one"
                        : std::string(keys.sha256) + " is not 64 lowercase hex digits");
    const std::string name =
        optionalString(op, keys.fileName).value_or(std::string(keys.defaultName));
    core([&] { limits::checkText("the file name", name, limits::kFileNameBytes); });
    dossier[keys.sha256] = *sha;
    dossier[keys.fileName] = name;
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

std::string deskTime(const json& payload, std::chrono::system_clock::time_point now) {
    if (const auto it = payload.find(payload::kAt); it != payload.end() && it->is_string()) {
        try {
            const LocalDateTime t = parseIsoDateTime(it->get<std::string>());
            if (!aheadOf(t, now)) return formatIsoDateTime(t);
        } catch (const Error&) {
        }
    }
    return formatIsoDateTime(toLocal(now));
}

json intakeDossier(const std::string& entityId, const std::string& payloadText) {
    Dossier d;
    core([&] { d = payload::decodeDossier(payloadText); });
    if (d.code != entityId)
        refuse("the intake's code " + shown(d.code) + " is not its entity id " + entityId);
    if (d.status != DossierStatus::Received)
        refuse("an intake starts received, not " + shown(statusName(d.status)));
    if (!isValidProcedureCode(d.procedureCode))
        refuse("procedure " + shown(d.procedureCode) + " is not a procedure code");
    d.applicant = checked(std::move(d.applicant));
    // How it came: at the counter, or by post to the desk (online ones come from the portal,
    // never from a desk).
    if (d.channel == Channel::Online)
        refuse("a desk's intake comes at the counter or by post, not online");
    // What only the portal gives, a desk cannot claim.
    d.submittedAt.reset();
    d.portalRef.clear();
    d.returnedAt.reset();
    d.electronicResults.clear();  // the server numbers them, as it applies approvals
    // The desk's key is printed on its receipt already (a malformed one the codec refused); a
    // desk from before the tracking page sends none and the server makes it.
    if (d.trackingKey.empty()) d.trackingKey = makeTrackingKey();
    core([&] {
        limits::checkCount("submitted documents", d.documents.size(), limits::kDocumentsPerDossier);
        limits::checkCount("attached files", d.attachments.size(), limits::kAttachmentsPerDossier);
        checkDossierShape(d.documents, d.attachments.size(), d.sets);
        for (const auto& a : d.attachments)
            limits::checkText("an attachment's file name", a.fileName, limits::kFileNameBytes);
        limits::checkText("the receiving officer's name", d.receivedBy, limits::kNameBytes);
    });
    // A document's file is one of the dossier's attachments: the blobs the desk uploads.
    for (const auto& doc : d.documents)
        for (const auto& sha : doc.files)
            if (std::none_of(d.attachments.begin(), d.attachments.end(),
                             [&](const Attachment& a) { return a.sha256 == sha; }))
                refuse("document " + shown(doc.name) + " names file " + sha +
                       ", which is not one of the dossier's attachments");
    for (const auto& a : d.attachments)
        if (a.size > limits::kBlobBytes)
            refuse("an attachment of " + std::to_string(a.size) + " bytes is over the limit of " +
                   std::to_string(limits::kBlobBytes));
    if (d.fee.vnd < 0 || d.fee.vnd > (std::int64_t{1} << 50))
        refuse("fee_vnd must be from 0 to " + std::to_string(std::int64_t{1} << 50));
    if (d.dueAt < d.receivedAt)
        refuse("the due time " + formatIsoDateTime(d.dueAt) + " is before the receipt " +
               formatIsoDateTime(d.receivedAt));
    if (d.registerBook < 0 || d.registerBook > 9) refuse("register_book must be from 0 to 9");
    if (d.registerSequence < 0 || d.registerSequence > 100'000'000)
        refuse("register_seq must be from 0 to 100000000");
    d.version = 1;
    return json::parse(payload::encodeDossier(d));
}

ActionEffect applyAction(json& dossier, const json& payload, std::string_view authorRole,
                         std::chrono::system_clock::time_point now) {
    const std::string name = requiredString(payload, payload::kAction);
    const auto action = parseAction(name);
    if (!action) refuse("unknown action " + shown(name));
    const auto from = parseStatus(dossier.value(payload::kStatus, std::string()));
    if (!from) refuse("the server's copy of the dossier has an unknown status");
    const auto to = transition(*from, *action);
    if (!to)
        refuse("'" + name + "' is not allowed for a dossier that is " +
               std::string(statusName(*from)) + " on the server");
    if (const auto claimed = optionalString(payload, payload::kFrom);
        claimed && *claimed != statusName(*from))
        refuse("the op was made on a dossier that was " + shown(*claimed) +
               "; on the server it is " + std::string(statusName(*from)));
    if (const auto claimed = optionalString(payload, payload::kTo);
        claimed && *claimed != statusName(*to))
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
            const std::string due = requiredString(payload, payload::kDueAt);
            const std::string current = dossier.value(payload::kDueAt, std::string());
            if (!(dateTime(due, payload::kDueAt) > dateTime(current, "the server's due time")))
                refuse("the new due time " + shown(due) + " is not later than " + current);
            dossier[payload::kDueAt] = due;
            break;
        }
        case DossierAction::SupplementReceived: {
            // The time limit runs again from the day the dossier is complete (the desk's
            // calendar computed it).
            const std::string due = requiredString(payload, payload::kDueAt);
            dateTime(due, payload::kDueAt);
            dossier[payload::kDueAt] = due;
            break;
        }
        case DossierAction::ReturnElectronic:
        case DossierAction::ReturnResult: {
            if (*action == DossierAction::ReturnElectronic) {
                const auto results = dossier.find(payload::kResults);
                if (results == dossier.end() || !results->is_array() || results->empty())
                    refuse("dossier " + dossier.value(payload::kCode, std::string()) +
                           " has no electronic result on the server to return");
            }
            const std::string at = requiredString(payload, payload::kReturnedAt);
            dateTime(at, payload::kReturnedAt);
            dossier[payload::kReturnedAt] = at;
            break;
        }
        case DossierAction::SubmitForApproval:
            takeDocument(dossier, payload, kDraft, false);
            break;
        case DossierAction::Approve:
            takeDocument(dossier, payload, kResult, true);
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
    dossier[payload::kStatus] = statusName(*to);
    return {*action, *from, *to};
}

void applyEdit(json& dossier, const json& payload) {
    const auto status = parseStatus(dossier.value(payload::kStatus, std::string()));
    if (!status || isTerminal(*status))
        refuse("the dossier is " + dossier.value(payload::kStatus, std::string("unknown")) +
               " and can no longer be edited");
    // A submission's applicant is the portal's word until the ward accepts it: its notices go
    // to the address the citizen gave, not to one a desk typed in.
    if (isSubmission(*status))
        refuse("a submission awaiting the ward's decision cannot be edited; accept it first");
    dossier[payload::kApplicant] = json::parse(payload::encodeApplicant(checkedApplicant(payload)));
}

void applyDocumentFiles(json& dossier, const json& payload) {
    Dossier d;
    core([&] { d = payload::decodeDossier(dossier.dump()); });
    if (isTerminal(d.status))
        refuse("the dossier is " + std::string(statusName(d.status)) +
               "; its documents can no longer change");
    const auto number = requiredInt(payload, payload::kDocument, 1,
                                    static_cast<std::int64_t>(limits::kDocumentsPerDossier));
    const auto index = static_cast<std::size_t>(number - 1);
    if (index >= d.documents.size())
        refuse("the dossier has no document " + std::to_string(number) + "; it has " +
               std::to_string(d.documents.size()));
    if (requiredString(payload, payload::kDocumentName) != d.documents[index].name)
        refuse("document " + std::to_string(number) + " is " + shown(d.documents[index].name) +
               " on the server, not " + shown(requiredString(payload, payload::kDocumentName)));
    const auto files = payload.find(payload::kFiles);
    if (files == payload.end() || !files->is_array() || files->empty())
        refuse("the op names no files");
    json& documentFiles = dossier["documents"][index]["files"];
    if (!documentFiles.is_array()) documentFiles = json::array();
    json& attachments = dossier["attachments"];
    if (!attachments.is_array()) attachments = json::array();
    for (const auto& f : *files) {
        if (!f.is_object()) refuse("a file must be an object");
        const std::string sha = requiredString(f, "sha256");
        if (!crypto::isSha256Hex(sha)) refuse("a file's sha256 is not 64 lowercase hex digits");
        const std::string name = requiredString(f, "file_name");
        core([&] { limits::checkText("a file's name", name, limits::kFileNameBytes); });
        const auto size = requiredInt(f, "size", 0, limits::kBlobBytes);
        if (std::find(documentFiles.begin(), documentFiles.end(), sha) == documentFiles.end())
            documentFiles.push_back(sha);
        if (std::none_of(d.attachments.begin(), d.attachments.end(),
                         [&](const Attachment& a) { return a.sha256 == sha; })) {
            d.attachments.push_back({sha, name, size});
            attachments.push_back({{"sha256", sha}, {"file_name", name}, {"size", size}});
        }
    }
    core([&] {
        limits::checkCount("attached files", d.attachments.size(), limits::kAttachmentsPerDossier);
    });
}

}  // namespace motcua::server::rules
