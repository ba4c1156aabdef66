// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "labels.h"

#include "motcua/core/name_table.h"

namespace motcua::documents {

namespace {

constexpr auto kStatusTexts = makeNameTable<DossierStatus>(
    {
        {DossierStatus::AwaitingAcceptance, "Chờ tiếp nhận"},
        {DossierStatus::AwaitingResubmission, "Chờ công dân bổ sung"},
        {DossierStatus::Refused, "Không được tiếp nhận"},
        {DossierStatus::Received, "Đã tiếp nhận"},
        {DossierStatus::InProgress, "Đang giải quyết"},
        {DossierStatus::SupplementRequested, "Chờ bổ sung"},
        {DossierStatus::AwaitingApproval, "Chờ phê duyệt"},
        {DossierStatus::Approved, "Đã phê duyệt"},
        {DossierStatus::ResultReady, "Có kết quả"},
        {DossierStatus::Returned, "Đã trả kết quả"},
        {DossierStatus::Rejected, "Từ chối"},
        {DossierStatus::Stopped, "Dừng giải quyết"},
        {DossierStatus::Withdrawn, "Rút hồ sơ"},
    },
    "");
constexpr auto kChannelTexts = makeNameTable<Channel>(
    {
        {Channel::Counter, "Trực tiếp"},
        {Channel::Online, "Trực tuyến"},
        {Channel::Post, "Bưu chính"},
    },
    "");

}  // namespace

std::string_view statusText(DossierStatus status) {
    return kStatusTexts.name(status);
}

std::string_view channelText(Channel channel) {
    return kChannelTexts.name(channel);
}

}  // namespace motcua::documents
