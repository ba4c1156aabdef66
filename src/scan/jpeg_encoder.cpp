// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "jpeg_encoder.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

#include "motcua/scan/scan_error.h"

namespace motcua::scan::detail {

namespace {

// libjpeg reports errors through a callback that must not return: it jumps back to compress()
// (no C++ object lives between the setjmp and the jump, so none is skipped).
struct ErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

extern "C" void onJpegError(j_common_ptr cinfo) {
    auto* manager = reinterpret_cast<ErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, manager->message);
    std::longjmp(manager->jump, 1);
}

/// The C part: true and `*out`/`*size` (malloc'ed by libjpeg) on success, else false and the
/// message in `error`.
bool compress(const RawImage& image, int quality, unsigned char** out, unsigned long* size,
              ErrorManager* error) {
    jpeg_compress_struct cinfo;
    cinfo.err = ::jpeg_std_error(&error->base);
    error->base.error_exit = onJpegError;
    if (setjmp(error->jump)) {
        ::jpeg_destroy_compress(&cinfo);
        return false;
    }
    ::jpeg_CreateCompress(&cinfo, JPEG_LIB_VERSION, sizeof(cinfo));
    ::jpeg_mem_dest(&cinfo, out, size);
    cinfo.image_width = static_cast<JDIMENSION>(image.width);
    cinfo.image_height = static_cast<JDIMENSION>(image.height);
    cinfo.input_components = image.components;
    cinfo.in_color_space = image.components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    ::jpeg_set_defaults(&cinfo);
    ::jpeg_set_quality(&cinfo, quality, TRUE);
    cinfo.density_unit = 1;  // dots per inch
    cinfo.X_density = static_cast<UINT16>(image.dpi);
    cinfo.Y_density = static_cast<UINT16>(image.dpi);
    ::jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        // libjpeg takes rows as non-const pointers but only reads them.
        JSAMPROW row =
            const_cast<unsigned char*>(image.pixels + cinfo.next_scanline * image.stride);
        ::jpeg_write_scanlines(&cinfo, &row, 1);
    }
    ::jpeg_finish_compress(&cinfo);
    ::jpeg_destroy_compress(&cinfo);
    return true;
}

}  // namespace

std::string encodeJpeg(const RawImage& image, int quality) {
    unsigned char* out = nullptr;
    unsigned long size = 0;
    ErrorManager error{};
    const bool ok = compress(image, quality, &out, &size, &error);
    std::string bytes;
    if (ok) bytes.assign(reinterpret_cast<const char*>(out), size);
    std::free(out);
    if (!ok)
        throw ScanError(ScanError::Code::Io,
                        std::string("cannot compress the page as JPEG: ") + error.message);
    return bytes;
}

}  // namespace motcua::scan::detail
