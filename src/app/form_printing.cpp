// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "form_printing.h"

#include <wx/config.h>

#include <cairo.h>
#include <poppler.h>
#include <wx/msgdlg.h>
#include <wx/print.h>
#include <wx/weakref.h>

#include <filesystem>
#include <memory>

#include "motcua/documents/atomic_file.h"
#include "ui_text.h"

namespace motcua::app {

namespace {

struct GObjectUnref {
    void operator()(void* p) const { g_object_unref(p); }
};

/// The PDF in `pdf`, read in place (the bytes must outlive the document); null when poppler
/// cannot read it.
std::unique_ptr<PopplerDocument, GObjectUnref> openPdf(const std::string& pdf) {
    GError* error = nullptr;
    GBytes* bytes = g_bytes_new_static(pdf.data(), pdf.size());
    std::unique_ptr<PopplerDocument, GObjectUnref> document(
        poppler_document_new_from_bytes(bytes, nullptr, &error));
    g_bytes_unref(bytes);
    if (error) g_error_free(error);
    return document;
}

/// Prints the pages of a PDF. Each page is drawn by poppler into an image at the DC's
/// resolution, so the printout matches the PDF the desk keeps.
class PdfPrintout : public wxPrintout {
public:
    PdfPrintout(std::shared_ptr<const std::string> pdf, const wxString& title)
        : wxPrintout(title), m_pdf(std::move(pdf)), m_document(openPdf(*m_pdf)) {}
    bool HasPage(int page) override { return m_document && page >= 1 && page <= pageCount(); }
    void GetPageInfo(int* minPage, int* maxPage, int* from, int* to) override {
        *minPage = *from = 1;
        *maxPage = *to = pageCount();
    }
    bool OnPrintPage(int page) override {
        wxDC* dc = GetDC();
        if (!dc || !m_document) return false;
        int ppiX = 0, ppiY = 0;
        GetPPIPrinter(&ppiX, &ppiY);
        const wxImage image = renderPdfPage(*m_pdf, page, std::clamp(double(ppiX), 96.0, 300.0));
        if (!image.IsOk()) return false;
        FitThisSizeToPaper(image.GetSize());
        dc->DrawBitmap(wxBitmap(image), 0, 0);
        return true;
    }

private:
    int pageCount() const {
        return m_document ? poppler_document_get_n_pages(m_document.get()) : 0;
    }
    std::shared_ptr<const std::string> m_pdf;  ///< poppler reads from these bytes
    std::unique_ptr<PopplerDocument, GObjectUnref> m_document;
};

}  // namespace

int pdfPageCount(const std::string& pdf) {
    const auto document = openPdf(pdf);
    return document ? poppler_document_get_n_pages(document.get()) : 0;
}

wxImage renderPdfPage(const std::string& pdf, int page, double dpi) {
    const auto document = openPdf(pdf);
    if (!document || page < 1 || page > poppler_document_get_n_pages(document.get())) return {};
    std::unique_ptr<PopplerPage, GObjectUnref> p(
        poppler_document_get_page(document.get(), page - 1));
    if (!p) return {};
    double widthPt = 0, heightPt = 0;
    poppler_page_get_size(p.get(), &widthPt, &heightPt);
    const int w = int(widthPt / 72.0 * dpi), h = int(heightPt / 72.0 * dpi);
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    poppler_page_render_for_printing(p.get(), cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    wxImage image(w, h);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    unsigned char* rgb = image.GetData();
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const unsigned char* px = data + y * stride + x * 4;  // little-endian xRGB: B, G, R, x
            unsigned char* out = rgb + (y * w + x) * 3;
            out[0] = px[2];
            out[1] = px[1];
            out[2] = px[0];
        }
    cairo_surface_destroy(surface);
    return image;
}

namespace {

struct Rendered {
    std::string path;
    std::shared_ptr<const std::string> pdf;
};

}  // namespace

void previewPdf(wxWindow* parent, const std::string& pdf, const wxString& title) {
    auto bytes = std::make_shared<const std::string>(pdf);
    // The printer chosen in the settings, else the system's default.
    wxPrintDialogData data;
    data.GetPrintData().SetPrinterName(wxConfigBase::Get()->Read("/printer", wxEmptyString));
    auto* preview =
        new wxPrintPreview(new PdfPrintout(bytes, title), new PdfPrintout(bytes, title), &data);
    if (!preview->IsOk()) {
        delete preview;
        showMessage(parent, _("The print preview could not be opened. Is a printer configured?"),
                    _("Print"), wxICON_WARNING);
        return;
    }
    // One preview at a time: a new one replaces the last, so previews never pile up.
    static wxWeakRef<wxPreviewFrame> open;  // GUI thread only
    if (open) open->Destroy();
    auto* frame = new wxPreviewFrame(preview, parent, title, wxDefaultPosition,
                                     parent->FromDIP(wxSize(800, 900)));
    frame->SetName("printPreview");
    frame->Initialize();
    finishLayout(frame);
    // It takes the keys: Esc closes it, Ctrl+P or Enter prints.
    frame->Bind(wxEVT_CHAR_HOOK, [frame, preview](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_ESCAPE) {
            frame->Close();
            return;
        }
        if ((e.GetKeyCode() == 'P' && e.ControlDown()) || e.GetKeyCode() == WXK_RETURN ||
            e.GetKeyCode() == WXK_NUMPAD_ENTER) {
            preview->Print(true);
            return;
        }
        e.Skip();
    });
    // Closed, it gives the keys back to where they were (the intake's next field, say).
    frame->Bind(wxEVT_CLOSE_WINDOW,
                [back = wxWeakRef<wxWindow>(wxWindow::FindFocus())](wxCloseEvent& e) {
                    e.Skip();
                    if (wxWindow* w = back.get())
                        w->CallAfter([back] {
                            if (back) back->SetFocus();
                        });
                });
    frame->Show();
    frame->Raise();
    frame->SetFocus();
    open = frame;
}

namespace {
constexpr const char* kReceiptLayoutKey = "/print/receiptLayout";
}

documents::SheetLayout receiptLayout() {
    return wxConfigBase::Get()->Read(kReceiptLayoutKey, "sheets") == "halves"
               ? documents::SheetLayout::HalfSheets
               : documents::SheetLayout::WholeSheets;
}

void setReceiptLayout(documents::SheetLayout layout) {
    wxConfigBase::Get()->Write(
        kReceiptLayoutKey,
        wxString(layout == documents::SheetLayout::HalfSheets ? "halves" : "sheets"));
}

void printForm(wxWindow* parent, AppContext& context, const std::string& code,
               documents::FormKind kind, const std::string& reason) {
    const std::string formsDir = context.resourceDir + "/forms";
    const documents::SheetLayout layout =
        receiptLayout();  // read here: wxConfig is the GUI thread's
    const std::string outDir = context.documentsDir;
    const Clock* clock = context.clock;
    const bool dialogs = context.printDialogs;
    context.worker->run<Rendered>(
        parent,
        [=](store::Store& s) {
            const auto form =
                documents::formContext(s.dossiers().record(code), clock->localNow(), reason);
            auto pdf = std::make_shared<const std::string>(
                documents::renderForm(kind, form, formsDir, layout));
            std::filesystem::create_directories(outDir);
            const std::string path =
                outDir + "/" + code + "-" + std::string(documents::formName(kind)) + ".pdf";
            documents::writeFileAtomically(path, *pdf);
            return Rendered{path, pdf};
        },
        [parent, dialogs, code](Rendered r) {
            if (dialogs) previewPdf(parent, *r.pdf, fromUtf8(code));
        },
        [parent](std::exception_ptr e) {
            showMessage(parent, errorText(e), _("Print"), wxICON_ERROR);
        });
}

}  // namespace motcua::app
