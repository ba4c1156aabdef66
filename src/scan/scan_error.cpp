// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "motcua/scan/scan_error.h"

namespace motcua::scan {

std::string_view scanErrorName(ScanError::Code code) {
    using C = ScanError::Code;
    switch (code) {
        case C::NoDevice:
            return "NoDevice";
        case C::DeviceBusy:
            return "DeviceBusy";
        case C::Cancelled:
            return "Cancelled";
        case C::Jammed:
            return "Jammed";
        case C::CoverOpen:
            return "CoverOpen";
        case C::NoDocuments:
            return "NoDocuments";
        case C::Unsupported:
            return "Unsupported";
        case C::InvalidArgument:
            return "InvalidArgument";
        case C::AccessDenied:
            return "AccessDenied";
        case C::Io:
            return "Io";
    }
    return "Io";
}

}  // namespace motcua::scan
