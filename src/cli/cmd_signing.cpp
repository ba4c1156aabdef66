// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua token list | sign | sign-cms | verify: the signing layer on the command line.
#include <signal.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "args.h"
#include "context.h"
#include "exit_codes.h"
#include "motcua/documents/atomic_file.h"
#include "motcua/files/files.h"
#include "motcua/signing/certificate.h"
#include "motcua/signing/cms.h"
#include "motcua/signing/pades.h"
#include "motcua/signing/signing_error.h"
#include "motcua/signing/token.h"
#include "motcua/signing/verify.h"

namespace motcua::cli {

using nlohmann::json;
using signing::SigningError;

namespace {

std::string readInput(const std::string& path) {
    return files::rethrowAs<SigningError>(SigningError::Code::Io,
                                          [&] { return files::readFile(path); });
}

std::string canonical(const std::string& path) {
    std::error_code ec;
    const auto c = std::filesystem::canonical(path, ec);
    return ec ? path : c.string();
}

/// The modules that loaded, and the errors of the named ones that did not.
struct LoadedModules {
    std::vector<signing::Module> modules;
    std::vector<SigningError> failures;
};

/// The registered modules plus the configured paths, each module once. A module that fails to
/// load or initialise is reported on stderr and the others are used: one broken vendor module
/// must not keep the officer from the token in another. Failures of the named ones are kept.
LoadedModules loadModules(const Context& ctx, const std::vector<std::string>& paths,
                          bool registered) {
    LoadedModules out;
    if (registered) {
        std::vector<std::string> errors;
        out.modules = signing::Module::loadRegistered(&errors);
        for (const auto& e : errors) *ctx.err << "motcua: " << e << "\n";
    }
    for (const auto& path : paths) {
        bool loaded = false;
        for (const auto& m : out.modules) loaded = loaded || canonical(m.path()) == canonical(path);
        if (loaded) continue;
        try {
            out.modules.push_back(signing::Module::load(path));
        } catch (const SigningError& e) {
            *ctx.err << "motcua: " << e.what() << "\n";
            out.failures.push_back(e);
        }
    }
    return out;
}

/// The signal that interrupted a batch (SIGINT, SIGTERM), 0 while none did.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int signal) {
    g_interrupted = signal;
}

/// While alive, SIGINT and SIGTERM only ask the batch to stop after the document being signed
/// (written atomically, so it is whole or absent); a second one ends the process at once.
class InterruptGuard {
public:
    InterruptGuard() {
        g_interrupted = 0;
        struct sigaction action {};
        action.sa_handler = onInterrupt;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART | SA_RESETHAND;
        ::sigaction(SIGINT, &action, &m_oldInt);
        ::sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~InterruptGuard() {
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction m_oldInt {};
    struct sigaction m_oldTerm {};
};

json certJson(const signing::CertificateInfo& c) {
    const char* type = c.keyType == signing::KeyType::Rsa  ? "RSA"
                       : c.keyType == signing::KeyType::Ec ? "EC"
                                                           : "other";
    return json{{"subject", c.subject},  {"commonName", c.commonName}, {"issuer", c.issuer},
                {"serial", c.serialHex}, {"notBefore", c.notBefore},   {"notAfter", c.notAfter},
                {"keyType", type},       {"keyBits", c.keyBits},       {"keyUsage", c.keyUsage},
                {"id", c.idHex},         {"label", c.label},           {"ca", c.isCa}};
}

/// Everything a signing command needs, alive together: modules, session, signer.
struct TokenSigner {
    std::vector<signing::Module> modules;
    std::optional<signing::TokenSession> session;
    std::unique_ptr<signing::Signer> signer;
    std::shared_ptr<std::string> pin = std::make_shared<std::string>();
    TokenSigner() = default;
    TokenSigner(const TokenSigner&) = delete;
    TokenSigner& operator=(const TokenSigner&) = delete;
    ~TokenSigner() { signing::wipeSecret(*pin); }
};

const Args::Spec kTokenOptions{
    {"module", "token", "key-id", "pin-env", "out", "out-dir", "reason", "location", "page",
     "visible", "signature-image", "seal-image", "seal-diameter-mm", "title", "document-number"},
    {"module", "ca"},
    {"pin-stdin", "pin-pad", "json"}};

/// Says when the signer's chain stops short of a root: the signature is made, but a verifier
/// holding only the root cannot link it (the CA file with the intermediate is missing).
void warnIfChainShort(const Context& ctx, const signing::Signer& signer) {
    const auto chain = signer.chain();
    const signing::CertificateInfo last =
        chain.empty() ? signer.certificate() : signing::describeCertificate(chain.back());
    if (last.subject == last.issuer) return;
    *ctx.err << "motcua: the issuer " << last.issuer << " of " << last.subject
             << " is neither on the token nor in a --ca file; the signature will not carry it, so "
                "a verifier "
                "holding only the root will not trust it\n";
}

void openSigner(const Context& ctx, const Args& args, TokenSigner& t) {
    const int sources =
        int(args.has("pin-stdin")) + int(args.has("pin-env")) + int(args.has("pin-pad"));
    if (sources > 1) throw UsageError("give only one of --pin-stdin, --pin-env VAR and --pin-pad");
    const auto paths = args.all("module");
    LoadedModules loaded = loadModules(ctx, paths, paths.empty());
    t.modules = std::move(loaded.modules);
    const std::string label = args.get("token").value_or("");
    for (auto& module : t.modules) {
        try {
            t.session.emplace(module.openSession(label));
            break;
        } catch (const SigningError& e) {
            if (e.code() != SigningError::Code::NoToken) throw;
        }
    }
    if (!t.session && !loaded.failures.empty())
        throw loaded.failures.front();  // the likelier cause
    if (!t.session)
        throw SigningError(
            SigningError::Code::NoToken,
            label.empty() ? "no token is present" : "no token labelled '" + label + "' is present");
    const auto token = t.session->token();
    if (const std::string status = signing::describePinStatus(token.pin); !status.empty())
        *ctx.err << "motcua: token '" << token.label << "': " << status << "\n";
    // The reader's PIN pad (protected authentication path) when asked, or when the token has
    // one and no PIN was offered.
    if (args.has("pin-pad") || (sources == 0 && token.protectedAuthPath)) {
        *ctx.err << "motcua: enter the PIN on the reader of token '" << token.label << "'\n";
        t.session->loginProtected();
        t.signer = t.session->signer(args.get("key-id").value_or(""), {}, args.all("ca"));
        warnIfChainShort(ctx, *t.signer);
        return;
    }
    if (sources == 0)
        throw UsageError(
            "give the PIN with --pin-stdin or --pin-env VAR (never on the command line), or use "
            "--pin-pad");
    if (args.has("pin-stdin")) {
        std::getline(std::cin, *t.pin);
        if (!t.pin->empty() && t.pin->back() == '\r') t.pin->pop_back();
    } else {
        const char* value = std::getenv(args.require("pin-env").c_str());
        if (!value)
            throw UsageError("the environment variable " + *args.get("pin-env") + " is not set");
        *t.pin = value;
    }
    std::string loginPin = *t.pin;  // login wipes its copy; the context PIN keeps ours
    t.session->login(loginPin);
    auto pin = t.pin;
    t.signer = t.session->signer(
        args.get("key-id").value_or(""), [pin] { return *pin; }, args.all("ca"));
    warnIfChainShort(ctx, *t.signer);
}

/// --visible PAGE:X,Y,W,H (points) or top-right[:W,H] (page 1, the attachment variant).
signing::VisibleSignature parseVisible(const Args& args) {
    const std::string spec = args.require("visible");
    signing::VisibleSignature v;
    int used = 0;
    if (spec.rfind("top-right", 0) == 0) {
        v.topRight = true;
        v.width = 190;
        v.height = 42;
        if (spec != "top-right" &&
            (std::sscanf(spec.c_str(), "top-right:%lf,%lf%n", &v.width, &v.height, &used) != 2 ||
             static_cast<std::size_t>(used) != spec.size()))
            throw UsageError("--visible top-right takes an optional :W,H in points");
    } else if (std::sscanf(spec.c_str(), "%d:%lf,%lf,%lf,%lf%n", &v.page, &v.x, &v.y, &v.width,
                           &v.height, &used) != 5 ||
               static_cast<std::size_t>(used) != spec.size() || v.page < 1) {
        throw UsageError(
            "--visible takes PAGE:X,Y,W,H in points (e.g. 1:360,80,200,110) or top-right[:W,H]");
    }
    v.signatureImagePng = args.get("signature-image").value_or("");
    v.sealImagePng = args.get("seal-image").value_or("");
    if (args.has("seal-diameter-mm")) {
        if (!args.has("seal-image")) throw UsageError("--seal-diameter-mm needs --seal-image");
        v.sealDiameterMm = args.intValue("seal-diameter-mm", 0, 10, 100);
    }
    v.title = args.get("title").value_or("");
    v.documentNumber = args.get("document-number").value_or("");
    return v;
}

}  // namespace

int cmdToken(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{}, {"module"}, {"json", "no-registered"}});
    if (args.positional() != std::vector<std::string>{"list"})
        throw UsageError("usage: motcua token list [--module PATH]... [--no-registered] [--json]");
    const LoadedModules loaded = loadModules(ctx, args.all("module"), !args.has("no-registered"));
    json out = json::array();
    for (const auto& module : loaded.modules) {
        signing::ModuleInfo info;
        try {
            info = module.describe(true);
        } catch (const SigningError& e) {
            *ctx.err << "motcua: " << module.path() << ": " << e.what() << "\n";
            continue;
        }
        json slots = json::array();
        if (!(ctx.json || args.has("json")))
            *ctx.out << "module " << info.path << " (" << info.description << ", "
                     << info.manufacturer << ")\n";
        for (const auto& slot : info.slots) {
            json certs = json::array();
            for (const auto& c : slot.certificates) certs.push_back(certJson(c));
            json token = nullptr;
            if (slot.token) {
                const auto& t = *slot.token;
                token = json{{"label", t.label},
                             {"manufacturer", t.manufacturer},
                             {"model", t.model},
                             {"serial", t.serial},
                             {"pinCountLow", t.pin.countLow},
                             {"pinFinalTry", t.pin.finalTry},
                             {"pinLocked", t.pin.locked},
                             {"pinPad", t.protectedAuthPath}};
            }
            slots.push_back(json{{"id", slot.id},
                                 {"description", slot.description},
                                 {"token", token},
                                 {"certificates", certs}});
            if (ctx.json || args.has("json")) continue;
            *ctx.out << "  slot " << slot.id << ": " << slot.description << "\n";
            if (!slot.token) continue;
            *ctx.out << "    token '" << slot.token->label << "' " << slot.token->manufacturer
                     << " " << slot.token->model << " serial " << slot.token->serial << "\n";
            if (const auto status = signing::describePinStatus(slot.token->pin); !status.empty())
                *ctx.out << "    PIN: " << status << "\n";
            for (const auto& c : slot.certificates)
                *ctx.out << "    cert id " << c.idHex << ": " << c.subject << " (issuer "
                         << c.issuer << "; " << c.notBefore << " .. " << c.notAfter << "; "
                         << certJson(c)["keyType"].get<std::string>() << "-" << c.keyBits << ")\n";
        }
        out.push_back(json{{"path", info.path},
                           {"description", info.description},
                           {"manufacturer", info.manufacturer},
                           {"slots", slots}});
    }
    if (ctx.json || args.has("json")) *ctx.out << out.dump() << "\n";
    return loaded.failures.empty()
               ? kExitOk
               : kExitUnavailable;  // the others are listed; a named module is unusable
}

int cmdSign(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, kTokenOptions);
    const auto& inputs = args.positional();
    if (inputs.empty() || args.has("out") == args.has("out-dir") ||
        (args.has("out") && inputs.size() != 1))
        throw UsageError(
            "usage: motcua sign IN.pdf... (--out OUT.pdf | --out-dir DIR) [--module PATH] "
            "[--token LABEL] [--key-id HEX] [--ca CA.pem]... (--pin-stdin | --pin-env VAR | "
            "--pin-pad) "
            "[--reason T] [--location T] [--page N] [--visible PAGE:X,Y,W,H | --visible "
            "top-right[:W,H]] "
            "[--signature-image PNG] [--seal-image PNG [--seal-diameter-mm MM]] [--title T] "
            "[--document-number T]");
    for (const char* option :
         {"signature-image", "seal-image", "seal-diameter-mm", "title", "document-number"})
        if (args.has(option) && !args.has("visible"))
            throw UsageError(std::string("--") + option + " needs --visible");
    signing::PdfSignOptions options;
    if (args.has("visible")) options.visible = parseVisible(args);  // before asking for the PIN
    TokenSigner t;
    openSigner(ctx, args, t);  // one login for the whole batch
    options.reason = args.get("reason").value_or("");
    options.location = args.get("location").value_or("");
    options.page = args.intValue("page", 1, 1, 100000);
    options.signingTime = ctx.clock->now();
    std::vector<signing::BatchItem> items;
    for (const auto& in : inputs)
        items.push_back({in, args.has("out") ? args.require("out")
                                             : (std::filesystem::path(args.require("out-dir")) /
                                                std::filesystem::path(in).filename())
                                                   .string()});
    json done = json::array();
    const bool asJson = ctx.json || args.has("json");
    // What was signed and what was not, after a failure or an interruption.
    auto summary = [&](const std::string& why) {
        std::string notSigned;
        for (std::size_t i = done.size(); i < items.size(); ++i)
            notSigned += (notSigned.empty() ? "" : ", ") + items[i].in;
        *ctx.err << "motcua: " << why << ": signed " << done.size() << " of " << items.size()
                 << (notSigned.empty() ? "" : "; not signed: " + notSigned) << "\n";
    };
    std::size_t signedCount = 0;
    const InterruptGuard interrupts;  // after the login: Ctrl+C at the PIN prompt just ends
    try {
        signedCount =
            signing::signPdfBatch(items, *t.signer, options, [&](std::size_t n, std::size_t total) {
                const auto& item = items[n - 1];
                done.push_back(json{{"in", item.in}, {"out", item.out}});
                if (!asJson)
                    *ctx.out << item.out << std::endl;  // flushed: a script sees each one done
                if (total > 1) *ctx.err << "signed " << n << "/" << total << "\n";
                return g_interrupted == 0;
            });
    } catch (const SigningError&) {
        if (items.size() > 1) summary("stopped");
        throw;
    }
    const bool interrupted = signedCount < items.size() && g_interrupted != 0;
    if (interrupted) summary("interrupted");
    if (asJson) {
        json result{{"signer", t.signer->certificate().commonName}, {"signed", done}};
        if (interrupted) result["interrupted"] = true;
        *ctx.out << result.dump() << "\n";
    }
    // 128 + the signal, as a shell reports a command that signal ended (130 for Ctrl+C).
    return interrupted ? kExitSignalBase + static_cast<int>(g_interrupted) : kExitOk;
}

int cmdSignCms(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, kTokenOptions);
    if (args.positional().size() != 1 || !args.has("out"))
        throw UsageError(
            "usage: motcua sign-cms FILE --out FILE.p7s [--module PATH] [--token LABEL] [--key-id "
            "HEX] "
            "[--ca CA.pem]... (--pin-stdin | --pin-env VAR | --pin-pad)");
    const std::string content = readInput(args.positional().front());
    TokenSigner t;
    openSigner(ctx, args, t);
    const std::string cms = signing::signCmsDetached(*t.signer, content, ctx.clock->now());
    documents::writeFileAtomically(args.require("out"), cms);
    *ctx.out << args.require("out") << "\n";
    return 0;
}

int cmdVerify(const Context& ctx, const std::vector<std::string>& argv) {
    const Args args(argv, {{}, {"trust", "crl"}, {"json"}});
    if (args.positional().size() != 1)
        throw UsageError(
            "usage: motcua verify FILE.pdf [--trust CA.pem]... [--crl FILE]... [--json]");
    const std::string pdf = readInput(args.positional().front());
    const auto reports = signing::verifyPdf(pdf, args.all("trust"), args.all("crl"));
    bool allOk = !reports.empty();
    json out = json::array();
    for (const auto& r : reports) {
        allOk = allOk && r.ok();
        out.push_back(json{{"index", r.index},
                           {"signer", r.signer},
                           {"subject", r.signerSubject},
                           {"issuer", r.issuer},
                           {"signingTime", r.signingTime},
                           {"subFilter", r.subFilter},
                           {"integrity", r.integrityOk},
                           {"signatureValid", r.signatureOk},
                           {"trusted", r.trusted},
                           {"keyUsage", r.keyUsageOk},
                           {"validAtSigningTime", r.validAtSigningTime},
                           {"revocationChecked", r.revocationChecked},
                           {"revoked", r.revoked},
                           {"revocation", r.revocation()},
                           {"crlStale", r.crlStale},
                           {"coversWholeFile", r.coversWholeFile},
                           {"bytesAfter", r.bytesAfter},
                           {"ok", r.ok()},
                           {"problems", r.problems},
                           {"documentTimestamp", r.documentTimestamp},
                           {"timestamped", r.timestamped},
                           {"timestampedBy", r.timestampedBy}});
        if (ctx.json || args.has("json")) continue;
        if (r.documentTimestamp)
            *ctx.out << "document timestamp " << r.index << ": " << (r.ok() ? "VALID" : "INVALID")
                     << " - TSA " << r.signer << " at "
                     << (r.signingTime.empty() ? "unknown time" : r.signingTime) << "\n";
        else
            *ctx.out << "signature " << r.index << ": " << (r.ok() ? "VALID" : "INVALID") << " - "
                     << r.signer << " at "
                     << (r.signingTime.empty() ? "unknown time" : r.signingTime) << "\n";
        if (r.timestamped)
            *ctx.out << "  time-stamped by document timestamp " << r.timestampedBy
                     << " (PAdES B-T)\n";
        *ctx.out << "  "
                 << (r.coversWholeFile ? "covers the whole file"
                                       : "covers the file except " + std::to_string(r.bytesAfter) +
                                             " bytes appended after it")
                 << "\n";
        if (r.revoked)
            *ctx.out << "  revoked" << (r.revokedAt.empty() ? "" : " on " + r.revokedAt) << "\n";
        else if (r.revocationChecked)
            *ctx.out << "  not revoked (CRL checked)\n";
        else if (r.crlStale)
            *ctx.out << "  revocation unknown: the issuer's CRL is stale (its next update was due "
                     << r.crlNextUpdate << ")\n";
        for (const auto& p : r.problems) *ctx.out << "  problem: " << p << "\n";
    }
    if (ctx.json || args.has("json"))
        *ctx.out
            << json{{"file", args.positional().front()}, {"signatures", out}, {"ok", allOk}}.dump()
            << "\n";
    else if (reports.empty())
        *ctx.out << "no signature\n";
    return allOk ? 0 : 2;
}

}  // namespace motcua::cli
