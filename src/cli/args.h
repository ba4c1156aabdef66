// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace motcua::cli {

/// Wrong use of the command line: exit code 1.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The options and positional arguments of one command. Options are `--name value`,
/// `--name=value` or bare flags; each command declares which it accepts.
class Args {
public:
    struct Spec {
        std::set<std::string> valued;    ///< take a value
        std::set<std::string> repeated;  ///< valued and may repeat
        std::set<std::string> flags;     ///< no value
    };

    /// Throws UsageError for an unknown option or a missing value.
    Args(const std::vector<std::string>& argv, const Spec& spec);

    bool has(const std::string& name) const;
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;  ///< throws UsageError
    std::vector<std::string> all(const std::string& name) const;
    int intValue(const std::string& name, int fallback, int min, int max) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positional;
};

/// A password from `--password-stdin` (one line) or `--password-env VAR`, never from the
/// command line, where other users of the machine can read it. Throws UsageError when neither
/// is given or the variable is not set.
std::string readPassword(const Args& args);

}  // namespace motcua::cli
