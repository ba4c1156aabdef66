// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/money.h"

namespace motcua {

std::string formatVnd(Money amount) {
    std::string digits = std::to_string(amount.vnd < 0 ? -amount.vnd : amount.vnd);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 8);
    if (amount.vnd < 0) out += '-';
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    out += " đồng";
    return out;
}

}  // namespace motcua
