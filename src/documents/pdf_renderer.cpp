// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "pdf_renderer.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "motcua/documents/document_error.h"

namespace motcua::documents {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kPageWidth = 595.2756;  // A4 in points
constexpr double kPageHeight = 841.8898;
constexpr double kCellPadding = 3.0;
constexpr double kRule = 0.6;

struct GObjectUnref {
    void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
struct FontDescriptionFree {
    void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;
struct SurfaceDestroy {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct QrFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

[[noreturn]] void renderError(const std::string& what) {
    throw DocumentError(DocumentError::Code::Render, what);
}

class Renderer {
public:
    Renderer(const FormTemplate& form, const FormData& data)
        : m_form(form),
          m_data(data),
          m_fields(data.fields),
          m_left(form.marginLeftMm * kPointsPerMm),
          m_width(kPageWidth - (form.marginLeftMm + form.marginRightMm) * kPointsPerMm),
          m_top(form.marginTopMm * kPointsPerMm),
          m_bottom(kPageHeight - form.marginBottomMm * kPointsPerMm) {}

    std::string run(SheetLayout layout) {
        if (layout == SheetLayout::HalfSheets && m_form.copies.size() == 2) {
            std::string pdf = render(true);
            if (!m_overflowed) return pdf;
            // A copy longer than one page cannot share a sheet with the other: separate sheets.
        }
        return render(false);
    }

private:
    /// halves: both copies side by side on one landscape A4 sheet, each an A4 page scaled to
    /// A5 (1/sqrt 2), with a dashed line to cut along.
    std::string render(bool halves) {
        m_halves = halves;
        m_overflowed = false;
        std::string pdf;
        const double sheetWidth = halves ? kPageHeight : kPageWidth;
        const double sheetHeight = halves ? kPageWidth : kPageHeight;
        std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
            cairo_pdf_surface_create_for_stream(appendToString, &pdf, sheetWidth, sheetHeight));
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       m_form.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "MotCua Desk");
        m_cr.reset(cairo_create(surface.get()));
        m_context.reset(pango_cairo_create_context(m_cr.get()));
        // Cairo's PDF units are points; at 72 dpi Pango's point sizes are the same points.
        pango_cairo_context_set_resolution(m_context.get(), 72.0);
        checkFontInstalled();

        const double half = sheetWidth / 2;
        const double scale = half / kPageWidth;
        for (std::size_t i = 0; i < m_form.copies.size(); ++i) {
            m_fields["copy.marker"] = m_form.copies[i];
            m_y = m_top;
            if (halves) {
                cairo_save(m_cr.get());
                cairo_translate(m_cr.get(), double(i) * half, 0);
                cairo_scale(m_cr.get(), scale, scale);
            }
            for (const Block& block : m_form.blocks) draw(block);
            if (halves) {
                cairo_restore(m_cr.get());
                if (i + 1 < m_form.copies.size()) continue;
                const double dash = 4;
                cairo_set_dash(m_cr.get(), &dash, 1, 0);
                cairo_set_line_width(m_cr.get(), 0.4);
                cairo_move_to(m_cr.get(), half, 0);
                cairo_line_to(m_cr.get(), half, sheetHeight);
                cairo_stroke(m_cr.get());
            }
            cairo_show_page(m_cr.get());
        }
        m_cr.reset();
        cairo_surface_finish(surface.get());
        if (const auto status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS)
            renderError(std::string("PDF output failed: ") + cairo_status_to_string(status));
        surface.reset();
        return pdf;
    }

    void checkFontInstalled() {
        FontPtr wanted(pango_font_description_from_string(m_form.fontFamily.c_str()));
        PangoFont* font = pango_context_load_font(m_context.get(), wanted.get());
        if (!font) renderError("no font could be loaded for " + m_form.fontFamily);
        FontPtr actual(pango_font_describe(font));
        g_object_unref(font);
        const char* family = pango_font_description_get_family(actual.get());
        // Fontconfig substitutes silently; a form in a fallback font is a wrong form.
        if (!family || lower(family) != lower(m_form.fontFamily))
            renderError("the font '" + m_form.fontFamily +
                        "' is not installed (fontconfig offered '" + (family ? family : "nothing") +
                        "')");
    }

    LayoutPtr layout(const std::string& markup, const TextStyle& style, double width) {
        LayoutPtr l(pango_layout_new(m_context.get()));
        FontPtr font(pango_font_description_from_string(m_form.fontFamily.c_str()));
        pango_font_description_set_size(
            font.get(), int((style.size > 0 ? style.size : m_form.fontSize) * PANGO_SCALE));
        if (style.bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
        if (style.italic) pango_font_description_set_style(font.get(), PANGO_STYLE_ITALIC);
        pango_layout_set_font_description(l.get(), font.get());
        pango_layout_set_width(l.get(), int(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_line_spacing(l.get(), float(m_form.lineSpacing));
        switch (style.align) {
            case Align::Left:
                pango_layout_set_alignment(l.get(), PANGO_ALIGN_LEFT);
                break;
            case Align::Center:
                pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
                break;
            case Align::Right:
                pango_layout_set_alignment(l.get(), PANGO_ALIGN_RIGHT);
                break;
            case Align::Justify:
                pango_layout_set_justify(l.get(), TRUE);
                break;
        }
        GError* error = nullptr;
        if (!pango_parse_markup(markup.c_str(), -1, 0, nullptr, nullptr, nullptr, &error)) {
            std::string message = error ? error->message : "bad markup";
            g_clear_error(&error);
            throw DocumentError(DocumentError::Code::TemplateInvalid,
                                "form template " + m_form.name + ": " + message + " in: " + markup);
        }
        pango_layout_set_markup(l.get(), markup.c_str(), -1);
        return l;
    }

    static double height(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return double(h) / PANGO_SCALE;
    }

    void show(PangoLayout* l, double x, double y, const TextStyle& style, double width) {
        cairo_move_to(m_cr.get(), x, y);
        pango_cairo_show_layout(m_cr.get(), l);
        if (!style.underline) return;
        // A rule under the last line, as long as that line: the national motto's underline, and
        // the short rule under a heading that wraps.
        PangoRectangle ink, logical;
        pango_layout_get_pixel_extents(l, nullptr, &logical);
        PangoLayoutLine* last =
            pango_layout_get_line_readonly(l, pango_layout_get_line_count(l) - 1);
        pango_layout_line_get_pixel_extents(last, &ink, nullptr);
        const double rule = y + logical.height + 1.5;
        const double textWidth = ink.width;
        double from = x;
        if (style.align == Align::Center) from = x + (width - textWidth) / 2;
        if (style.align == Align::Right) from = x + width - textWidth;
        cairo_set_line_width(m_cr.get(), kRule);
        cairo_move_to(m_cr.get(), from, rule);
        cairo_line_to(m_cr.get(), from + textWidth, rule);
        cairo_stroke(m_cr.get());
    }

    void newPage() {
        // On a half sheet there is no next page: the run is redone on whole sheets.
        if (m_halves)
            m_overflowed = true;
        else
            cairo_show_page(m_cr.get());
        m_y = m_top;
    }

    void ensureRoom(double needed) {
        if (m_y + needed > m_bottom && m_y > m_top) newPage();
    }

    std::string text(const std::string& templ, const Fields* row = nullptr) const {
        return substitute(templ, m_fields, row);
    }

    void draw(const Block& b) {
        if (!b.condition.empty()) {
            const auto it = m_fields.find(b.condition);
            if (it == m_fields.end() || it->second.empty()) return;
        }
        m_y += b.spaceBeforePt;
        switch (b.type) {
            case Block::Type::Text:
                drawText(b);
                break;
            case Block::Type::Columns:
                drawColumns(b, false);
                break;
            case Block::Type::Signatures:
                drawColumns(b, true);
                break;
            case Block::Type::Table:
                drawTable(b);
                break;
            case Block::Type::Qr:
                drawQr(b);
                break;
            case Block::Type::Spacer:
                m_y += b.heightMm * kPointsPerMm;
                break;
            case Block::Type::PageBreak:
                newPage();
                break;
        }
    }

    void drawText(const Block& b) {
        const double indent = b.indentMm * kPointsPerMm;
        auto l = layout(text(b.text), b.style, m_width - indent);
        const double h = height(l.get());
        ensureRoom(h);
        show(l.get(), m_left + indent, m_y, b.style, m_width - indent);
        m_y += h;
    }

    /// Side-by-side columns of lines; signature columns add room to sign and the name.
    void drawColumns(const Block& b, bool signatures) {
        struct Placed {
            LayoutPtr layout;
            TextStyle style;
            double x, y, width;
        };
        std::vector<Placed> placed;
        double blockHeight = 0;
        double x = m_left;
        for (const Column& c : b.columns) {
            const double width = c.width * m_width;
            double y = 0;
            for (const Line& line : c.lines) {
                auto l = layout(text(line.text), line.style, width);
                const double h = height(l.get());
                placed.push_back({std::move(l), line.style, x, y, width});
                y += h + (line.style.underline ? 3 : 0);
            }
            if (signatures) {
                y += c.blankMm * kPointsPerMm;
                TextStyle nameStyle{0, true, false, false, Align::Center};
                auto l = layout(text(c.value), nameStyle, width);
                const double h = height(l.get());
                placed.push_back({std::move(l), nameStyle, x, y, width});
                y += h;
            }
            blockHeight = std::max(blockHeight, y);
            x += width;
        }
        ensureRoom(blockHeight);
        for (auto& p : placed) show(p.layout.get(), p.x, m_y + p.y, p.style, p.width);
        m_y += blockHeight;
    }

    void drawTable(const Block& b) {
        const auto rowsIt = m_data.tables.find(b.source);
        static const std::vector<Fields> kNoRows;
        const std::vector<Fields>& rows = rowsIt == m_data.tables.end() ? kNoRows : rowsIt->second;
        const TextStyle header{0, true, false, false, Align::Center};
        auto rowHeight = [&](const std::vector<LayoutPtr>& cells) {
            double h = 0;
            for (const auto& c : cells) h = std::max(h, height(c.get()));
            return h + 2 * kCellPadding;
        };
        auto makeRow = [&](const Fields* row) {
            std::vector<LayoutPtr> cells;
            for (const Column& c : b.columns) {
                const double width = c.width * m_width - 2 * kCellPadding;
                if (row)
                    cells.push_back(
                        layout(text(c.value, row), {0, false, false, false, c.align}, width));
                else
                    cells.push_back(layout(text(c.title), header, width));
            }
            return cells;
        };
        auto drawRow = [&](const std::vector<LayoutPtr>& cells, double h) {
            double x = m_left;
            cairo_set_line_width(m_cr.get(), kRule);
            for (std::size_t i = 0; i < cells.size(); ++i) {
                const double width = b.columns[i].width * m_width;
                cairo_rectangle(m_cr.get(), x, m_y, width, h);
                cairo_stroke(m_cr.get());
                cairo_move_to(m_cr.get(), x + kCellPadding, m_y + kCellPadding);
                pango_cairo_show_layout(m_cr.get(), cells[i].get());
                x += width;
            }
            m_y += h;
        };
        const auto headerCells = makeRow(nullptr);
        const double headerHeight = rowHeight(headerCells);
        std::vector<std::vector<LayoutPtr>> body;
        for (const Fields& row : rows) body.push_back(makeRow(&row));
        // Keep the header with at least the first row.
        ensureRoom(headerHeight + (body.empty() ? 0 : rowHeight(body.front())));
        drawRow(headerCells, headerHeight);
        for (const auto& cells : body) {
            const double h = rowHeight(cells);
            if (m_y + h > m_bottom) {
                newPage();
                drawRow(headerCells, headerHeight);
            }
            drawRow(cells, h);
        }
    }

    void drawQr(const Block& b) {
        // The QR carries plain text, not markup.
        const std::string value = substitute(b.value, m_fields, nullptr, false);
        if (value.empty()) return;
        std::unique_ptr<QRcode, QrFree> qr(QRcode_encodeString8bit(value.c_str(), 0, QR_ECLEVEL_M));
        if (!qr) renderError("cannot encode a QR code for '" + value + "'");
        const int modules = qr->width;
        const int quiet = 4;  // the quiet zone the QR standard asks for
        const double size = b.sizeMm * kPointsPerMm;
        const double unit = size / (modules + 2 * quiet);
        const double x0 = b.xMm * kPointsPerMm, y0 = b.yMm * kPointsPerMm;
        cairo_t* cr = m_cr.get();
        cairo_save(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, x0, y0, size, size);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        for (int y = 0; y < modules; ++y) {
            // One rectangle per horizontal run of dark modules keeps the PDF small.
            for (int x = 0; x < modules;) {
                if (!(qr->data[y * modules + x] & 1)) {
                    ++x;
                    continue;
                }
                int end = x;
                while (end < modules && (qr->data[y * modules + end] & 1)) ++end;
                cairo_rectangle(cr, x0 + (quiet + x) * unit, y0 + (quiet + y) * unit,
                                (end - x) * unit, unit);
                x = end;
            }
        }
        cairo_fill(cr);
        cairo_restore(cr);
    }

    const FormTemplate& m_form;
    const FormData& m_data;
    Fields m_fields;
    std::unique_ptr<cairo_t, CairoDestroy> m_cr;
    ContextPtr m_context;
    double m_left, m_width, m_top, m_bottom;
    double m_y = 0;
    bool m_halves = false;
    bool m_overflowed = false;  ///< a half-sheet copy needed a second page
};

}  // namespace

std::string renderPdf(const FormTemplate& form, const FormData& data, SheetLayout layout) {
    return Renderer(form, data).run(layout);
}

}  // namespace motcua::documents
