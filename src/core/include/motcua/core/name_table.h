// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua {

/// The names an enum is written as (in files, on the wire, in logs), in one constexpr table, so
/// that the name of a value and the value of a name cannot drift apart. `fallback` is the name
/// of a value the table does not hold (one cast from an out-of-range number).
///
///     constexpr auto kUnits = makeNameTable<Unit>({{Unit::Days, "days"}, ...}, "days");
///     kUnits.name(Unit::Days);  // "days"
///     kUnits.parse("days");     // Unit::Days; std::nullopt for a name not in the table
///
/// Lookups are linear: the tables are short. Safe from any thread; nothing throws.
template <typename E, std::size_t N>
class NameTable {
public:
    using Entry = std::pair<E, std::string_view>;

    constexpr NameTable(const Entry (&entries)[N], std::string_view fallback)
        : m_fallback(fallback) {
        for (std::size_t i = 0; i < N; ++i) m_entries[i] = entries[i];
    }

    constexpr std::string_view name(E value) const {
        for (const auto& [v, n] : m_entries)
            if (v == value) return n;
        return m_fallback;
    }

    /// The value named `text`, compared byte for byte.
    constexpr std::optional<E> parse(std::string_view text) const {
        for (const auto& [v, n] : m_entries)
            if (n == text) return v;
        return std::nullopt;
    }

    /// The entries in the table's order.
    constexpr const std::array<Entry, N>& entries() const { return m_entries; }

    /// Every value, in the table's order.
    std::vector<E> values() const {
        std::vector<E> all;
        all.reserve(N);
        for (const auto& entry : m_entries) all.push_back(entry.first);
        return all;
    }

private:
    std::array<Entry, N> m_entries{};
    std::string_view m_fallback;
};

/// A table for `E`, its size counted from the list.
template <typename E, std::size_t N>
constexpr NameTable<E, N> makeNameTable(const std::pair<E, std::string_view> (&entries)[N],
                                        std::string_view fallback) {
    return NameTable<E, N>(entries, fallback);
}

}  // namespace motcua
