// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Layout of Decree 30/2020, Appendix I: the signature image centred between the title and the
// signer's name, the seal image on its left covering about a third of it; the text-only
// variant for attachments (document number; signing time as ISO 8601 with +07:00).
#include "appearance.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "motcua/signing/signing_error.h"

namespace motcua::signing::detail {

namespace {

using C = SigningError::Code;

struct SurfaceFree {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

Surface loadPng(const std::string& path) {
    Surface s(cairo_image_surface_create_from_png(path.c_str()));
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS ||
        cairo_image_surface_get_width(s.get()) <= 0)
        throw SigningError(C::InvalidInput,
                           "cannot read the PNG image " + path + ": " +
                               cairo_status_to_string(cairo_surface_status(s.get())));
    return s;
}

struct Box {
    double x, y, w, h;
};

/// The image scaled to fit `w` x `h` keeping its proportions.
Box fit(cairo_surface_t* img, double w, double h) {
    const double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    const double scale = std::min(w / iw, h / ih);
    return {0, 0, iw * scale, ih * scale};
}

void paintImage(cairo_t* cr, cairo_surface_t* img, const Box& b) {
    cairo_save(cr);
    cairo_translate(cr, b.x, b.y);
    cairo_scale(cr, b.w / cairo_image_surface_get_width(img),
                b.h / cairo_image_surface_get_height(img));
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
}

/// Lays out `markup` `width` wide, aligned; returns its height.
double text(cairo_t* cr, const std::string& markup, double x, double y, double width, double size,
            PangoAlignment align, bool draw = true) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string("Times New Roman,DejaVu Serif");
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout, align);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_markup(layout, markup.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    if (draw) {
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, layout);
    }
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
}

std::string escaped(const std::string& s) {
    char* e = g_markup_escape_text(s.c_str(), -1);
    std::string out(e);
    g_free(e);
    return out;
}

}  // namespace

std::string renderAppearancePdf(const VisibleSignature& v, const std::string& signerName,
                                const std::string& isoTime) {
    if (!(v.width >= 10 && v.height >= 10 && v.width <= 14400 && v.height <= 14400))
        throw SigningError(C::InvalidInput,
                           "the visible signature's rectangle must be 10 to 14400 points each way");
    Surface signature, seal;
    if (!v.signatureImagePng.empty()) signature = loadPng(v.signatureImagePng);
    if (!v.sealImagePng.empty()) seal = loadPng(v.sealImagePng);

    std::string pdf;
    Surface surface(cairo_pdf_surface_create_for_stream(appendTo, &pdf, v.width, v.height));
    cairo_t* cr = cairo_create(surface.get());
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double pad = std::min(4.0, v.height / 10);
    const double w = v.width - 2 * pad;
    if (!signature && !seal) {
        // Attachments: black, upright, lower case, size 10 (smaller when the box is small).
        std::string markup;
        if (!v.documentNumber.empty()) markup += "Số: " + escaped(v.documentNumber) + "\n";
        markup += "Thời gian ký: " + escaped(isoTime) + "\n";
        markup += "Người ký: " + escaped(signerName);
        double size = 10;
        while (size > 4 &&
               text(cr, markup, 0, 0, w, size, PANGO_ALIGN_RIGHT, false) > v.height - 2 * pad)
            size -= 0.5;
        text(cr, markup, pad, pad, w, size, PANGO_ALIGN_RIGHT);
    } else {
        const double size = std::clamp(v.height / 12, 5.0, 10.0);
        double top = pad;
        if (!v.title.empty())
            top +=
                text(cr, "<b>" + escaped(v.title) + "</b>", pad, pad, w, size, PANGO_ALIGN_CENTER);
        const std::string lower = "<b>" + escaped(signerName) + "</b>\n" + escaped(isoTime);
        const double lowerH = text(cr, lower, 0, 0, w, size, PANGO_ALIGN_CENTER, false);
        const double bottom = v.height - pad - lowerH;
        const double middle = std::max(1.0, bottom - top);
        Box sig{}, stamp{};
        if (signature) {
            sig = fit(signature.get(), w * 0.6, middle);
            sig.x = pad + (w - sig.w) / 2;
            sig.y = top + (middle - sig.h) / 2;
        }
        if (seal) {
            stamp = fit(seal.get(), w * 0.5, middle);
            if (v.sealDiameterMm > 0) {
                // As the stamp prints: its image's larger side is the seal's diameter.
                const double diameter = v.sealDiameterMm * 72 / 25.4;
                stamp = fit(seal.get(), diameter, diameter);
                if (stamp.w > w || stamp.h > v.height - 2 * pad)
                    throw SigningError(C::InvalidInput,
                                       "a seal of " +
                                           std::to_string(std::lround(v.sealDiameterMm)) + " mm (" +
                                           std::to_string(std::lround(diameter)) +
                                           " pt) does not fit the visible signature's rectangle");
            }
            // The seal's right third lies over the signature image's left third.
            stamp.x = signature ? sig.x + sig.w / 3 - stamp.w : pad + (w - stamp.w) / 2;
            // Centred on the image band; a real-size seal may reach over the title and the name.
            stamp.y = std::clamp(top + (middle - stamp.h) / 2, pad, v.height - pad - stamp.h);
            if (stamp.x < pad) {
                sig.x += pad - stamp.x;
                stamp.x = pad;
            }
        }
        if (signature) paintImage(cr, signature.get(), sig);
        if (seal) paintImage(cr, seal.get(), stamp);  // the seal is pressed over the signature
        cairo_set_source_rgb(cr, 0, 0, 0);
        text(cr, lower, pad, bottom, w, size, PANGO_ALIGN_CENTER);
    }
    cairo_show_page(cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface.get());
    if (status != CAIRO_STATUS_SUCCESS ||
        cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw SigningError(C::InvalidInput, std::string("cannot draw the visible signature: ") +
                                                cairo_status_to_string(status));
    surface.reset();
    return pdf;
}

}  // namespace motcua::signing::detail
