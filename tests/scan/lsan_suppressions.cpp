// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// LeakSanitizer's suppressions for test_scan (read only by the sanitizer builds).

/// SANE's test backend leaks its reader thread's line buffer when a scan is cancelled mid-page
/// (sane_cancel ends the thread before it frees it); the buffer is SANE's, not ours. Nothing
/// else is suppressed: a leak of the scan layer still fails the sanitizer run.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libsane-test.so\n";
}
