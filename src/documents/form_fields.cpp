// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "form_fields.h"

#include "labels.h"

#include <cstdio>

#include "motcua/core/markup.h"
#include "motcua/core/name_table.h"
#include "motcua/core/tracking_key.h"
#include "motcua/core/vietnamese_text.h"

namespace motcua::documents {

namespace {

std::string twoDigits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

std::string limitText(const Procedure& p) {
    switch (p.limit.unit) {
        case TimeLimit::Unit::SameDay:
            return "Trong ngày làm việc";
        case TimeLimit::Unit::WorkingDays:
            return twoDigits(p.limit.value) + " ngày làm việc";
        case TimeLimit::Unit::WorkingHours:
            return twoDigits(p.limit.value) + " giờ làm việc";
    }
    return {};
}

constexpr auto kFormTexts = makeNameTable<RequiredDocument::Form>(
    {
        {RequiredDocument::Form::Original, "Bản chính"},
        {RequiredDocument::Form::Copy, "Bản sao"},
        {RequiredDocument::Form::OriginalOrCopy, "Bản chính hoặc bản sao"},
    },
    "");

std::string_view formText(RequiredDocument::Form form) {
    return kFormTexts.name(form);
}

constexpr auto kReturnChannelTexts = makeNameTable<ReturnChannel>(
    {
        {ReturnChannel::Desk, "Tại Bộ phận Tiếp nhận và Trả kết quả"},
        {ReturnChannel::Post, "Qua dịch vụ bưu chính công ích"},
        {ReturnChannel::Online, "Trực tuyến qua Cổng dịch vụ công"},
    },
    "");

std::string_view returnChannelText(ReturnChannel c) {
    return kReturnChannelTexts.name(c);
}

/// Who hands the dossier to whom at each step (the control sheet's first column).
std::pair<std::string, std::string> handOver(const std::string& action, const std::string& unit) {
    const std::string desk = "Bộ phận Tiếp nhận và Trả kết quả";
    const std::string officer = "Công chức chuyên môn";
    const std::string leader = "Lãnh đạo " + unit;
    if (action == "forward") return {desk, officer};
    if (action == "submit-for-approval") return {officer, leader};
    if (action == "send-back") return {leader, officer};
    if (action == "approve") return {leader, officer};
    if (action == "result-ready") return {officer, desk};
    if (action == "return-result") return {desk, "Người nộp hồ sơ"};
    if (action == "request-supplement") return {officer, "Người nộp hồ sơ"};
    if (action == "supplement-received") return {"Người nộp hồ sơ", officer};
    return {desk, officer};
}

std::string actionText(const std::string& action) {
    if (action == "postpone") return "Gia hạn thời gian giải quyết";
    if (action == "reject") return "Từ chối giải quyết";
    if (action == "stop") return "Dừng giải quyết";
    if (action == "withdraw") return "Người nộp rút hồ sơ";
    if (action == "request-supplement") return "Yêu cầu bổ sung hồ sơ";
    return {};
}

const HistoryEntry* lastOf(const FormContext& c, std::string_view action) {
    for (auto it = c.history.rbegin(); it != c.history.rend(); ++it)
        if (it->action == action) return &*it;
    return nullptr;
}

}  // namespace

std::string stepResult(LocalDateTime done, LocalDateTime due) {
    if (done.day < due.day) return "Trước hạn";
    if (done <= due) return "Đúng hạn";
    return "Quá hạn";
}

std::string substitute(std::string_view text, const Fields& fields, const Fields* row,
                       bool markup) {
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find("{{", pos);
        if (open == std::string_view::npos) break;
        const auto close = text.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        out.append(text, pos, open - pos);
        const std::string_view key = trim(text.substr(open + 2, close - open - 2));
        const Fields& source = (row && key.substr(0, 4) == "row.") ? *row : fields;
        if (const auto it = source.find(key); it != source.end())
            out += markup ? escapeMarkup(it->second) : it->second;
        pos = close + 2;
    }
    out.append(text.substr(pos));
    return out;
}

FormData buildFormData(FormKind kind, const FormContext& c) {
    FormData data;
    Fields& f = data.fields;
    const Dossier& d = c.dossier;
    f["unit.name"] = c.ward.unitName;
    f["unit.name_upper"] = toUpperVietnamese(c.ward.unitName);
    f["unit.code"] = c.ward.unitCode;
    f["place"] = c.ward.placeName.empty() ? "Hà Nội" : c.ward.placeName;
    f["date_line"] = f["place"] + ", " + formatVietnameseDate(c.printedAt.date());
    f["officer.name"] = d.receivedBy.empty() ? c.ward.officerName : d.receivedBy;
    f["printed_at"] = formatVietnameseDateTime(c.printedAt);

    f["dossier.code"] = d.code;
    // The key is printed only on the receipt, whose QR alone names this field.
    f["dossier.tracking_qr"] = !c.serverUrl.empty() && !d.trackingKey.empty()
                                   ? trackingAddress(c.serverUrl, d.code, d.trackingKey)
                                   : d.code;
    f["dossier.received_at"] = formatVietnameseDateTime(d.receivedAt);
    f["dossier.due_at"] = formatVietnameseDateTime(d.dueAt);
    f["dossier.sets"] = twoDigits(d.sets);
    f["dossier.fee"] = d.fee.vnd > 0 ? formatVnd(d.fee) : "Không thu phí, lệ phí";
    f["dossier.return_channel"] = std::string(returnChannelText(d.returnChannel));
    f["dossier.status"] = std::string(statusText(d.status));
    f["register.book"] = twoDigits(d.registerBook);
    f["register.seq"] = std::to_string(d.registerSequence);

    f["procedure.code"] = d.procedureCode;
    f["procedure.name"] = d.procedureName;
    if (c.procedure) {
        f["procedure.limit"] = limitText(*c.procedure);
        // The catalog names the level ("UBND cấp xã"); the sheet names this ward's own body.
        f["procedure.unit"] =
            c.procedure->unit == "UBND cấp xã" ? c.ward.unitName : c.procedure->unit;
        f["procedure.sector"] = c.procedure->sector;
    }

    f["applicant.name"] = d.applicant.fullName;
    f["applicant.address"] = d.applicant.address;
    f["applicant.phone"] = d.applicant.phone;
    f["applicant.email"] = d.applicant.email;
    f["applicant.id"] = d.applicant.idNumber;
    if (d.applicant.dateOfBirth) f["applicant.dob"] = formatIsoDate(*d.applicant.dateOfBirth);

    // The reason the officer gave with the action behind this form, unless given anew.
    const char* action = kind == FormKind::Supplement ? "request-supplement"
                         : kind == FormKind::Rejection
                             ? (d.status == DossierStatus::Refused ? "refuse" : "reject")
                         : kind == FormKind::Apology ? "postpone"
                         : kind == FormKind::Stop    ? "stop"
                                                     : "";
    const HistoryEntry* step = *action ? lastOf(c, action) : nullptr;
    f["reason"] = !c.reason.empty() ? c.reason : step ? step->reason : "";
    if (step) f["action.at"] = formatVietnameseDateTime(step->at);
    if (kind == FormKind::Apology && step) {
        // The due time in force before the postponement is the one recorded by the step before.
        LocalDateTime previous = d.receivedAt;
        for (const auto& e : c.history) {
            if (&e == step) break;
            if (e.dueAt) previous = *e.dueAt;
        }
        f["old_due_at"] = formatVietnameseDateTime(previous);
        f["new_due_at"] =
            step->dueAt ? formatVietnameseDateTime(*step->dueAt) : f["dossier.due_at"];
    }

    auto& documents = data.tables["documents"];
    int index = 0;
    for (const auto& doc : d.documents)
        documents.push_back({{"row.index", std::to_string(++index)},
                             {"row.name", doc.name},
                             {"row.form", std::string(formText(doc.form))},
                             {"row.count", twoDigits(doc.count)}});

    // Form 02 lists each missing item on its own line: the reason split at line breaks or ';'.
    auto& missing = data.tables["missing_items"];
    std::string item;
    index = 0;
    auto flush = [&] {
        const auto t = trim(item);
        if (!t.empty())
            missing.push_back(
                {{"row.index", std::to_string(++index)}, {"row.text", std::string(t)}});
        item.clear();
    };
    for (char ch : f["reason"]) {
        if (ch == '\n' || ch == ';')
            flush();
        else
            item += ch;
    }
    flush();

    // Form 06: each hand-over after intake, timed against the due time then in force.
    auto& steps = data.tables["steps"];
    LocalDateTime due = d.dueAt;
    index = 0;
    const std::string unit = c.ward.unitName;
    for (const auto& e : c.history) {
        if (e.action == "intake") {
            if (e.dueAt) due = *e.dueAt;
            continue;
        }
        const auto [giver, receiver] = handOver(e.action, unit);
        std::string note = actionText(e.action);
        if (!e.reason.empty()) note += (note.empty() ? "" : ": ") + e.reason;
        steps.push_back({{"row.index", std::to_string(++index)},
                         {"row.handover", "1. Giao: " + giver + "\n2. Nhận: " + receiver},
                         {"row.at", formatVietnameseDateTime(e.at)},
                         {"row.result", stepResult(e.at, due)},
                         {"row.note", note}});
        if (e.dueAt) due = *e.dueAt;
    }
    return data;
}

}  // namespace motcua::documents
