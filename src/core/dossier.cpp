// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/dossier.h"

#include "motcua/core/vietnamese_text.h"

namespace motcua {

std::string_view genderName(Gender g) { return g == Gender::Male ? "nam" : "nu"; }

std::optional<Gender> parseGender(std::string_view text) {
    const std::string folded = foldForSearch(text);
    if (folded == "nam" || folded == "male" || folded == "m") return Gender::Male;
    if (folded == "nu" || folded == "female" || folded == "f") return Gender::Female;
    return std::nullopt;
}

std::string_view returnChannelName(ReturnChannel c) {
    switch (c) {
        case ReturnChannel::Desk: return "desk";
        case ReturnChannel::Post: return "post";
        case ReturnChannel::Online: return "online";
    }
    return "desk";
}

std::optional<ReturnChannel> parseReturnChannel(std::string_view name) {
    if (name == "desk") return ReturnChannel::Desk;
    if (name == "post") return ReturnChannel::Post;
    if (name == "online") return ReturnChannel::Online;
    return std::nullopt;
}

bool Dossier::isOverdue(LocalDateTime now) const { return isPending(status) && now > dueAt; }

}  // namespace motcua
