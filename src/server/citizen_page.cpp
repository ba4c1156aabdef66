// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "citizen_page.h"

#include <array>
#include <utility>

#include "motcua/core/markup.h"
#include "motcua/core/tracking_key.h"

namespace motcua::server {

namespace {

// The desk's words for each status (i18n/vi.po); the server has no gettext.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kStatusWords{{
    {"awaiting_acceptance", "Chờ tiếp nhận"},
    {"awaiting_resubmission", "Chờ công dân bổ sung"},
    {"refused", "Không được tiếp nhận"},
    {"received", "Đã tiếp nhận"},
    {"in_progress", "Đang giải quyết"},
    {"supplement_requested", "Chờ bổ sung"},
    {"awaiting_approval", "Chờ phê duyệt"},
    {"approved", "Đã phê duyệt"},
    {"result_ready", "Chờ trả kết quả"},
    {"returned", "Đã trả kết quả"},
    {"rejected", "Đã từ chối"},
    {"stopped", "Dừng giải quyết"},
    {"withdrawn", "Đã rút hồ sơ"},
}};

constexpr std::string_view kStyle =
    "body{margin:0;font-family:sans-serif;font-size:16px;line-height:1.45;color:#1a1a1a;"
    "background:#f4f6f8}"
    "main{max-width:36rem;margin:0 auto;padding:12px;background:#fff;min-height:100vh;"
    "box-sizing:border-box}"
    "h1{font-size:1.25rem;margin:0 0 8px;color:#a50e0e}"
    "h2{font-size:1.05rem;margin:18px 0 6px;border-bottom:1px solid #ddd}"
    "dl{margin:0}dt{font-weight:bold;margin-top:8px}dd{margin:0;overflow-wrap:anywhere}"
    ".status{font-size:1.1rem;font-weight:bold;color:#0b5394}"
    "ol,ul{padding-left:1.3rem;margin:4px 0}li{margin:6px 0;overflow-wrap:anywhere}"
    "time{color:#555;display:block;font-size:.9rem}"
    ".ok{color:#1e7b34}.bad{color:#b00020}"
    "a{color:#0b5394}footer{margin-top:24px;font-size:.8rem;color:#666}";

/// "2026-03-10T09:00:00+07:00" as "10/03/2026 09:00"; anything else as it is.
std::string shownTime(const std::string& iso) {
    if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " +
           iso.substr(11, 5);
}

std::string page(std::string_view title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"robots\" content=\"noindex\"><title>" +
           escapeMarkup(title) + "</title><style>" + std::string(kStyle) +
           "</style></head><body><main>" + body +
           "<footer>Bộ phận Một cửa — trang tra cứu hồ sơ. Không chia sẻ địa chỉ này: ai có nó "
           "đều xem được tình trạng hồ sơ.</footer></main></body></html>\n";
}

std::string sizeInWords(std::int64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " byte";
    if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
    const std::int64_t tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
    return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
}

std::string signaturesHtml(const std::vector<ResultSignature>& signatures) {
    bool any = false;
    std::string out = "<ul>";
    for (const auto& s : signatures) {
        if (s.documentTimestamp) continue;  // a TSA's stamp signs nothing of its own
        any = true;
        out +=
            "<li>Chữ ký số: " + escapeMarkup(s.signer.empty() ? "(không rõ)" : s.signer) + " — " +
            (s.valid ? "<span class=\"ok\">hợp lệ</span>"
                     : "<span class=\"bad\">không hợp lệ</span>") +
            (s.signingTime.empty() ? ""
                                   : " (ký lúc " + escapeMarkup(shownTime(s.signingTime)) + ")") +
            "</li>";
    }
    if (!any) return "<p class=\"bad\">Tệp không có chữ ký số.</p>";
    return out + "</ul>";
}

}  // namespace

std::string statusInWords(std::string_view statusName) {
    for (const auto& [name, words] : kStatusWords)
        if (name == statusName) return std::string(words);
    return std::string(statusName);
}

std::string trackingPage(const TrackedDossier& d, const std::string& key,
                         const ResultSignatures& signatures) {
    const bool submission =
        d.status == "awaiting_acceptance" || d.status == "awaiting_resubmission";
    const bool ended = d.status == "refused" || d.status == "withdrawn";
    std::string body = "<h1>Tra cứu hồ sơ</h1><dl><dt>Mã hồ sơ</dt><dd>" + escapeMarkup(d.code) +
                       "</dd><dt>Thủ tục</dt><dd>" +
                       escapeMarkup(d.procedureName.empty() ? d.procedureCode : d.procedureName) +
                       "</dd><dt>Người nộp</dt><dd>" + escapeMarkup(d.initials) +
                       "</dd><dt>Tình trạng</dt><dd class=\"status\">" +
                       escapeMarkup(statusInWords(d.status)) + "</dd>";
    if (!ended && !d.dueAt.empty())
        body += std::string("<dt>") +
                (submission ? "Hạn tiếp nhận hồ sơ" : "Ngày hẹn trả kết quả") + "</dt><dd>" +
                escapeMarkup(shownTime(d.dueAt)) + "</dd>";
    body += "</dl><h2>Quá trình xử lý</h2><ol>";
    for (const auto& step : d.steps)
        body += "<li><time datetime=\"" + escapeMarkup(step.at) + "\">" +
                escapeMarkup(shownTime(step.at)) + "</time>" +
                escapeMarkup(statusInWords(step.status)) + "</li>";
    body += "</ol>";
    if (!d.results.empty()) {
        body += "<h2>Kết quả điện tử</h2><ul>";
        for (std::size_t i = 0; i < d.results.size(); ++i) {
            const auto& r = d.results[i];
            const std::string href =
                std::string(kTrackingPath) + d.code + "/" + r.code + "?k=" + key;
            body += "<li><a href=\"" + escapeMarkup(href) + "\" download>" + escapeMarkup(r.code) +
                    "</a> — " + escapeMarkup(r.fileName) + " (" + sizeInWords(r.size) + ")";
            if (!r.at.empty()) body += "<time>" + escapeMarkup(shownTime(r.at)) + "</time>";
            body += signaturesHtml(i < signatures.size() ? signatures[i]
                                                         : std::vector<ResultSignature>{}) +
                    "</li>";
        }
        body += "</ul>";
    }
    return page("Hồ sơ " + d.code, body);
}

std::string notFoundPage() {
    return page("Không tìm thấy hồ sơ",
                "<h1>Không tìm thấy hồ sơ</h1><p>Mã hồ sơ hoặc khóa tra cứu không đúng. Hãy quét "
                "lại mã QR trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc hỏi Bộ phận Một "
                "cửa.</p>");
}

std::string tooManyRequestsPage() {
    return page("Xin thử lại sau",
                "<h1>Xin thử lại sau</h1><p>Có quá nhiều lượt tra cứu từ địa chỉ này. Xin đợi "
                "một lát rồi tải lại trang.</p>");
}

}  // namespace motcua::server
