// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <ostream>

#include "args.h"
#include "context.h"
#include "json_out.h"
#include "motcua/core/cccd.h"
#include "motcua/core/error.h"
#include "motcua/core/vietnamese_text.h"
#include "motcua/documents/forms.h"
#include "motcua/files/files.h"
#include "motcua/signing/verify.h"

namespace motcua::cli {

using nlohmann::json;

namespace {

Applicant applicantFromArgs(const Args& args) {
    Applicant a;
    if (auto qr = args.get("qr")) {
        for (const char* typed : {"id", "name", "dob", "gender", "address"})
            if (args.has(typed))
                throw UsageError(std::string("--qr already gives the applicant; drop --") + typed);
        a = CccdQr::parse(*qr).toApplicant();
    } else {
        a.idNumber = args.require("id");
        a.fullName = args.require("name");
        a.dateOfBirth = parseIsoDate(args.require("dob"));
        const auto gender = parseGender(args.require("gender"));
        if (!gender) throw Error(Errc::InvalidArgument, "--gender must be nam or nu");
        a.gender = *gender;
        a.address = args.require("address");
    }
    a.phone = args.get("phone").value_or("");
    a.email = args.get("email").value_or("");
    return a;
}

void printDossierText(std::ostream& out, const Dossier& d, LocalDateTime now) {
    out << d.code << "  " << statusName(d.status) << (d.isOverdue(now) ? " (overdue)" : "") << "\n"
        << "  procedure:  " << d.procedureCode << " " << d.procedureName << "\n"
        << "  applicant:  " << d.applicant.fullName << "  " << d.applicant.idNumber << "\n"
        << "  received:   " << formatIsoDateTime(d.receivedAt) << "\n"
        << "  due:        " << formatIsoDateTime(d.dueAt) << "\n";
}

}  // namespace

int cmdIntake(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"procedure", "qr", "id", "name", "dob", "gender", "address", "phone",
                            "email", "received", "sets", "copies", "pages", "return", "channel"},
                           {"attach", "document-file"},
                           {"json"}});
    if (!args.positional().empty())
        throw UsageError("unexpected argument " + args.positional().front());
    store::IntakeRequest request;
    request.procedureCode = args.require("procedure");
    request.applicant = applicantFromArgs(args);
    request.attachmentPaths = args.all("attach");
    for (const auto& given : args.all("document-file")) {
        // N=FILE: the file of the checklist's document N (from 1, as `show` lists them).
        const auto eq = given.find('=');
        const char* digitsEnd = given.data() + (eq == std::string::npos ? 0 : eq);
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(given.data(), digitsEnd, n);
        if (eq == std::string::npos || ec != std::errc() || end != digitsEnd || n < 1 ||
            eq + 1 == given.size())
            throw UsageError("--document-file takes N=FILE, the file of document N (from 1): '" +
                             given + "'");
        request.documentFiles.push_back({n - 1, given.substr(eq + 1)});
    }
    request.sets = args.intValue("sets", 1, 1, 100);
    request.feeInput = {args.intValue("copies", 1, 1, 1000), args.intValue("pages", 1, 1, 10000)};
    if (auto channel = args.get("return")) {
        const auto parsed = parseReturnChannel(*channel);
        if (!parsed) throw Error(Errc::InvalidArgument, "--return must be desk, post or online");
        request.returnChannel = *parsed;
    }
    if (auto channel = args.get("channel")) {
        const auto parsed = parseChannel(*channel);
        if (!parsed) throw Error(Errc::InvalidArgument, "--channel must be counter or post");
        request.channel = *parsed;  // online is the portal's: the store refuses it
    }
    if (auto received = args.get("received")) request.receivedAt = parseIsoDateTime(*received);

    auto store = ctx.openStore();
    const Dossier d = store.dossiers().intake(request);
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"code", d.code},
                                  {"id", d.id},
                                  {"received_at", formatIsoDateTime(d.receivedAt)},
                                  {"due_at", formatIsoDateTime(d.dueAt)},
                                  {"fee_vnd", d.fee.vnd},
                                  {"channel", channelName(d.channel)},
                                  {"digitised", d.isDigitised()}})
                 << "\n";
    else
        *ctx.out << d.code << "\n";
    return 0;
}

int cmdList(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(
        argv, {{"status", "search", "limit", "from", "to", "channel"}, {}, {"overdue", "json"}});
    store::ListQuery query;
    if (auto status = args.get("status")) {
        query.status = parseStatus(*status);
        if (!query.status) throw Error(Errc::UnknownStatus, "unknown status '" + *status + "'");
    }
    if (auto channel = args.get("channel")) {
        query.channel = parseChannel(*channel);
        if (!query.channel)
            throw Error(Errc::InvalidArgument, "--channel must be counter, online or post");
    }
    query.search = args.get("search").value_or("");
    query.overdueOnly = args.has("overdue");
    query.limit = args.intValue("limit", 50, 1, 1000000);
    if (auto from = args.get("from")) query.receivedFrom = parseIsoDate(*from);
    if (auto to = args.get("to")) query.receivedTo = parseIsoDate(*to);

    auto store = ctx.openStore(store::OpenMode::Read);
    const auto dossiers = store.dossiers().list(query);
    const LocalDateTime now = ctx.clock->localNow();
    if (ctx.json || args.has("json")) {
        json out = json::array();
        for (const auto& d : dossiers) out.push_back(toJson(d, now, false));
        *ctx.out << jsonText(out) << "\n";
        return 0;
    }
    for (const auto& d : dossiers)
        *ctx.out << d.code << "  " << statusName(d.status) << (d.isOverdue(now) ? "*" : "") << "  "
                 << formatIsoDateTime(d.dueAt).substr(0, 16) << "  " << d.applicant.fullName << "  "
                 << d.procedureName << "\n";
    return 0;
}

namespace {

/// "3 h 20 min", "45 min".
std::string workingTimeText(std::chrono::minutes left) {
    const long long total = left.count() < 0 ? -left.count() : left.count();
    std::string text = total >= 60 ? std::to_string(total / 60) + " h" : "";
    if (total % 60 != 0 || total < 60)
        text += (text.empty() ? "" : " ") + std::to_string(total % 60) + " min";
    return text;
}

}  // namespace

int cmdInbox(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{}, {}, {"json"}});
    if (!args.positional().empty())
        throw UsageError("unexpected argument " + args.positional().front());
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto entries = store.dossiers().inbox();
    if (ctx.json || args.has("json")) {
        json out = json::array();
        for (const auto& e : entries) out.push_back(toJson(e));
        *ctx.out << jsonText(out) << "\n";
        return 0;
    }
    for (const auto& e : entries) {
        const Dossier& d = e.dossier;
        *ctx.out << d.code << "  " << channelName(d.channel) << "  submitted "
                 << formatIsoDateTime(d.submittedAt.value_or(d.receivedAt)).substr(0, 16)
                 << "  decide by " << formatIsoDateTime(d.dueAt).substr(0, 16) << "  "
                 << (e.overdue ? "overdue by " + workingTimeText(e.workingTimeLeft)
                               : workingTimeText(e.workingTimeLeft) + " left")
                 << (e.supplementRequests > 0
                         ? "  sent back " + std::to_string(e.supplementRequests) + "x"
                         : "")
                 << "  " << d.applicant.fullName << "  " << d.procedureName << "\n";
    }
    return 0;
}

int cmdShow(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{}, {}, {"json"}});
    if (args.positional().size() != 1) throw UsageError("usage: motcua show CODE");
    const std::string& code = args.positional().front();
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto dossier = store.dossiers().findByCode(code);
    if (!dossier) throw store::StoreError(store::StoreError::Code::NotFound, "no dossier " + code);
    const auto history = store.dossiers().history(code);
    const LocalDateTime now = ctx.clock->localNow();
    if (ctx.json || args.has("json")) {
        json j = toJson(*dossier, now, true);
        json h = json::array();
        for (const auto& e : history) h.push_back(toJson(e));
        j["history"] = h;
        *ctx.out << jsonText(j, 2) << "\n";
        return 0;
    }
    printDossierText(*ctx.out, *dossier, now);
    *ctx.out << "  documents:\n";
    for (const auto& doc : dossier->documents)
        *ctx.out << "    - " << doc.name << " (" << documentFormName(doc.form) << " x" << doc.count
                 << ")\n";
    if (!dossier->electronicResults.empty()) {
        *ctx.out << "  electronic results:\n";
        for (const auto& r : dossier->electronicResults)
            *ctx.out << "    - " << r.code << "  " << r.fileName << "  " << r.sha256 << "  "
                     << formatIsoDateTime(r.approvedAt) << "\n";
    }
    *ctx.out << "  history:\n";
    for (const auto& e : history)
        *ctx.out << "    " << formatIsoDateTime(e.at) << "  " << e.action << "  -> "
                 << statusName(e.toStatus) << "  " << e.actor
                 << (e.reason.empty() ? "" : "  \"" + e.reason + "\"") << "\n";
    return 0;
}

namespace {

/// An approval happens only by signing: the result must carry a signature whose bytes and value
/// verify (the server then checks whose certificate it is). Throws Error(InvalidArgument).
void requireSignedResult(store::Store& store, const std::string& path) {
    if (path.empty())
        throw Error(Errc::InvalidArgument,
                    "an approval needs the signed result: --result SIGNED.pdf (sign the draft with "
                    "`motcua sign`)");
    const std::string pdf = files::rethrowAs<store::StoreError>(
        store::StoreError::Code::Io, [&] { return files::readFile(path); });
    const auto reports = signing::verifyPdf(pdf, store.settings().deskConfig().trustFiles);
    const bool signedOk = std::any_of(reports.begin(), reports.end(), [](const auto& r) {
        return !r.documentTimestamp && r.integrityOk && r.signatureOk;
    });
    if (!signedOk)
        throw Error(Errc::InvalidArgument, path +
                                               " carries no valid signature: an approval is "
                                               "made by signing the draft (`motcua sign`)");
}

}  // namespace

int cmdAct(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"reason", "due", "result"}, {}, {"json"}});
    if (args.positional().size() != 2)
        throw UsageError(
            "usage: motcua act CODE ACTION [--reason TEXT] [--due YYYY-MM-DDTHH:MM] [--result "
            "SIGNED.pdf]");
    const auto action = parseAction(args.positional()[1]);
    if (!action) throw UsageError("unknown action '" + args.positional()[1] + "'");
    store::ActionRequest request;
    request.action = *action;
    request.reason = args.get("reason").value_or("");
    if (auto due = args.get("due")) request.newDue = parseIsoDateTime(*due);
    // An approval carries the signed result document; the server checks its signatures.
    request.resultDocumentPath = args.get("result").value_or("");
    auto store = ctx.openStore();
    const std::string& code = args.positional()[0];
    const auto current = store.dossiers().findByCode(code);
    if (request.action == DossierAction::Approve) {
        // Where the status allows an approval at all (else the store's refusal says so).
        if (current && transition(current->status, DossierAction::Approve))
            requireSignedResult(store, request.resultDocumentPath);
    }
    // A decision on a submission tells the citizen with its form (01, 02 or 03), written
    // beside the database where the desk keeps the forms it prints.
    std::string formPath;
    if (current && isSubmission(current->status) && documents::decisionFormKind(request.action)) {
        auto render = documents::decisionFormFor(
            [&store](const std::string& c) { return store.dossiers().record(c); }, request.action,
            request.reason, ctx.resourceDir + "/forms",
            (std::filesystem::path(ctx.dbPath).parent_path() / "documents").string(),
            ctx.clock->localNow());
        request.decisionForm = [&formPath, render = std::move(render)](const Dossier& after) {
            formPath = render(after);
            return formPath;
        };
    }
    const Dossier d = store.dossiers().act(code, request);
    if (ctx.json || args.has("json")) {
        json out = toJson(d, ctx.clock->localNow(), false);
        if (!formPath.empty()) out["form"] = formPath;
        *ctx.out << jsonText(out) << "\n";
    } else {
        *ctx.out << d.code << " " << statusName(d.status) << " " << formatIsoDateTime(d.dueAt)
                 << "\n";
        if (!formPath.empty()) *ctx.out << formPath << "\n";
    }
    return 0;
}

int cmdEdit(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv,
                    {{"name", "id", "dob", "gender", "address", "phone", "email"}, {}, {"json"}});
    if (args.positional().size() != 1)
        throw UsageError(
            "usage: motcua edit CODE [--name N] [--id CCCD] [--dob D] [--gender nam|nu] [--address "
            "A] [--phone P] [--email E]");
    const std::string& code = args.positional().front();
    auto store = ctx.openStore();
    const auto current = store.dossiers().findByCode(code);
    if (!current) throw store::StoreError(store::StoreError::Code::NotFound, "no dossier " + code);
    Applicant a = current->applicant;
    if (auto v = args.get("name")) a.fullName = *v;
    if (auto v = args.get("id")) a.idNumber = *v;
    if (auto v = args.get("dob")) a.dateOfBirth = parseIsoDate(*v);
    if (auto v = args.get("gender")) {
        a.gender = parseGender(*v);
        if (!a.gender) throw Error(Errc::InvalidArgument, "--gender must be nam or nu");
    }
    if (auto v = args.get("address")) a.address = *v;
    if (auto v = args.get("phone")) a.phone = *v;
    if (auto v = args.get("email")) a.email = *v;
    const Dossier d = store.dossiers().editApplicant(code, a);
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(toJson(d, ctx.clock->localNow(), true)) << "\n";
    else
        printDossierText(*ctx.out, d, ctx.clock->localNow());
    return 0;
}

int cmdDueDate(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{"procedure", "received"}, {}, {"json"}});
    const std::string code = args.require("procedure");
    const LocalDateTime received = parseIsoDateTime(args.require("received"));
    auto store = ctx.openStore(store::OpenMode::Read);
    const auto procedure = store.catalog().procedure(code);
    if (!procedure)
        throw store::StoreError(store::StoreError::Code::NotFound,
                                "no procedure " + code + " in the catalog");
    const LocalDateTime due =
        store.catalog().calendar().dueAt(received, procedure->effectiveLimit());
    if (ctx.json || args.has("json"))
        *ctx.out << jsonText(json{{"procedure", code},
                                  {"received_at", formatIsoDateTime(received)},
                                  {"due_at", formatIsoDateTime(due)}})
                 << "\n";
    else
        *ctx.out << formatIsoDateTime(due) << "\n";
    return 0;
}

}  // namespace motcua::cli
