// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier.h"

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
