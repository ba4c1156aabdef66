// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The dossier as JSON: the one encoder and decoder of the payload a desk's intake carries, the
// server keeps current and sends back on pull, and the CLI prints; and the keys of an action's
// detail (the dossier.action op and the audit entry). docs/ARCHITECTURE.md, "The payload".
#pragma once

#include <string>
#include <string_view>

#include "motcua/core/dossier.h"

namespace motcua::payload {

/// Keys of an action's detail, beside the dossier's own (`code`, `due_at`, `received_at`,
/// `returned_at`, `register_book`, `register_seq`, `received_by`).
inline constexpr std::string_view kAction = "action";
inline constexpr std::string_view kFrom = "from";
inline constexpr std::string_view kTo = "to";
inline constexpr std::string_view kReason = "reason";
inline constexpr std::string_view kAt = "at";
inline constexpr std::string_view kApplicant = "applicant";
inline constexpr std::string_view kCode = "code";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kDueAt = "due_at";
inline constexpr std::string_view kReceivedAt = "received_at";
inline constexpr std::string_view kReturnedAt = "returned_at";
inline constexpr std::string_view kSubmittedAt = "submitted_at";
inline constexpr std::string_view kRegisterBook = "register_book";
inline constexpr std::string_view kRegisterSeq = "register_seq";
inline constexpr std::string_view kReceivedBy = "received_by";
/// The citizen's tracking page's key (core/tracking_key.h); left out when there is none.
inline constexpr std::string_view kTrackingKey = "tracking_key";
/// A decision on a submission: the form (01, 02 or 03) that told the citizen.
inline constexpr std::string_view kFormSha256 = "form_sha256";
inline constexpr std::string_view kFormFileName = "form_file_name";
/// A draft submitted for approval, and the signed result an approval carries.
inline constexpr std::string_view kDraftSha256 = "draft_sha256";
inline constexpr std::string_view kDraftFileName = "draft_file_name";
inline constexpr std::string_view kDraftSize = "draft_size";
inline constexpr std::string_view kResultSha256 = "result_sha256";
inline constexpr std::string_view kResultFileName = "result_file_name";
inline constexpr std::string_view kResultSize = "result_size";
/// A document's files added after intake (the dossier.files op): the document by its number
/// in the checklist (from 1) and its name, and the files as the attachments list them.
inline constexpr std::string_view kDocument = "document";
inline constexpr std::string_view kDocumentName = "document_name";
inline constexpr std::string_view kFiles = "files";
/// The result was re-signed with a timestamp once the desk was back online.
inline constexpr std::string_view kResultTimestamped = "result_timestamped";
/// An approval: the code its desk gave the electronic result (`<code>-KQ01`); the server
/// applies it only when it is the dossier's next.
inline constexpr std::string_view kResultCode = "result_code";
/// The dossier's electronic results, a list of {code, sha256, file_name, size, at}.
inline constexpr std::string_view kResults = "results";

/// The dossier as a JSON object's text: every field of Dossier but `id` and `procedureName`
/// (the reader's catalog names the procedure). Optional times, the portal's reference, the
/// electronic results and the tracking key are left out when empty. Throws nothing but
/// std::bad_alloc.
std::string encodeDossier(const Dossier& dossier);

/// The applicant alone, as encodeDossier writes it under "applicant" (an edit op's payload).
std::string encodeApplicant(const Applicant& applicant);

/// The reverse of encodeDossier, strict about what it knows: a JSON object with `code`,
/// `procedure`, `status` (a known one), `applicant` with `full_name`, `sets`, `fee_vnd`,
/// `return_channel`, `received_at`, `due_at`, `register_book` and `register_seq`; every other
/// field of Dossier optional (null counts as absent). Each value of its type: dates and times
/// in the ISO form the encoder writes, names from core's tables, integers in range, SHA-256s as
/// 64 lowercase hex digits, electronic results numbered in order under the dossier's own code,
/// the tracking key empty or a key's form. Keys it does not know are left alone (the server adds
/// its own: the action-detail keys above), so a payload from a newer end still decodes. No
/// limits are checked here (checkApplicantLimits, checkDossierShape do). `procedureName` is
/// left empty, `id` 0, `version` 1 when absent.
/// Throws Error(InvalidArgument) naming the field and what is wrong with it.
Dossier decodeDossier(std::string_view json);

/// The applicant object of an edit op or a dossier, as decodeDossier reads it.
/// Throws Error(InvalidArgument) naming the field.
Applicant decodeApplicant(std::string_view json);

}  // namespace motcua::payload
