// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Copies page 1 of the appearance PDF cairo drew into the update as a form XObject: qpdf reads
// it, we renumber every object its resources reach and write them with raw stream data.
#include "appearance.h"

#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <deque>
#include <map>

#include "motcua/signing/signing_error.h"

namespace motcua::signing::detail {

namespace {

class Importer {
public:
    explicit Importer(int& next) : m_next(next) {}

    /// `o` as PDF syntax, indirect objects below the top level replaced by their new numbers.
    std::string serialise(QPDFObjectHandle o, bool top = false) {
        if (!top && o.isIndirect()) return std::to_string(numberOf(o)) + " 0 R";
        if (o.isArray()) {
            std::string out = "[";
            for (int i = 0; i < o.getArrayNItems(); ++i) {
                out += serialise(o.getArrayItem(i));
                out += ' ';
            }
            return out + "]";
        }
        if (o.isDictionary()) {
            std::string out = "<<";
            for (const auto& key : o.getKeys()) {
                if (key == "/Parent" || key == "/Length")
                    continue;  // no page tree; lengths are ours
                out += ' ';
                out += QPDFObjectHandle::newName(key).unparse();
                out += ' ';
                out += serialise(o.getKey(key));
            }
            return out + " >>";
        }
        return o.unparse();
    }

    int numberOf(QPDFObjectHandle o) {
        const auto [it, added] = m_numbers.emplace(o.getObjGen(), 0);
        if (added) {
            it->second = m_next++;
            m_queue.push_back(o);
        }
        return it->second;
    }

    /// Writes every object reached so far (and what they reach).
    void drain(std::vector<std::pair<int, std::string>>& out) {
        while (!m_queue.empty()) {
            QPDFObjectHandle o = m_queue.front();
            m_queue.pop_front();
            const int num = m_numbers.at(o.getObjGen());
            if (o.isStream()) {
                const auto data = o.getRawStreamData();
                const std::string raw(reinterpret_cast<const char*>(data->getBuffer()),
                                      data->getSize());
                std::string dict = serialise(o.getDict(), true);
                dict.resize(dict.size() - 2);  // drop ">>"
                out.emplace_back(num, dict + "/Length " + std::to_string(raw.size()) +
                                          " >>\nstream\n" + raw + "\nendstream");
            } else {
                out.emplace_back(num, serialise(o, true));
            }
        }
    }

private:
    int& m_next;
    std::map<QPDFObjGen, int> m_numbers;
    std::deque<QPDFObjectHandle> m_queue;
};

}  // namespace

std::vector<std::pair<int, std::string>> importPageAsForm(const std::string& pdf, int& next,
                                                          const std::string& matrix) {
    std::vector<std::pair<int, std::string>> out;
    try {
        QPDF doc;
        doc.setSuppressWarnings(true);
        doc.processMemoryFile("appearance.pdf", pdf.data(), pdf.size());
        const auto pages = doc.getAllPages();
        if (pages.empty())
            throw SigningError(SigningError::Code::Crypto, "the appearance has no page");
        QPDFObjectHandle page = pages.front();
        std::string content;
        for (auto& stream : page.getPageContents()) {
            const auto data = stream.getStreamData(qpdf_dl_generalized);
            content.append(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
            content += '\n';
        }
        QPDFObjectHandle box = page.getKey("/MediaBox");
        const int formNum = next++;
        Importer importer(next);
        const std::string resources = importer.serialise(page.getKey("/Resources"));
        out.emplace_back(
            formNum, "<< /Type /XObject /Subtype /Form /BBox " + box.unparseResolved() +
                         (matrix.empty() ? "" : " /Matrix " + matrix) + " /Resources " + resources +
                         " /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                         "\nendstream");
        importer.drain(out);
    } catch (const SigningError&) {
        throw;
    } catch (const std::exception& e) {
        throw SigningError(SigningError::Code::Crypto,
                           std::string("cannot use the drawn appearance: ") + e.what());
    }
    return out;
}

}  // namespace motcua::signing::detail
