// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier_payload.h"

#include <nlohmann/json.hpp>

#include <limits>

#include "motcua/core/error.h"
#include "motcua/core/tracking_key.h"
#include "motcua/crypto/sha256.h"

namespace motcua::payload {

using nlohmann::json;

namespace {

json optionalTime(const std::optional<LocalDateTime>& t) {
    return t ? json(formatIsoDateTime(*t)) : json(nullptr);
}

json applicantObject(const Applicant& a) {
    return {{"full_name", a.fullName},
            {"id_number", a.idNumber},
            {"date_of_birth", a.dateOfBirth ? json(formatIsoDate(*a.dateOfBirth)) : json(nullptr)},
            {"gender", a.gender ? json(genderName(*a.gender)) : json(nullptr)},
            {"address", a.address},
            {"phone", a.phone},
            {"email", a.email}};
}

/// Reads one JSON object, naming each field by its path ("applicant.date_of_birth") in errors.
class Reader {
public:
    Reader(const json& object, std::string path) : m_object(object), m_path(std::move(path)) {
        if (!m_object.is_object()) fail("", "must be an object");
    }

    [[noreturn]] void fail(std::string_view key, std::string_view what) const {
        std::string field = m_path;
        if (!key.empty()) field += (field.empty() ? "" : ".") + std::string(key);
        throw Error(Errc::InvalidArgument, "the dossier's " +
                                               (field.empty() ? std::string("payload") : field) +
                                               " " + std::string(what));
    }

    /// The value under `key`, or nullptr when absent or null (and not required).
    const json* find(std::string_view key, bool required) const {
        const auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null()) {
            if (required) fail(key, "is missing");
            return nullptr;
        }
        return &*it;
    }

    std::optional<std::string> text(std::string_view key, bool required = false) const {
        const json* v = find(key, required);
        if (!v) return std::nullopt;
        if (!v->is_string()) fail(key, "must be text");
        return v->get<std::string>();
    }

    std::string requiredText(std::string_view key) const { return *text(key, true); }

    template <typename Int>
    std::optional<Int> integer(std::string_view key, bool required = false) const {
        const json* v = find(key, required);
        if (!v) return std::nullopt;
        if (!v->is_number_integer()) fail(key, "must be an integer");
        if (v->is_number_unsigned()) {
            const auto n = v->get<std::uint64_t>();
            if (n > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
                fail(key, "is out of range");
            return static_cast<Int>(n);
        }
        const auto n = v->get<std::int64_t>();
        if (n < std::numeric_limits<Int>::min() || n > std::numeric_limits<Int>::max())
            fail(key, "is out of range");
        return static_cast<Int>(n);
    }

    template <typename Int>
    Int requiredInteger(std::string_view key) const {
        return *integer<Int>(key, true);
    }

    /// A value named by one of core's name tables.
    template <typename Parse>
    auto named(std::string_view key, Parse parse, bool required = false) const
        -> decltype(parse(std::string_view())) {
        const auto name = text(key, required);
        if (!name) return std::nullopt;
        auto value = parse(*name);
        if (!value) fail(key, "names nothing known: '" + *name + "'");
        return value;
    }

    std::optional<LocalDateTime> time(std::string_view key, bool required = false) const {
        const auto value = text(key, required);
        if (!value) return std::nullopt;
        try {
            return parseIsoDateTime(*value);
        } catch (const Error&) {
            fail(key, "is not an ISO date-time: '" + *value + "'");
        }
    }

    std::string sha256(std::string_view key) const {
        const std::string value = requiredText(key);
        if (!crypto::isSha256Hex(value)) fail(key, "is not a SHA-256 (64 lowercase hex digits)");
        return value;
    }

    /// The list under `key` (absent or null: none), each element read by `each`.
    template <typename Each>
    void list(std::string_view key, Each each) const {
        const json* v = find(key, false);
        if (!v) return;
        if (!v->is_array()) fail(key, "must be a list");
        for (std::size_t i = 0; i < v->size(); ++i)
            each((*v)[i], m_path + (m_path.empty() ? "" : ".") + std::string(key) + "[" +
                              std::to_string(i) + "]");
    }

private:
    const json& m_object;
    std::string m_path;
};

Applicant readApplicant(const Reader& in) {
    Applicant a;
    a.fullName = in.requiredText("full_name");
    a.idNumber = in.text("id_number").value_or("");
    a.address = in.text("address").value_or("");
    a.phone = in.text("phone").value_or("");
    a.email = in.text("email").value_or("");
    if (const auto dob = in.text("date_of_birth")) {
        a.dateOfBirth = tryParseIsoDate(*dob);
        if (!a.dateOfBirth || formatIsoDate(*a.dateOfBirth) != *dob)
            in.fail("date_of_birth", "is not a date (YYYY-MM-DD): '" + *dob + "'");
    }
    a.gender = in.named("gender", parseGender);
    return a;
}

json parsed(std::string_view text) {
    json root = json::parse(text, nullptr, false);
    if (root.is_discarded())
        throw Error(Errc::InvalidArgument, "the dossier's payload is not JSON");
    return root;
}

}  // namespace

std::string encodeApplicant(const Applicant& applicant) {
    return applicantObject(applicant).dump();
}

std::string encodeDossier(const Dossier& d) {
    json documents = json::array();
    for (const auto& doc : d.documents)
        documents.push_back({{"name", doc.name},
                             {"form", documentFormName(doc.form)},
                             {"count", doc.count},
                             {"files", doc.files}});
    json attachments = json::array();
    for (const auto& a : d.attachments)
        attachments.push_back({{"sha256", a.sha256}, {"file_name", a.fileName}, {"size", a.size}});
    json payload{{kCode, d.code},
                 {"procedure", d.procedureCode},
                 {kStatus, statusName(d.status)},
                 {"channel", channelName(d.channel)},
                 {kApplicant, applicantObject(d.applicant)},
                 {"documents", std::move(documents)},
                 {"attachments", std::move(attachments)},
                 {"sets", d.sets},
                 {"fee_vnd", d.fee.vnd},
                 {"return_channel", returnChannelName(d.returnChannel)},
                 {kReceivedAt, formatIsoDateTime(d.receivedAt)},
                 {kDueAt, formatIsoDateTime(d.dueAt)},
                 {kRegisterBook, d.registerBook},
                 {kRegisterSeq, d.registerSequence},
                 {kReceivedBy, d.receivedBy},
                 {"version", d.version}};
    if (d.returnedAt) payload[kReturnedAt] = optionalTime(d.returnedAt);
    if (d.submittedAt) payload[kSubmittedAt] = optionalTime(d.submittedAt);
    if (!d.portalRef.empty()) payload["portal_ref"] = d.portalRef;
    if (!d.electronicResults.empty()) {
        json results = json::array();
        for (const auto& r : d.electronicResults)
            results.push_back({{kCode, r.code},
                               {"sha256", r.sha256},
                               {"file_name", r.fileName},
                               {"size", r.size},
                               {kAt, formatIsoDateTime(r.approvedAt)}});
        payload[kResults] = std::move(results);
    }
    if (!d.trackingKey.empty()) payload[kTrackingKey] = d.trackingKey;
    return payload.dump();
}

Applicant decodeApplicant(std::string_view text) {
    return readApplicant(Reader(parsed(text), "applicant"));
}

Dossier decodeDossier(std::string_view text) {
    const json root = parsed(text);
    const Reader in(root, "");
    Dossier d;
    d.code = in.requiredText(kCode);
    d.procedureCode = in.requiredText("procedure");
    d.status = *in.named(kStatus, parseStatus, true);
    const json* applicant = in.find(kApplicant, true);
    d.applicant = readApplicant(Reader(*applicant, "applicant"));
    in.list("documents", [&](const json& item, const std::string& path) {
        const Reader doc(item, path);
        SubmittedDocument document{doc.requiredText("name"),
                                   *doc.named("form", parseDocumentForm, true),
                                   doc.requiredInteger<int>("count"),
                                   {}};
        doc.list("files", [&](const json& sha, const std::string& at) {
            if (!sha.is_string() || !crypto::isSha256Hex(sha.get<std::string>()))
                throw Error(Errc::InvalidArgument, "the dossier's " + at +
                                                       " is not a SHA-256 (64 lowercase hex "
                                                       "digits)");
            document.files.push_back(sha.get<std::string>());
        });
        d.documents.push_back(std::move(document));
    });
    in.list("attachments", [&](const json& item, const std::string& path) {
        const Reader a(item, path);
        const auto size = a.requiredInteger<std::int64_t>("size");
        if (size < 0) a.fail("size", "is negative");
        d.attachments.push_back({a.sha256("sha256"), a.requiredText("file_name"), size});
    });
    d.sets = in.requiredInteger<int>("sets");
    d.fee = Money{in.requiredInteger<std::int64_t>("fee_vnd")};
    d.returnChannel = *in.named("return_channel", parseReturnChannel, true);
    // Dossiers from before channels were recorded came to the counter.
    d.channel = in.named("channel", parseChannel).value_or(Channel::Counter);
    d.receivedAt = *in.time(kReceivedAt, true);
    d.dueAt = *in.time(kDueAt, true);
    d.returnedAt = in.time(kReturnedAt);
    d.submittedAt = in.time(kSubmittedAt);
    d.portalRef = in.text("portal_ref").value_or("");
    d.trackingKey = in.text(kTrackingKey).value_or("");
    if (!d.trackingKey.empty() && !isTrackingKey(d.trackingKey))
        in.fail(kTrackingKey, "is not a tracking key (32 lowercase hex digits)");
    d.registerBook = in.requiredInteger<int>(kRegisterBook);
    d.registerSequence = in.requiredInteger<int>(kRegisterSeq);
    d.receivedBy = in.text(kReceivedBy).value_or("");
    in.list(kResults, [&](const json& item, const std::string& path) {
        const Reader r(item, path);
        ElectronicResult result{r.requiredText(kCode), r.sha256("sha256"),
                                r.requiredText("file_name"),
                                r.requiredInteger<std::int64_t>("size"), *r.time(kAt, true)};
        if (result.size < 0) r.fail("size", "is negative");
        const int number = static_cast<int>(d.electronicResults.size()) + 1;
        if (number > kMaxElectronicResults)
            in.fail(kResults, "has more than " + std::to_string(kMaxElectronicResults));
        if (result.code != electronicResultCode(d.code, number))
            r.fail(kCode, "must be " + electronicResultCode(d.code, number) + ", not '" +
                              result.code + "'");
        d.electronicResults.push_back(std::move(result));
    });
    d.version = in.integer<int>("version").value_or(1);
    return d;
}

}  // namespace motcua::payload
