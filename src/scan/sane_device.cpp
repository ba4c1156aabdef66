// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "sane_device.h"

namespace motcua::scan::detail {

namespace {

std::mutex& callMutex() {
    static std::mutex mutex;
    return mutex;
}

std::mutex g_countMutex;
int g_sessions = 0;

ScanError::Code codeFor(SANE_Status status) {
    using C = ScanError::Code;
    switch (status) {
        case SANE_STATUS_CANCELLED:
            return C::Cancelled;
        case SANE_STATUS_DEVICE_BUSY:
            return C::DeviceBusy;
        case SANE_STATUS_JAMMED:
            return C::Jammed;
        case SANE_STATUS_NO_DOCS:
            return C::NoDocuments;
        case SANE_STATUS_COVER_OPEN:
            return C::CoverOpen;
        case SANE_STATUS_UNSUPPORTED:
            return C::Unsupported;
        case SANE_STATUS_INVAL:
            return C::InvalidArgument;
        case SANE_STATUS_ACCESS_DENIED:
            return C::AccessDenied;
        default:
            return C::Io;
    }
}

}  // namespace

ScanError errorFor(SANE_Status status, const std::string& device, const std::string& what) {
    return ScanError(codeFor(status), device + ": " + what + ": " + ::sane_strstatus(status));
}

void check(SANE_Status status, const std::string& device, const std::string& what) {
    if (status != SANE_STATUS_GOOD) throw errorFor(status, device, what);
}

SaneSession::SaneSession() : m_calls(callMutex()) {
    const std::lock_guard lock(g_countMutex);
    if (g_sessions == 0) {
        SANE_Int version = 0;
        const SANE_Status status = ::sane_init(&version, nullptr);
        if (status != SANE_STATUS_GOOD) throw errorFor(status, "SANE", "cannot initialise");
    }
    ++g_sessions;
}

SaneSession::~SaneSession() {
    const std::lock_guard lock(g_countMutex);
    if (--g_sessions == 0) ::sane_exit();
}

SaneDevice::SaneDevice(const SaneSession&, std::string name) : m_name(std::move(name)) {
    const SANE_Status status = ::sane_open(m_name.c_str(), &m_handle);
    if (status == SANE_STATUS_GOOD) return;
    m_handle = nullptr;
    // SANE answers an unknown name with INVAL (the dll backend finds no backend or device).
    if (status == SANE_STATUS_INVAL)
        throw ScanError(ScanError::Code::NoDevice, "no scanner named '" + m_name + "'");
    throw errorFor(status, m_name, "cannot open the scanner");
}

SaneDevice::~SaneDevice() {
    if (!m_handle) return;
    ::sane_cancel(m_handle);
    ::sane_close(m_handle);
}

void SaneDevice::cancel() const noexcept {
    if (m_handle) ::sane_cancel(m_handle);
}

}  // namespace motcua::scan::detail
