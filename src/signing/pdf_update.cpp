// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// qpdf reads the document (any xref form, object streams, damage detection); the bytes we
// append are written here, because qpdf rewrites whole files and would break earlier signatures.
#include "pdf_update.h"

// POINTERHOLDER_TRANSITION 4: qpdf 11 without its legacy PointerHolder API.
#define POINTERHOLDER_TRANSITION 4
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <ranges>
#include <set>

#include "appearance.h"
#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"
#include "ossl.h"

namespace motcua::signing::detail {

namespace {

using C = SigningError::Code;

std::string ref(const QPDFObjGen& og) {
    return std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " R";
}
std::string ref(int num) {
    return std::to_string(num) + " 0 R";
}

/// A dictionary re-serialised with some keys replaced or added (values are PDF syntax).
std::string dictWith(QPDFObjectHandle dict, const std::map<std::string, std::string>& changes) {
    std::string out = "<<";
    if (dict.isDictionary()) {
        for (const auto& key : dict.getKeys()) {
            if (changes.count(key)) continue;
            out +=
                " " + QPDFObjectHandle::newName(key).unparse() + " " + dict.getKey(key).unparse();
        }
    }
    for (const auto& [key, value] : changes) out += " " + key + " " + value;
    return out + " >>";
}

/// `array` (or nothing) with one more item, as PDF syntax.
std::string arrayWith(QPDFObjectHandle array, const std::string& item) {
    std::string out = "[";
    if (array.isArray())
        for (int i = 0; i < array.getArrayNItems(); ++i)
            out += array.getArrayItem(i).unparse() + " ";
    return out + item + "]";
}

std::size_t lastStartxref(const std::string& pdf, bool& isStream) {
    const std::size_t at = pdf.rfind("startxref");
    if (at == std::string::npos)
        throw SigningError(C::PdfDamaged, "the PDF has no startxref (truncated?)");
    std::size_t p = at + 9;
    while (p < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[p]))) ++p;
    std::size_t offset = 0;
    const std::size_t digits = p;
    while (p < pdf.size() && std::isdigit(static_cast<unsigned char>(pdf[p])))
        offset = offset * 10 + std::size_t(pdf[p++] - '0');
    if (p == digits || offset >= pdf.size())
        throw SigningError(C::PdfDamaged, "the PDF's startxref is invalid");
    std::size_t q = offset;
    while (q < pdf.size() && std::isspace(static_cast<unsigned char>(pdf[q]))) ++q;
    isStream = pdf.compare(q, 4, "xref") != 0;
    return offset;
}

/// Collects objects of the update and writes them with the cross-reference section.
class UpdateWriter {
public:
    explicit UpdateWriter(std::string& out) : m_out(out) {}
    void object(int num, int gen, const std::string& body) {
        m_xref[num] = {m_out.size(), gen};
        m_out += std::to_string(num) + " " + std::to_string(gen) + " obj\n" + body + "\nendobj\n";
    }
    /// `trailer` holds /Root, /Info, /ID and /Prev; /Size is added here.
    void finishTable(int size, const std::string& trailer) {
        const std::size_t xrefAt = m_out.size();
        m_out += "xref\n";
        forEachSubsection([&](int first, int count, Entries entries) {
            m_out += std::to_string(first) + " " + std::to_string(count) + "\n";
            for (const auto& [num, entry] : entries) {
                char line[32];
                std::snprintf(line, sizeof line, "%010zu %05d n\r\n", entry.first, entry.second);
                m_out += line;
            }
        });
        m_out += "trailer\n<< /Size " + std::to_string(size) + " " + trailer + " >>\nstartxref\n" +
                 std::to_string(xrefAt) + "\n%%EOF\n";
    }
    void finishStream(int xrefNum, const std::string& trailer) {
        m_xref[xrefNum] = {m_out.size(), 0};
        std::string data, index;
        forEachSubsection([&](int first, int count, Entries entries) {
            index += std::to_string(first) + " " + std::to_string(count) + " ";
            for (const auto& [num, entry] : entries) {
                const std::size_t off = entry.first;
                if (off > 0xFFFFFFFFu)
                    throw SigningError(C::PdfUnsupported, "PDF larger than 4 GiB");
                data += '\x01';
                for (int shift = 24; shift >= 0; shift -= 8)
                    data += static_cast<char>((off >> shift) & 0xFF);
                data += static_cast<char>((entry.second >> 8) & 0xFF);
                data += static_cast<char>(entry.second & 0xFF);
            }
        });
        index.pop_back();
        const std::size_t xrefAt = m_out.size();
        m_out += std::to_string(xrefNum) + " 0 obj\n<< /Type /XRef /Size " +
                 std::to_string(xrefNum + 1) + " /Index [" + index + "] /W [1 4 2] " + trailer +
                 " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
                 "\nendstream\nendobj\nstartxref\n" + std::to_string(xrefAt) + "\n%%EOF\n";
    }

private:
    using Table = std::map<int, std::pair<std::size_t, int>>;  // number -> (offset, generation)
    using Entries = std::ranges::subrange<Table::const_iterator>;

    /// Calls `subsection(first, count, entries)` for each run of consecutive object numbers,
    /// in order: a cross-reference section lists each run as one subsection.
    template <class Subsection>
    void forEachSubsection(Subsection&& subsection) const {
        for (auto it = m_xref.begin(); it != m_xref.end();) {
            auto end = it;
            int count = 0;
            for (int n = it->first; end != m_xref.end() && end->first == n; ++end, ++n) ++count;
            subsection(it->first, count, Entries{it, end});
            it = end;
        }
    }

    std::string& m_out;  // the whole file: offsets are file offsets
    Table m_xref;
};

/// Where a visible widget goes in the page's user space, and the /Matrix that turns its
/// appearance upright on a rotated page.
struct WidgetPlacement {
    double llx = 0, lly = 0, urx = 0, ury = 0;
    std::string matrix;  ///< empty: none
};

/// The officer gives the rectangle as the page is shown: from the bottom left of its visible
/// box (CropBox, else MediaBox, whatever their origin), after the page's /Rotate (inherited
/// from the page tree too). Turned back here into user space.
WidgetPlacement placeWidget(QPDFObjectHandle page, const SignatureFieldSpec& spec) {
    QPDFPageObjectHelper helper(page);
    QPDFObjectHandle::Rectangle box(0, 0, 595, 842);
    if (auto b = helper.getCropBox(false, false); b.isRectangle()) box = b.getArrayAsRectangle();
    const double llx = std::min(box.llx, box.urx), lly = std::min(box.lly, box.ury);
    const double wu = std::abs(box.urx - box.llx), hu = std::abs(box.ury - box.lly);
    int rotate = 0;
    if (auto r = helper.getAttribute("/Rotate", false); r.isInteger())
        rotate = static_cast<int>(((r.getIntValue() % 360) + 360) % 360);
    if (rotate % 90) rotate = 0;  // not a quarter turn: viewers show the page unrotated
    const bool sideways = rotate == 90 || rotate == 270;
    const double w = spec.width, h = spec.height;
    double x = spec.x, y = spec.y;
    if (spec.topRight) {  // 36 pt in from the shown page's top right corner
        x = (sideways ? hu : wu) - 36 - w;
        y = (sideways ? wu : hu) - 36 - h;
    }
    // /Rotate turns the shown page clockwise; the appearance is turned back the other way.
    switch (rotate) {
        case 90:
            return {llx + wu - y - h, lly + x, llx + wu - y, lly + x + w, "[0 1 -1 0 0 0]"};
        case 180:
            return {llx + wu - x - w, lly + hu - y - h, llx + wu - x, lly + hu - y,
                    "[-1 0 0 -1 0 0]"};
        case 270:
            return {llx + y, lly + hu - x - w, llx + y + h, lly + hu - x, "[0 -1 1 0 0 0]"};
        default:
            return {llx + x, lly + y, llx + x + w, lly + y + h, ""};
    }
}

}  // namespace

std::string pdfTextString(const std::string& utf8) {
    bool ascii = true;
    for (const char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        std::string out = "(";
        for (const char c : utf8) {
            if (c == '(' || c == ')' || c == '\\') out += '\\';
            out += c;
        }
        return out + ")";
    }
    std::string hex = "<FEFF";
    auto unit = [&](unsigned v) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04X", v);
        hex += buf;
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        unsigned cp = b;
        int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        if (extra) cp = b & (0x3F >> extra);
        for (++i; extra-- > 0 && i < utf8.size(); ++i)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3F);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return hex + ">";
}

void fillByteRange(PreparedUpdate& update) {
    std::string& out = update.bytes;
    const std::size_t gapStart = update.contentsOffset;
    const std::size_t gapEnd = gapStart + update.contentsLength;
    char range[64];
    const int n =
        std::snprintf(range, sizeof range, "0 %zu %zu %zu", gapStart, gapEnd, out.size() - gapEnd);
    if (n < 0 || static_cast<std::size_t>(n) > update.byteRangeLength)
        throw SigningError(C::PdfUnsupported, "the PDF is too large for the /ByteRange field");
    out.replace(update.byteRangeOffset, static_cast<std::size_t>(n), range);
}

std::string byteRangeSha256(const PreparedUpdate& update) {
    const std::string& out = update.bytes;
    const std::size_t gapStart = update.contentsOffset;
    const std::size_t gapEnd = gapStart + update.contentsLength;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) &&
                    EVP_DigestUpdate(ctx, out.data(), gapStart) &&
                    EVP_DigestUpdate(ctx, out.data() + gapEnd, out.size() - gapEnd) &&
                    EVP_DigestFinal_ex(ctx, md, &mdLen);
    EVP_MD_CTX_free(ctx);
    if (!ok) throwCrypto("hashing the byte range failed");
    return std::string(reinterpret_cast<char*>(md), mdLen);
}

void fillContents(PreparedUpdate& update, const std::string& der, std::size_t reserveBytes) {
    const std::string hex = toHex(der);
    if (hex.size() > update.contentsLength - 2)
        throw SigningError(C::SignatureTooLarge, "the signature (" + std::to_string(der.size()) +
                                                     " bytes) does not fit the " +
                                                     std::to_string(reserveBytes) +
                                                     " bytes reserved");
    update.bytes.replace(update.contentsOffset + 1, hex.size(), hex);
}

PreparedUpdate prepareSignatureUpdate(const std::string& original, const SignatureFieldSpec& spec) {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    // No recovery: a damaged file would be "repaired" in memory while our update is appended
    // to the damaged bytes, which other readers then see differently.
    pdf.setAttemptRecovery(false);
    QPDFObjectHandle catalog, pageObj, trailer;
    std::vector<std::string> fieldNames;
    int signatureFields = 0;
    try {
        pdf.processMemoryFile("input.pdf", original.data(), original.size());
        if (pdf.isEncrypted())
            throw SigningError(C::PdfEncrypted, "the PDF is encrypted; it cannot be signed");
        trailer = pdf.getTrailer();
        catalog = pdf.getRoot();
        auto pages = pdf.getAllPages();
        if (spec.page < 1 || static_cast<std::size_t>(spec.page) > pages.size())
            throw SigningError(C::InvalidInput, "the PDF has no page " + std::to_string(spec.page));
        pageObj = pages[static_cast<std::size_t>(spec.page - 1)];
        QPDFObjectHandle acro = catalog.getKey("/AcroForm");
        if (acro.isDictionary() && acro.getKey("/Fields").isArray()) {
            auto fields = acro.getKey("/Fields");
            for (int i = 0; i < fields.getArrayNItems(); ++i) {
                auto field = fields.getArrayItem(i);
                auto t = field.getKey("/T");
                if (t.isString()) fieldNames.push_back(t.getUTF8Value());
                if (field.getKey("/FT").isNameAndEquals("/Sig")) ++signatureFields;
            }
        }
    } catch (const SigningError&) {
        throw;
    } catch (const QPDFExc& e) {
        // A file encrypted with a user password fails to open at all: say so, not "damaged".
        if (e.getErrorCode() == qpdf_e_password)
            throw SigningError(C::PdfEncrypted, "the PDF is encrypted; it cannot be signed");
        throw SigningError(C::PdfDamaged, std::string("the PDF cannot be read: ") + e.what());
    } catch (const std::exception& e) {
        throw SigningError(C::PdfDamaged, std::string("the PDF cannot be read: ") + e.what());
    }
    if (!catalog.isIndirect() || !pageObj.isIndirect())
        throw SigningError(C::PdfDamaged, "the PDF's catalog or page is not an indirect object");

    bool xrefStream = false;
    const std::size_t prev = lastStartxref(original, xrefStream);
    auto sizeKey = trailer.getKey("/Size");
    if (!sizeKey.isInteger()) throw SigningError(C::PdfDamaged, "the PDF trailer has no /Size");
    int next = static_cast<int>(sizeKey.getIntValue());

    PreparedUpdate result;
    std::string& out = result.bytes;
    out = original;
    if (out.back() != '\n' && out.back() != '\r') out += '\n';  // appended, nothing rewritten
    UpdateWriter writer(out);

    const int sigNum = next++;
    const int widgetNum = next++;
    std::string name;
    for (int n = signatureFields + 1;; ++n) {
        name = "Signature" + std::to_string(n);
        if (std::find(fieldNames.begin(), fieldNames.end(), name) == fieldNames.end()) break;
    }

    // The signature dictionary, with fixed-width placeholders filled in after hashing.
    std::string sig =
        spec.documentTimestamp
            ? "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange ["
            : "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [";
    const std::string byteRangePlaceholder(3 * 11 + 1, ' ');
    const std::size_t sigObjStart = out.size() + std::to_string(sigNum).size() + 7;  // "N 0 obj\n"
    result.byteRangeOffset = sigObjStart + sig.size();
    result.byteRangeLength = byteRangePlaceholder.size();
    sig += byteRangePlaceholder + "] /Contents ";
    result.contentsOffset = sigObjStart + sig.size();
    result.contentsLength = spec.reserveBytes * 2 + 2;
    sig += "<" + std::string(spec.reserveBytes * 2, '0') + ">";
    // A document timestamp's time is the token's genTime; a /M there would be a claim nobody
    // signed.
    if (!spec.pdfDate.empty()) sig += " /M " + pdfTextString(spec.pdfDate);
    if (!spec.signerName.empty()) sig += " /Name " + pdfTextString(spec.signerName);
    if (!spec.reason.empty()) sig += " /Reason " + pdfTextString(spec.reason);
    if (!spec.location.empty()) sig += " /Location " + pdfTextString(spec.location);
    sig += " >>";
    writer.object(sigNum, 0, sig);

    std::string rect = "[0 0 0 0]", appearance;
    if (!spec.appearancePdf.empty()) {
        const WidgetPlacement place = placeWidget(pageObj, spec);
        char buf[128];
        std::snprintf(buf, sizeof buf, "[%.2f %.2f %.2f %.2f]", place.llx, place.lly, place.urx,
                      place.ury);
        rect = buf;
        auto objects = importPageAsForm(spec.appearancePdf, next, place.matrix);
        appearance = " /AP << /N " + ref(objects.front().first) + " >>";
        for (const auto& [num, body] : objects) writer.object(num, 0, body);
    }
    // /F 132: print, locked.
    writer.object(widgetNum, 0,
                  "<< /Type /Annot /Subtype /Widget /FT /Sig /T " + pdfTextString(name) + " /V " +
                      ref(sigNum) + " /F 132 /Rect " + rect + appearance + " /P " +
                      ref(pageObj.getObjGen()) + " >>");

    // The page's /Annots gains the widget: rewrite the array object if it is one, else the page.
    auto annots = pageObj.getKey("/Annots");
    if (annots.isIndirect() && annots.isArray())
        writer.object(annots.getObjGen().getObj(), annots.getObjGen().getGen(),
                      arrayWith(annots, ref(widgetNum)));
    else
        writer.object(pageObj.getObjGen().getObj(), pageObj.getObjGen().getGen(),
                      dictWith(pageObj, {{"/Annots", arrayWith(annots, ref(widgetNum))}}));

    // The AcroForm's /Fields gains the field; /SigFlags 3: signatures exist, append only.
    auto acro = catalog.getKey("/AcroForm");
    auto fields = acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull();
    std::string fieldsValue;
    if (fields.isIndirect() && fields.isArray()) {
        writer.object(fields.getObjGen().getObj(), fields.getObjGen().getGen(),
                      arrayWith(fields, ref(widgetNum)));
        fieldsValue = ref(fields.getObjGen());
    } else {
        fieldsValue = arrayWith(fields, ref(widgetNum));
    }
    const std::string acroBody = dictWith(acro, {{"/Fields", fieldsValue}, {"/SigFlags", "3"}});
    if (acro.isIndirect() && acro.isDictionary())
        writer.object(acro.getObjGen().getObj(), acro.getObjGen().getGen(), acroBody);
    else
        writer.object(catalog.getObjGen().getObj(), catalog.getObjGen().getGen(),
                      dictWith(catalog, {{"/AcroForm", acroBody}}));

    std::string trailerKeys = "/Root " + ref(catalog.getObjGen());
    if (trailer.getKey("/Info").isIndirect())
        trailerKeys += " /Info " + ref(trailer.getKey("/Info").getObjGen());
    if (trailer.getKey("/ID").isArray()) trailerKeys += " /ID " + trailer.getKey("/ID").unparse();
    trailerKeys += " /Prev " + std::to_string(prev);
    if (xrefStream)
        writer.finishStream(next, trailerKeys);
    else
        writer.finishTable(next, trailerKeys);
    return result;
}

}  // namespace motcua::signing::detail
