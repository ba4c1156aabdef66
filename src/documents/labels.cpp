// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "labels.h"

namespace motcua::documents {

std::string_view statusText(DossierStatus status) {
    switch (status) {
        case DossierStatus::AwaitingAcceptance:
            return "Chờ tiếp nhận";
        case DossierStatus::AwaitingResubmission:
            return "Chờ công dân bổ sung";
        case DossierStatus::Refused:
            return "Không được tiếp nhận";
        case DossierStatus::Received:
            return "Đã tiếp nhận";
        case DossierStatus::InProgress:
            return "Đang giải quyết";
        case DossierStatus::SupplementRequested:
            return "Chờ bổ sung";
        case DossierStatus::AwaitingApproval:
            return "Chờ phê duyệt";
        case DossierStatus::Approved:
            return "Đã phê duyệt";
        case DossierStatus::ResultReady:
            return "Có kết quả";
        case DossierStatus::Returned:
            return "Đã trả kết quả";
        case DossierStatus::Rejected:
            return "Từ chối";
        case DossierStatus::Stopped:
            return "Dừng giải quyết";
        case DossierStatus::Withdrawn:
            return "Rút hồ sơ";
    }
    return {};
}

std::string_view channelText(Channel channel) {
    switch (channel) {
        case Channel::Counter:
            return "Trực tiếp";
        case Channel::Online:
            return "Trực tuyến";
        case Channel::Post:
            return "Bưu chính";
    }
    return {};
}

}  // namespace motcua::documents
