// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "args.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "motcua/core/error.h"

namespace motcua::cli {

Args::Args(const std::vector<std::string>& argv, const Spec& spec) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (spec.flags.count(name)) {
            if (inlineValue) throw UsageError("--" + name + " takes no value");
            m_flags.insert(name);
            continue;
        }
        const bool repeated = spec.repeated.count(name) > 0;
        if (!repeated && !spec.valued.count(name)) throw UsageError("unknown option --" + name);
        if (!inlineValue) {
            if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
            inlineValue = argv[++i];
        }
        auto& values = m_values[name];
        if (!repeated && !values.empty()) throw UsageError("--" + name + " given twice");
        values.push_back(*inlineValue);
    }
}

bool Args::has(const std::string& name) const {
    return m_flags.count(name) > 0 || m_values.count(name) > 0;
}

std::optional<std::string> Args::get(const std::string& name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second.front();
}

std::string Args::require(const std::string& name) const {
    auto value = get(name);
    if (!value) throw UsageError("--" + name + " is required");
    return *value;
}

std::vector<std::string> Args::all(const std::string& name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

int Args::intValue(const std::string& name, int fallback, int min, int max) const {
    const auto text = get(name);
    if (!text) return fallback;
    int value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max)
        throw Error(Errc::InvalidArgument, "--" + name + " must be a whole number from " +
                                               std::to_string(min) + " to " + std::to_string(max));
    return value;
}

std::string readPassword(const Args& args) {
    std::string password;
    if (args.has("password-stdin")) {
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
    } else if (auto var = args.get("password-env")) {
        const char* value = std::getenv(var->c_str());
        if (!value) throw UsageError("the environment variable " + *var + " is not set");
        password = value;
    } else {
        throw UsageError("give the password with --password-stdin or --password-env VAR");
    }
    return password;
}

}  // namespace motcua::cli
