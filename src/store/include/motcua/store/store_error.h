// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::store {

/// The one exception type of the store layer.
class StoreError : public std::runtime_error {
public:
    enum class Code {
        OpenFailed,      ///< the file cannot be opened or is not a database
        NewerSchema,     ///< written by a newer MotCua Desk; refuse rather than damage it
        NotInitialized,  ///< `motcua init` has not been run on this database
        AlreadyInitialized,
        NotFound,      ///< no dossier / procedure with that code
        InvalidInput,  ///< the request is malformed (bad JSON, missing field, ...)
        NotAllowed,    ///< the action is not allowed in the dossier's status
        Io,            ///< a file could not be read or written
        Sql,           ///< an unexpected SQLite error; sqliteCode() says which
        Locked,        ///< another program has the ward (WardLock)
        Damaged,       ///< a value the store wrote no longer reads back: the file was altered
    };

    StoreError(Code code, const std::string& message, int sqliteCode = 0)
        : std::runtime_error(message), m_code(code), m_sqliteCode(sqliteCode) {}
    Code code() const noexcept { return m_code; }
    int sqliteCode() const noexcept { return m_sqliteCode; }

private:
    Code m_code;
    int m_sqliteCode;
};

std::string_view storeErrorName(StoreError::Code code);

}  // namespace motcua::store
