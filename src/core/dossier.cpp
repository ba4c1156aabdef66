// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier.h"

#include <algorithm>
#include <iterator>

#include "motcua/core/error.h"
#include "motcua/core/limits.h"
#include "motcua/core/name_table.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua {

std::string_view genderName(Gender g) {
    return g == Gender::Male ? "nam" : "nu";
}

std::optional<Gender> parseGender(std::string_view text) {
    const std::string folded = foldForSearch(text);
    if (folded == "nam" || folded == "male" || folded == "m") return Gender::Male;
    if (folded == "nu" || folded == "female" || folded == "f") return Gender::Female;
    return std::nullopt;
}

namespace {

constexpr auto kReturnChannels = makeNameTable<ReturnChannel>(
    {
        {ReturnChannel::Desk, "desk"},
        {ReturnChannel::Post, "post"},
        {ReturnChannel::Online, "online"},
    },
    "desk");
constexpr auto kChannels = makeNameTable<Channel>(
    {
        {Channel::Counter, "counter"},
        {Channel::Online, "online"},
        {Channel::Post, "post"},
    },
    "counter");

}  // namespace

std::string_view returnChannelName(ReturnChannel c) {
    return kReturnChannels.name(c);
}

std::optional<ReturnChannel> parseReturnChannel(std::string_view name) {
    return kReturnChannels.parse(name);
}

std::string_view channelName(Channel channel) {
    return kChannels.name(channel);
}

std::optional<Channel> parseChannel(std::string_view name) {
    return kChannels.parse(name);
}

bool Dossier::isOverdue(LocalDateTime now) const {
    return isPending(status) && now > dueAt;
}

void checkApplicantLimits(const Applicant& a) {
    limits::checkText("the applicant's name", a.fullName, limits::kNameBytes);
    limits::checkText("the identity number", a.idNumber, limits::kIdNumberBytes);
    limits::checkText("the address", a.address, limits::kAddressBytes);
    limits::checkText("the phone number", a.phone, limits::kPhoneBytes);
    limits::checkText("the e-mail address", a.email, limits::kEmailBytes);
    if (!a.email.empty() && !isPlausibleEmail(a.email))
        throw Error(Errc::InvalidArgument,
                    "the e-mail address is not one address (name@domain, no spaces, commas "
                    "or brackets)");
}

bool isPlausibleEmail(std::string_view address) {
    const auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
        address.find('@', at + 1) != std::string_view::npos)
        return false;
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        // What would end an address or add another in a mail header or an SMTP command.
        if (u <= 0x20 || u == 0x7F ||
            std::string_view("<>,;:\"()[]\\").find(c) != std::string_view::npos)
            return false;
    }
    return address[at + 1] != '.' && address.back() != '.';
}

bool Dossier::isDigitised() const {
    return !documents.empty() &&
           std::all_of(documents.begin(), documents.end(),
                       [](const SubmittedDocument& d) { return !d.files.empty(); });
}

bool fileLooseAttachments(Dossier& dossier) {
    std::vector<std::string> loose;
    for (const auto& a : dossier.attachments) {
        const bool named = std::any_of(
            dossier.documents.begin(), dossier.documents.end(), [&](const SubmittedDocument& d) {
                return std::find(d.files.begin(), d.files.end(), a.sha256) != d.files.end();
            });
        if (!named) loose.push_back(a.sha256);
    }
    if (loose.empty()) return false;
    auto other =
        std::find_if(dossier.documents.begin(), dossier.documents.end(),
                     [](const SubmittedDocument& d) { return d.name == kOtherDocumentsName; });
    if (other == dossier.documents.end()) {
        dossier.documents.push_back(
            {std::string(kOtherDocumentsName), RequiredDocument::Form::Copy, 1, {}});
        other = std::prev(dossier.documents.end());
    }
    other->files.insert(other->files.end(), loose.begin(), loose.end());
    return true;
}

void checkDossierShape(const std::vector<SubmittedDocument>& documents, std::size_t attachments,
                       int sets) {
    if (sets < 1) throw Error(Errc::InvalidArgument, "the number of sets must be at least 1");
    if (sets > limits::kMaxSets)
        throw Error(Errc::TooManyItems, "the number of sets is " + std::to_string(sets) +
                                            ", at most " + std::to_string(limits::kMaxSets) +
                                            " are allowed");
    limits::checkCount("submitted documents", documents.size(), limits::kDocumentsPerDossier);
    limits::checkCount("attached files", attachments, limits::kAttachmentsPerDossier);
    for (const auto& doc : documents) {
        if (doc.name.empty() || doc.count < 1)
            throw Error(Errc::InvalidArgument, "every submitted document needs a name and a count");
        if (doc.count > 1000)
            throw Error(Errc::InvalidArgument, "a document's count is at most 1000");
        limits::checkText("a document's name", doc.name, limits::kDocumentNameBytes);
    }
}

}  // namespace motcua
