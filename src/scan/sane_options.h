// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Setting a device's options by name, checked against what it offers. Private to the scan
// layer.
#pragma once

#include "motcua/scan/scanner.h"
#include "sane_device.h"

namespace motcua::scan::detail {

/// Chooses the paper source: the feeder for Feeder, and for Auto when the device has one.
/// Returns whether the pages come from a feeder. Throws ScanError(Unsupported) for Feeder on
/// a device without one, or a source option that cannot be set.
bool selectSource(const SaneDevice& device, PaperSource source);

/// Sets the scan mode (the device's own word for colour or gray) and, where the device has
/// the option, 8 bits per sample. Throws ScanError(Unsupported) naming what it offers.
void setMode(const SaneDevice& device, ColorMode mode);

/// Sets the resolution exactly: a value outside the device's range or list, or one it rounds
/// to another, is ScanError(Unsupported) naming what it offers.
void setResolution(const SaneDevice& device, int dpi);

}  // namespace motcua::scan::detail
