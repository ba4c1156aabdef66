// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <cstring>

#include "form_fields.h"
#include "form_template.h"
#include "motcua/documents/document_error.h"
#include "motcua/documents/forms.h"
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

FormContext formContextFor(store::Store& store, const std::string& code, LocalDateTime printedAt,
                           std::string reason) {
    const auto dossier = store.dossiers().findByCode(code);
    if (!dossier) throw store::StoreError(store::StoreError::Code::NotFound, "no dossier " + code);
    FormContext form;
    form.dossier = *dossier;
    form.ward = store.settings().ward();
    form.procedure = store.catalog().procedure(dossier->procedureCode);
    form.history = store.dossiers().history(code);
    form.printedAt = printedAt;
    form.reason = std::move(reason);
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

}  // namespace motcua::documents
