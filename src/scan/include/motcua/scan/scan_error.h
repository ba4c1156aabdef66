// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::scan {

/// The one exception type of the scan layer. what() names the device and, where one is to
/// blame, the option ("test:0: option resolution: 5000 dpi is not offered (1 to 1200 dpi)").
class ScanError : public std::runtime_error {
public:
    enum class Code {
        NoDevice,         ///< no such device, or no scanner at all
        DeviceBusy,       ///< another program (or another scan here) holds the device
        Cancelled,        ///< the progress callback asked to stop; nothing was kept
        Jammed,           ///< the document feeder is jammed
        CoverOpen,        ///< the scanner's cover is open
        NoDocuments,      ///< the feeder is empty before the first page
        Unsupported,      ///< the device does not offer what was asked (a resolution, a feeder)
        InvalidArgument,  ///< settings that make no sense (resolution 0), or a page to write that
                          ///< is not a scanned page
        AccessDenied,     ///< the device refused us (permissions)
        Io,               ///< the device failed, or the PDF could not be written
    };
    ScanError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Code code() const noexcept { return m_code; }

private:
    Code m_code;
};

/// "NoDevice", "Cancelled", ...: stable names for logs and `--json` errors.
std::string_view scanErrorName(ScanError::Code code);

}  // namespace motcua::scan
