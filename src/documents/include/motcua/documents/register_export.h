// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <vector>

#include "motcua/core/date_time.h"
#include "motcua/core/dossier_record.h"

namespace motcua::documents {

/// What the register's heading says.
struct RegisterInfo {
    std::string unitName;  ///< "UBND phường Bồ Đề"
    Date from;
    Date to;
    LocalDateTime exportedAt;
};

/// The register of dossiers (form 07, Sổ theo dõi hồ sơ) as an XLSX workbook an officer opens
/// in Excel or LibreOffice: a heading, one row per dossier, the columns of the form. Written
/// atomically. Throws DocumentError(Io).
void exportRegisterXlsx(const std::string& path, const RegisterInfo& info,
                        const std::vector<RegisterEntry>& entries);
/// The same rows as CSV (UTF-8 with BOM so Excel reads the diacritics, RFC 4180 quoting).
void exportRegisterCsv(const std::string& path, const RegisterInfo& info,
                       const std::vector<RegisterEntry>& entries);

}  // namespace motcua::documents
