// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <string>
#include <string_view>

#include "motcua/files/atomic_file.h"
#include "motcua/files/file_error.h"

namespace motcua::files {

/// The whole content of `path`. Throws FileError("cannot read PATH: reason").
std::string readFile(const std::string& path);

/// Appends `bytes` to `path` (created 0644 if missing) and fsyncs it before returning, so a
/// resumable upload never reports bytes that a crash could lose. Throws FileError.
void appendSynced(const std::string& path, std::string_view bytes);

/// fsync of a folder, after a rename or an unlink in it. Throws FileError.
void syncFolder(const std::string& dir);

/// Where content-addressed bytes live: `folder/ab/cdef…` for the lowercase hex `sha256`.
std::string contentPath(const std::string& folder, const std::string& sha256);

/// Content-addressed put of a finished file: fsyncs `tempPath`, then moves it to
/// contentPath(folder, sha256) and fsyncs that folder. The caller has checked that the bytes
/// hash to `sha256`. If the target exists it holds the same bytes: the temporary is removed.
/// On failure the temporary is removed too. Returns the target path. Throws FileError.
std::string putByHash(const std::string& folder, const std::string& sha256,
                      const std::string& tempPath);

}  // namespace motcua::files
