// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/core/electronic_result.h"

#include "motcua/core/error.h"

namespace motcua {

namespace {
constexpr std::string_view kInfix = "-KQ";
}

std::string electronicResultCode(std::string_view dossierCode, int number) {
    if (dossierCode.empty())
        throw Error(Errc::InvalidArgument, "an electronic result needs its dossier's code");
    if (number < 1 || number > kMaxElectronicResults)
        throw Error(Errc::InvalidArgument, "an electronic result's number is from 1 to " +
                                               std::to_string(kMaxElectronicResults) + ", not " +
                                               std::to_string(number));
    const char digits[] = {static_cast<char>('0' + number / 10),
                           static_cast<char>('0' + number % 10)};
    return std::string(dossierCode) + std::string(kInfix) + std::string(digits, 2);
}

std::optional<ElectronicResultCode> parseElectronicResultCode(std::string_view code) {
    const auto at = code.rfind(kInfix);
    if (at == std::string_view::npos || at == 0 || code.size() != at + kInfix.size() + 2)
        return std::nullopt;
    const char tens = code[at + kInfix.size()];
    const char ones = code[at + kInfix.size() + 1];
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return std::nullopt;
    const int number = (tens - '0') * 10 + (ones - '0');
    if (number < 1) return std::nullopt;
    return ElectronicResultCode{std::string(code.substr(0, at)), number};
}

}  // namespace motcua
