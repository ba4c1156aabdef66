// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Loading PKCS#11 modules through p11-kit and walking their slots and tokens.
#include <cstdlib>

#include "p11_internal.h"

namespace motcua::signing {

using namespace detail;

Module::Impl::~Impl() {
    if (!fn) return;
    fn->C_Finalize(nullptr);
    p11_kit_module_release(fn);
}

namespace {

/// Initialises with OS locking: a module may be called from the desk's per-module thread and
/// must use the platform's mutexes, not its own idea of "no threads".
void initialize(CK_FUNCTION_LIST* fn, const std::string& path) {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = fn->C_Initialize(&args);
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        throw SigningError(SigningError::Code::ModuleLoad,
                           "PKCS#11 module " + path + " failed to initialise: " + ckrName(rv));
}

std::string moduleFilename(CK_FUNCTION_LIST* fn) {
    char* name = p11_kit_module_get_filename(fn);
    std::string out = name ? name : "(unknown)";
    std::free(name);
    return out;
}

}  // namespace

Module::Module(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Module::~Module() = default;
Module::Module(Module&&) noexcept = default;
Module& Module::operator=(Module&&) noexcept = default;

Module Module::load(const std::string& path) {
    // Managed by p11-kit (the default): our C_Initialize/C_Finalize do not disturb another
    // user of the same module in this process (NSS, a second Module object).
    CK_FUNCTION_LIST* fn = p11_kit_module_load(path.c_str(), 0);
    if (!fn) {
        const char* why = p11_kit_message();
        throw SigningError(
            SigningError::Code::ModuleLoad,
            "cannot load PKCS#11 module " + path + (why ? std::string(": ") + why : ""));
    }
    auto impl = std::make_shared<Impl>();
    impl->path = path;
    try {
        initialize(fn, path);
    } catch (...) {
        p11_kit_module_release(fn);
        throw;
    }
    impl->fn = fn;
    return Module(std::move(impl));
}

std::vector<Module> Module::loadRegistered(std::vector<std::string>* errors) {
    // p11_kit_modules_load rather than ..._load_and_initialize: one module that fails to
    // initialise must not take the others down with it.
    CK_FUNCTION_LIST** list = p11_kit_modules_load(nullptr, 0);
    std::vector<Module> out;
    if (!list) {
        if (errors) errors->push_back("p11-kit could not load its registered modules");
        return out;
    }
    for (CK_FUNCTION_LIST** p = list; *p; ++p) {
        const std::string path = moduleFilename(*p);
        try {
            initialize(*p, path);
        } catch (const SigningError& e) {
            if (errors) errors->push_back(e.what());
            p11_kit_module_release(*p);
            continue;
        }
        auto impl = std::make_shared<Impl>();
        impl->fn = *p;
        impl->path = path;
        out.push_back(Module(std::move(impl)));
    }
    std::free(list);  // the array only; each module now belongs to its Impl
    return out;
}

const std::string& Module::path() const {
    return m_impl->path;
}

namespace {

std::vector<CK_SLOT_ID> slotList(CK_FUNCTION_LIST* fn, bool tokenPresent) {
    CK_ULONG count = 0;
    const CK_BBOOL present = tokenPresent ? CK_TRUE : CK_FALSE;
    checkRv(fn->C_GetSlotList(present, nullptr, &count), "listing slots");
    std::vector<CK_SLOT_ID> slots(count);
    if (count) checkRv(fn->C_GetSlotList(present, slots.data(), &count), "listing slots");
    slots.resize(count);
    return slots;
}

/// A read-only serial session closed when the guard goes.
struct SessionGuard {
    CK_FUNCTION_LIST* fn;
    CK_SESSION_HANDLE handle = 0;
    SessionGuard(CK_FUNCTION_LIST* f, CK_SLOT_ID slot) : fn(f) {
        checkRv(fn->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &handle),
                "opening a session");
    }
    ~SessionGuard() { fn->C_CloseSession(handle); }
    SessionGuard(const SessionGuard&) = delete;
    SessionGuard& operator=(const SessionGuard&) = delete;
};

}  // namespace

ModuleInfo Module::describe(bool withCertificates) const {
    CK_FUNCTION_LIST* fn = m_impl->fn;
    ModuleInfo info;
    info.path = m_impl->path;
    CK_INFO ck{};
    checkRv(fn->C_GetInfo(&ck), "reading module information");
    info.description = trimField(ck.libraryDescription, sizeof ck.libraryDescription);
    info.manufacturer = trimField(ck.manufacturerID, sizeof ck.manufacturerID);
    for (const CK_SLOT_ID id : slotList(fn, false)) {
        SlotInfo slot;
        slot.id = id;
        CK_SLOT_INFO si{};
        if (fn->C_GetSlotInfo(id, &si) != CKR_OK) continue;
        slot.description = trimField(si.slotDescription, sizeof si.slotDescription);
        CK_TOKEN_INFO ti{};
        if ((si.flags & CKF_TOKEN_PRESENT) && fn->C_GetTokenInfo(id, &ti) == CKR_OK) {
            slot.token = tokenInfoFrom(ti);
            // An uninitialised token (no user PIN yet) has nothing to list.
            if (withCertificates && (ti.flags & CKF_TOKEN_INITIALIZED)) {
                const SessionGuard session(fn, id);
                slot.certificates = tokenCertificates(fn, session.handle);
            }
        }
        info.slots.push_back(std::move(slot));
    }
    return info;
}

TokenSession Module::openSession(const std::string& tokenLabel) const {
    CK_FUNCTION_LIST* fn = m_impl->fn;
    std::vector<std::pair<CK_SLOT_ID, std::string>> matches;
    std::vector<std::string> labels;
    for (const CK_SLOT_ID id : slotList(fn, true)) {
        CK_TOKEN_INFO ti{};
        if (fn->C_GetTokenInfo(id, &ti) != CKR_OK || !(ti.flags & CKF_TOKEN_INITIALIZED)) continue;
        const std::string label = trimField(ti.label, sizeof ti.label);
        labels.push_back(label);
        if (tokenLabel.empty() || tokenLabel == label) matches.emplace_back(id, label);
    }
    if (matches.empty())
        throw SigningError(SigningError::Code::NoToken,
                           tokenLabel.empty()
                               ? "no token is present in " + m_impl->path
                               : "no token labelled '" + tokenLabel + "' in " + m_impl->path);
    if (matches.size() > 1) {
        std::string list;
        for (const auto& l : labels) list += (list.empty() ? "" : ", ") + l;
        throw SigningError(SigningError::Code::AmbiguousToken,
                           "several tokens are present (" + list + "); choose one by label");
    }
    auto impl = std::make_shared<TokenSession::Impl>();
    impl->module = m_impl;
    impl->slot = matches.front().first;
    checkRv(fn->C_OpenSession(impl->slot, CKF_SERIAL_SESSION, nullptr, nullptr, &impl->handle),
            "opening a session on token '" + matches.front().second + "'");
    return TokenSession(std::move(impl));
}

}  // namespace motcua::signing
