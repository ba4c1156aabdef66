// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// SANE's lifetime and one open device, as RAII. Private to the scan layer.
#pragma once

#include <sane/sane.h>

#include <mutex>
#include <string>
#include <utility>

#include "motcua/scan/scan_error.h"

namespace motcua::scan::detail {

/// The ScanError for a SANE status other than GOOD: "DEVICE: WHAT: SANE's words".
ScanError errorFor(SANE_Status status, const std::string& device, const std::string& what);
/// Throws errorFor(...) unless `status` is SANE_STATUS_GOOD.
void check(SANE_Status status, const std::string& device, const std::string& what);

/// SANE initialised for as long as one session exists anywhere in the process: the first
/// calls sane_init, the last sane_exit (counted under a mutex). Holding a session also holds
/// the process-wide SANE call lock, because backends need not be thread-safe: a second
/// thread waits until the first is done. Not copyable; destructor never throws.
class SaneSession {
public:
    SaneSession();
    ~SaneSession();
    SaneSession(const SaneSession&) = delete;
    SaneSession& operator=(const SaneSession&) = delete;

private:
    std::unique_lock<std::mutex> m_calls;
};

/// An open device (sane_open .. sane_close), within a session. The destructor cancels any
/// scan in progress and closes the device; it never throws.
class SaneDevice {
public:
    /// Throws ScanError NoDevice (no such name), DeviceBusy, AccessDenied or Io.
    SaneDevice(const SaneSession& session, std::string name);
    ~SaneDevice();
    SaneDevice(const SaneDevice&) = delete;
    SaneDevice& operator=(const SaneDevice&) = delete;

    SANE_Handle handle() const { return m_handle; }
    const std::string& name() const { return m_name; }
    /// sane_cancel: stops the scan in progress; harmless when none is.
    void cancel() const noexcept;

private:
    std::string m_name;
    SANE_Handle m_handle = nullptr;
};

}  // namespace motcua::scan::detail
