// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "sane_options.h"

#include <sane/saneopts.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

namespace motcua::scan::detail {

namespace {

// SANE's fixed-point values (SANE_FIX and SANE_UNFIX are C casts: spelled out here).
constexpr SANE_Word kFixedOne = 1 << SANE_FIXED_SCALE_SHIFT;

struct Option {
    SANE_Int index = 0;
    const SANE_Option_Descriptor* descriptor = nullptr;
};

/// The option called `name`, if the device has it and it is active. Descriptors are looked up
/// afresh each time: setting an option may reload them.
std::optional<Option> findOption(const SaneDevice& device, std::string_view name) {
    SANE_Int count = 0;
    const SANE_Option_Descriptor* first = ::sane_get_option_descriptor(device.handle(), 0);
    if (!first || ::sane_control_option(device.handle(), 0, SANE_ACTION_GET_VALUE, &count,
                                        nullptr) != SANE_STATUS_GOOD)
        throw ScanError(ScanError::Code::Io, device.name() + ": cannot read its options");
    for (SANE_Int i = 1; i < count; ++i) {
        const SANE_Option_Descriptor* d = ::sane_get_option_descriptor(device.handle(), i);
        if (d && d->name && name == d->name && !(d->cap & SANE_CAP_INACTIVE)) return Option{i, d};
    }
    return std::nullopt;
}

[[noreturn]] void unsupported(const SaneDevice& device, std::string_view option,
                              const std::string& why) {
    throw ScanError(ScanError::Code::Unsupported,
                    device.name() + ": option " + std::string(option) + ": " + why);
}

void requireSettable(const SaneDevice& device, const Option& option) {
    if (!(option.descriptor->cap & SANE_CAP_SOFT_SELECT))
        unsupported(device, option.descriptor->name, "cannot be set from the computer");
}

std::vector<std::string> stringChoices(const Option& option) {
    std::vector<std::string> out;
    if (option.descriptor->constraint_type == SANE_CONSTRAINT_STRING_LIST)
        for (const SANE_String_Const* s = option.descriptor->constraint.string_list; *s; ++s)
            out.emplace_back(*s);
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// The first choice whose lowercase form contains one of `words`.
std::optional<std::string> choiceWith(const std::vector<std::string>& choices,
                                      std::initializer_list<std::string_view> words) {
    for (const auto& choice : choices)
        for (const auto word : words)
            if (lower(choice).find(word) != std::string::npos) return choice;
    return std::nullopt;
}

/// The feeder among a source option's choices: one-sided before duplex ("ADF Front" before
/// "ADF Duplex"), since a desk scans one side unless told otherwise.
std::optional<std::string> feederChoice(const std::vector<std::string>& choices) {
    std::optional<std::string> duplex;
    for (const auto& choice : choices) {
        const std::string l = lower(choice);
        const bool feeder = l.find("automatic document") != std::string::npos ||
                            l.find("adf") != std::string::npos ||
                            l.find("feeder") != std::string::npos;
        if (!feeder) continue;
        if (l.find("duplex") == std::string::npos) return choice;
        if (!duplex) duplex = choice;
    }
    return duplex;
}

std::string joined(const std::vector<std::string>& choices) {
    std::string out;
    for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
    return out;
}

void setString(const SaneDevice& device, const Option& option, const std::string& value) {
    requireSettable(device, option);
    std::vector<char> buffer(static_cast<std::size_t>(option.descriptor->size) + 1, '\0');
    std::copy(value.begin(), value.end(), buffer.begin());
    check(::sane_control_option(device.handle(), option.index, SANE_ACTION_SET_VALUE, buffer.data(),
                                nullptr),
          device.name(), "option " + std::string(option.descriptor->name) + " = " + value);
}

/// A word option's value in the option's own unit: `value` as is, or as SANE_Fixed.
SANE_Word toWord(const Option& option, int value) {
    return option.descriptor->type == SANE_TYPE_FIXED ? value * kFixedOne : value;
}

std::string wordText(const Option& option, SANE_Word word) {
    if (option.descriptor->type != SANE_TYPE_FIXED) return std::to_string(word);
    const double value = static_cast<double>(word) / kFixedOne;
    const auto whole = static_cast<long>(value);
    return static_cast<double>(whole) == value ? std::to_string(whole) : std::to_string(value);
}

/// Whether `word` lies in the option's constraint; else what the device offers, in words.
std::optional<std::string> notOffered(const Option& option, SANE_Word word, const char* unit) {
    const auto& d = *option.descriptor;
    if (d.constraint_type == SANE_CONSTRAINT_RANGE) {
        const SANE_Range& r = *d.constraint.range;
        const bool inRange = word >= r.min && word <= r.max;
        const bool onStep = r.quant == 0 || (word - r.min) % r.quant == 0;
        if (inRange && onStep) return std::nullopt;
        std::string offered = wordText(option, r.min) + " to " + wordText(option, r.max) + unit;
        if (r.quant != 0 && r.quant != toWord(option, 1))
            offered += " in steps of " + wordText(option, r.quant);
        return offered;
    }
    if (d.constraint_type == SANE_CONSTRAINT_WORD_LIST) {
        const SANE_Word* list = d.constraint.word_list;
        std::string offered;
        for (SANE_Word i = 1; i <= list[0]; ++i) {
            if (list[i] == word) return std::nullopt;
            offered += (offered.empty() ? "" : ", ") + wordText(option, list[i]);
        }
        return offered + unit;
    }
    return std::nullopt;
}

}  // namespace

bool selectSource(const SaneDevice& device, PaperSource source) {
    const auto option = findOption(device, SANE_NAME_SCAN_SOURCE);
    const auto choices = option ? stringChoices(*option) : std::vector<std::string>{};
    const auto feeder = feederChoice(choices);
    switch (source) {
        case PaperSource::Feeder:
            if (!feeder)
                unsupported(device, SANE_NAME_SCAN_SOURCE,
                            "no document feeder (offered: " +
                                (choices.empty() ? std::string("none") : joined(choices)) + ")");
            setString(device, *option, *feeder);
            return true;
        case PaperSource::Auto:
            if (!feeder) return false;
            setString(device, *option, *feeder);
            return true;
        case PaperSource::Flatbed: {
            if (!option) return false;
            const auto flatbed = choiceWith(choices, {"flatbed"});
            if (!flatbed)
                unsupported(device, SANE_NAME_SCAN_SOURCE,
                            "no flatbed (offered: " + joined(choices) + ")");
            setString(device, *option, *flatbed);
            return false;
        }
    }
    return false;
}

void setMode(const SaneDevice& device, ColorMode mode) {
    const auto option = findOption(device, SANE_NAME_SCAN_MODE);
    const bool color = mode == ColorMode::Color;
    if (!option) unsupported(device, SANE_NAME_SCAN_MODE, "the device has no scan mode option");
    const auto choices = stringChoices(*option);
    // The standard names first ("Color", "Gray"), then a backend's own ("24bit Color").
    auto choice = color ? choiceWith(choices, {"color"}) : choiceWith(choices, {"gray"});
    if (!choice) choice = color ? choiceWith(choices, {"colour"}) : choiceWith(choices, {"grey"});
    if (!choice)
        unsupported(device, SANE_NAME_SCAN_MODE,
                    std::string(color ? "no colour" : "no gray") +
                        " mode (offered: " + joined(choices) + ")");
    setString(device, *option, *choice);

    const auto depth = findOption(device, SANE_NAME_BIT_DEPTH);
    if (!depth || !(depth->descriptor->cap & SANE_CAP_SOFT_SELECT)) return;
    SANE_Word eight = 8;
    if (notOffered(*depth, eight, " bits")) return;  // the scan's parameters are checked later
    check(::sane_control_option(device.handle(), depth->index, SANE_ACTION_SET_VALUE, &eight,
                                nullptr),
          device.name(), "option depth = 8");
}

void setResolution(const SaneDevice& device, int dpi) {
    if (dpi <= 0)
        throw ScanError(ScanError::Code::InvalidArgument,
                        device.name() + ": resolution " + std::to_string(dpi) + " dpi");
    const auto option = findOption(device, SANE_NAME_SCAN_RESOLUTION);
    if (!option)
        unsupported(device, SANE_NAME_SCAN_RESOLUTION, "the device has no resolution option");
    const auto type = option->descriptor->type;
    if (type != SANE_TYPE_INT && type != SANE_TYPE_FIXED)
        unsupported(device, SANE_NAME_SCAN_RESOLUTION, "not a number");
    requireSettable(device, *option);
    const SANE_Word wanted = toWord(*option, dpi);
    if (const auto offered = notOffered(*option, wanted, " dpi"))
        unsupported(device, SANE_NAME_SCAN_RESOLUTION,
                    std::to_string(dpi) + " dpi is not offered (" + *offered + ")");
    SANE_Word value = wanted;
    SANE_Int info = 0;
    check(
        ::sane_control_option(device.handle(), option->index, SANE_ACTION_SET_VALUE, &value, &info),
        device.name(), "option resolution = " + std::to_string(dpi));
    // A device may still round the value (SANE_INFO_INEXACT): then it is not what was asked.
    if (value != wanted)
        unsupported(device, SANE_NAME_SCAN_RESOLUTION,
                    std::to_string(dpi) + " dpi is not offered (the device would scan at " +
                        wordText(*option, value) + " dpi)");
}

}  // namespace motcua::scan::detail
