// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier_status.h"
#include "motcua/core/electronic_result.h"
#include "motcua/core/money.h"
#include "motcua/core/procedure.h"

namespace motcua {

enum class Gender { Male, Female };
std::string_view genderName(Gender g);  ///< "nam", "nu"
std::optional<Gender> parseGender(
    std::string_view text);  ///< "nam"/"nu"/"nữ"/"male"/"female", any case

/// The person who submits the dossier.
struct Applicant {
    std::string fullName;
    std::string idNumber;  ///< 12-digit CCCD
    std::optional<Date> dateOfBirth;
    std::optional<Gender> gender;
    std::string address;
    std::string phone;
    std::string email;
    bool operator==(const Applicant&) const = default;
};

/// A document actually handed over at intake.
struct SubmittedDocument {
    std::string name;
    RequiredDocument::Form form = RequiredDocument::Form::Original;
    int count = 1;
    /// The document's electronic files by SHA-256 (an online submission's uploads); each is
    /// also one of the dossier's attachments.
    std::vector<std::string> files;
    bool operator==(const SubmittedDocument&) const = default;
};

/// A file attached to the dossier, stored by content hash.
struct Attachment {
    std::string sha256;
    std::string fileName;
    std::int64_t size = 0;
    bool operator==(const Attachment&) const = default;
};

enum class ReturnChannel { Desk, Post, Online };
std::string_view returnChannelName(ReturnChannel c);  ///< "desk", "post", "online"
std::optional<ReturnChannel> parseReturnChannel(std::string_view name);

/// How a dossier reached the ward (the national KenhThucHien: 1 counter, 2 online, 3 post).
enum class Channel { Counter, Online, Post };
std::string_view channelName(Channel channel);  ///< "counter", "online", "post"
std::optional<Channel> parseChannel(std::string_view name);

struct Dossier {
    std::int64_t id = 0;
    std::string code;
    std::string procedureCode;
    std::string procedureName;
    DossierStatus status = DossierStatus::Received;
    Applicant applicant;
    std::vector<SubmittedDocument> documents;
    std::vector<Attachment> attachments;
    int sets = 1;  ///< số lượng hồ sơ (bộ)
    Money fee{};
    ReturnChannel returnChannel = ReturnChannel::Desk;
    Channel channel = Channel::Counter;
    /// An online or postal submission: when the citizen submitted it, and the portal's own
    /// reference (empty for a dossier taken at the counter).
    std::optional<LocalDateTime> submittedAt;
    std::string portalRef;
    /// The key of the citizen's tracking page (core/tracking_key.h), printed only on the
    /// receipt; empty for a dossier taken before there was one.
    std::string trackingKey;
    /// Accepted (received) at; for a submission awaiting acceptance, when it was submitted.
    LocalDateTime receivedAt;
    /// The result's due time; for a submission awaiting acceptance, the decision deadline.
    LocalDateTime dueAt;
    std::optional<LocalDateTime> returnedAt;
    int registerBook = 1;      ///< Sổ theo dõi hồ sơ, quyển số
    int registerSequence = 0;  ///< số thứ tự in the book
    std::string receivedBy;    ///< officer's name
    /// The electronic results approved, oldest first, numbered -KQ01, -KQ02, ... in that order:
    /// the server's word (it numbers them as it applies each approval); an intake has none.
    std::vector<ElectronicResult> electronicResults;
    int version = 1;

    /// Overdue is derived, never stored: a pending dossier past its due time.
    bool isOverdue(LocalDateTime now) const;
    /// Digitised (Decision 766, 4.2): every submitted document holds its electronic file. A
    /// dossier without documents is not.
    bool isDigitised() const;
};

/// The row that holds files no document of the checklist names (files attached before
/// documents held their files, or brought beyond the checklist): "Giấy tờ khác".
inline constexpr std::string_view kOtherDocumentsName = "Giấy tờ khác";

/// Gives each attachment no document names a place: appended to the dossier's "Giấy tờ khác"
/// row (made, a copy of count 1, when there is none), so every file belongs to a document.
/// Returns whether anything moved. Throws nothing but std::bad_alloc.
bool fileLooseAttachments(Dossier& dossier);

/// The applicant's fields against core/limits.h: lengths, UTF-8, no control or bidirectional
/// characters; an e-mail address that is one. Both ends call it: the desk at intake and edit,
/// the server on push. Throws Error(InvalidUtf8 | FieldTooLong | ControlCharacter |
/// InvalidArgument).
void checkApplicantLimits(const Applicant& applicant);
/// One e-mail address, as the notices' mail needs it: one '@' with text either side, no
/// spaces, control characters, or characters that end an address or list another (<>,;:"()[]\).
/// Throws nothing; checkApplicantLimits refuses an applicant's address that is not one.
bool isPlausibleEmail(std::string_view address);
/// The submitted documents (each with a name within limits and a count of at least 1), the
/// number of attachments and of sets. Throws Error(InvalidArgument | FieldTooLong |
/// ControlCharacter | TooManyItems).
void checkDossierShape(const std::vector<SubmittedDocument>& documents, std::size_t attachments,
                       int sets);

}  // namespace motcua
