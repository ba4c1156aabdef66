// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <cstring>
#include <filesystem>

#include "form_fields.h"
#include "form_template.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/documents/document_error.h"
#include "motcua/documents/forms.h"
#include "motcua/core/vietnamese_text.h"
#include "motcua/files/files.h"
#include "pdf_renderer.h"

namespace motcua::documents {

namespace {
std::string readTemplateFile(const std::string& path) {
    try {
        return files::readFile(path);
    } catch (const files::FileError& e) {
        throw DocumentError(
            DocumentError::Code::TemplateInvalid,
            "form template " + path + " cannot be read: " + std::strerror(e.error()));
    }
}
}  // namespace

FormContext formContext(DossierRecord record, LocalDateTime printedAt, std::string reason) {
    FormContext form;
    form.ward = std::move(record.ward);
    form.dossier = std::move(record.dossier);
    form.procedure = std::move(record.procedure);
    form.history = std::move(record.history);
    form.printedAt = printedAt;
    form.reason = std::move(reason);
    form.serverUrl = std::move(record.serverUrl);
    return form;
}

std::string renderForm(FormKind kind, const FormContext& context, const std::string& templateDir,
                       SheetLayout layout) {
    checkApplicable(kind, context);
    const std::string name(formName(kind));
    const FormTemplate form = parseFormTemplate(
        readTemplateFile(templateDir + "/" + name + ".json"), name,
        [&](const std::string& file) { return readTemplateFile(templateDir + "/" + file); });
    return renderPdf(form, buildFormData(kind, context), layout);
}

namespace {

FormKind decisionKind(DossierAction action) {
    const auto kind = decisionFormKind(action);
    if (!kind)
        throw DocumentError(DocumentError::Code::FormNotApplicable,
                            "'" + std::string(actionName(action)) +
                                "' is not a decision on a submission that has a form");
    return *kind;
}

}  // namespace

std::string writeDecisionForm(DossierRecord before, const Dossier& after, DossierAction action,
                              const std::string& reason, LocalDateTime printedAt,
                              const std::string& templateDir, const std::string& outDir,
                              SheetLayout layout) {
    const FormKind kind = decisionKind(action);
    // The history is the dossier's before the decision; the reason is the decision's own, as
    // the store keeps it.
    FormContext form = formContext(std::move(before), printedAt, composeVietnamese(trim(reason)));
    form.dossier = after;
    const std::string pdf = renderForm(kind, form, templateDir, layout);
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        throw DocumentError(DocumentError::Code::Io,
                            "cannot create " + outDir + ": " + ec.message());
    const std::string path = outDir + "/" + after.code + "-" + std::string(formName(kind)) + ".pdf";
    writeFileAtomically(path, pdf);
    return path;
}

std::function<std::string(const Dossier& after)> decisionFormFor(
    RecordReader read, DossierAction action, std::string reason, std::string templateDir,
    std::string outDir, LocalDateTime printedAt, SheetLayout layout) {
    decisionKind(action);
    return [read = std::move(read), action, reason = std::move(reason),
            templateDir = std::move(templateDir), outDir = std::move(outDir), printedAt,
            layout](const Dossier& after) {
        return writeDecisionForm(read(after.code), after, action, reason, printedAt, templateDir,
                                 outDir, layout);
    };
}

}  // namespace motcua::documents
