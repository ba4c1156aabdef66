// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A PKCS#11 module for the signing tests: it loads a real module (SoftHSM2, or the path in
// $MOTCUA_P11_FAULT_REAL), forwards every call to it, and injects the failures real tokens show
// and SoftHSM2 never does. What to inject is read from the control file named by
// $MOTCUA_P11_FAULT_CONTROL, one `key=value` a line, re-read on every call; when its text
// changes the module's state (signature count, PIN state, removal) starts afresh.
//
//   init_rv=N            C_Initialize answers N (e.g. 0x5, CKR_GENERAL_ERROR)
//   getfunctionlist_rv=N C_GetFunctionList answers N (a module that fails on load)
//   removed=1            no token: C_GetSlotList(TRUE) lists none, C_OpenSession fails
//   sign_ok=N            after N good signatures C_Sign answers sign_rv (default
//                        CKR_DEVICE_REMOVED); a removal code also removes the token, a session
//                        code (CKR_SESSION_HANDLE_INVALID / CKR_SESSION_CLOSED) closes the session
//   sign_delay_ms=N      each C_Sign takes N ms longer (a slow token)
//   pin=count_low|final_try|locked   the user-PIN flags; a wrong PIN moves count_low on,
//                        final_try to locked; locked answers CKR_PIN_LOCKED without asking
//   login_rv=N           C_Login answers N without asking the token
//   pinpad=1, pinpad_pin=P   CKF_PROTECTED_AUTHENTICATION_PATH; a login without a PIN uses P
//                        as if typed on the reader
//   always_auth=1, user_pin=P  private keys have CKA_ALWAYS_AUTHENTICATE: C_Sign needs a
//                        CKU_CONTEXT_SPECIFIC login (checked against P) after each C_SignInit
//   log=PATH             appends the name of each C_Initialize, C_OpenSession, C_Login (with
//                        the user type) and C_Sign call to PATH
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace {

enum class PinState { Ok, CountLow, FinalTry, Locked };

struct Control {
    std::map<std::string, std::string> values;
    bool has(const std::string& key) const { return values.count(key) != 0; }
    std::string get(const std::string& key) const {
        const auto it = values.find(key);
        return it == values.end() ? std::string() : it->second;
    }
    unsigned long number(const std::string& key, unsigned long fallback) const {
        return has(key) ? std::strtoul(get(key).c_str(), nullptr, 0) : fallback;
    }
};

struct State {
    std::mutex mutex;
    std::string controlText = "\x01";  // never a file's text: the first read parses
    Control control;
    unsigned long signatures = 0;
    bool removed = false;
    PinState pin = PinState::Ok;
    std::set<CK_SESSION_HANDLE> needContextLogin;
    bool ownsInitialize = false;
};

State& state() {
    static State s;
    return s;
}

CK_FUNCTION_LIST* g_real = nullptr;
CK_FUNCTION_LIST g_ours;

void reset(State& s) {
    s.signatures = 0;
    s.removed = s.control.get("removed") == "1";
    const std::string pin = s.control.get("pin");
    s.pin = pin == "count_low"   ? PinState::CountLow
            : pin == "final_try" ? PinState::FinalTry
            : pin == "locked"    ? PinState::Locked
                                 : PinState::Ok;
    s.needContextLogin.clear();
}

/// Re-reads the control file; a changed text starts a fresh state. Called with the lock held.
void refresh(State& s) {
    const char* path = std::getenv("MOTCUA_P11_FAULT_CONTROL");
    std::string text;
    if (path && *path) {
        std::ifstream in(path, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (text == s.controlText) return;
    s.controlText = text;
    s.control = Control{};
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) s.control.values[line.substr(0, eq)] = line.substr(eq + 1);
    }
    reset(s);
}

void log(const State& s, const std::string& what) {
    const std::string path = s.control.get("log");
    if (!path.empty()) std::ofstream(path, std::ios::app) << what << "\n";
}

bool isRemoval(CK_RV rv) {
    return rv == CKR_DEVICE_REMOVED || rv == CKR_TOKEN_NOT_PRESENT;
}

/// Ends the real module's signing operation on `session` (C_Sign with a result always ends it).
void endRealSign(CK_SESSION_HANDLE session, CK_BYTE_PTR data, CK_ULONG length) {
    unsigned char scratch[2048];
    CK_ULONG n = sizeof scratch;
    g_real->C_Sign(session, data, length, scratch, &n);
}

using Lock = std::lock_guard<std::mutex>;

CK_RV faultInitialize(void* args) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    log(s, "C_Initialize");
    if (s.control.has("init_rv")) return s.control.number("init_rv", CKR_GENERAL_ERROR);
    reset(s);
    const CK_RV rv = g_real->C_Initialize(args);
    // Another user of the real module in this process initialised it first: share it.
    if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED) return CKR_OK;
    s.ownsInitialize = rv == CKR_OK;
    return rv;
}

CK_RV faultFinalize(void* reserved) {
    State& s = state();
    const Lock lock(s.mutex);
    if (!s.ownsInitialize) return CKR_OK;
    s.ownsInitialize = false;
    return g_real->C_Finalize(reserved);
}

CK_RV faultGetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.removed && tokenPresent) {
        if (!count) return CKR_ARGUMENTS_BAD;
        *count = 0;
        return CKR_OK;
    }
    return g_real->C_GetSlotList(tokenPresent, list, count);
}

CK_RV faultGetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    const CK_RV rv = g_real->C_GetSlotInfo(slot, info);
    if (rv == CKR_OK && s.removed) info->flags &= ~static_cast<CK_FLAGS>(CKF_TOKEN_PRESENT);
    return rv;
}

CK_RV faultGetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.removed) return CKR_TOKEN_NOT_PRESENT;
    const CK_RV rv = g_real->C_GetTokenInfo(slot, info);
    if (rv != CKR_OK) return rv;
    switch (s.pin) {
        case PinState::Ok:
            break;
        case PinState::CountLow:
            info->flags |= CKF_USER_PIN_COUNT_LOW;
            break;
        case PinState::FinalTry:
            info->flags |= CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY;
            break;
        case PinState::Locked:
            info->flags |= CKF_USER_PIN_LOCKED;
            break;
    }
    if (s.control.get("pinpad") == "1") info->flags |= CKF_PROTECTED_AUTHENTICATION_PATH;
    return CKR_OK;
}

CK_RV faultOpenSession(CK_SLOT_ID slot, CK_FLAGS flags, void* app, CK_NOTIFY notify,
                       CK_SESSION_HANDLE_PTR session) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    log(s, "C_OpenSession");
    if (s.removed) return CKR_TOKEN_NOT_PRESENT;
    return g_real->C_OpenSession(slot, flags, app, notify, session);
}

CK_RV faultLogin(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin,
                 CK_ULONG pinLength) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    log(s, std::string("C_Login ") +
               (user == CKU_CONTEXT_SPECIFIC ? "context"
                : user == CKU_SO             ? "so"
                                             : "user") +
               (pin ? "" : " pinpad"));
    if (s.removed) return CKR_DEVICE_REMOVED;
    if (s.control.has("login_rv")) return s.control.number("login_rv", CKR_GENERAL_ERROR);
    if (s.pin == PinState::Locked) return CKR_PIN_LOCKED;
    std::string typed;
    if (pin)
        typed.assign(reinterpret_cast<const char*>(pin), pinLength);
    else if (s.control.get("pinpad") == "1")
        typed = s.control.get("pinpad_pin");
    else
        return CKR_ARGUMENTS_BAD;

    CK_RV rv;
    if (user == CKU_CONTEXT_SPECIFIC && s.control.get("always_auth") == "1") {
        if (!s.needContextLogin.count(session)) return CKR_OPERATION_NOT_INITIALIZED;
        rv = typed == s.control.get("user_pin") ? CKR_OK : CKR_PIN_INCORRECT;
        if (rv == CKR_OK) s.needContextLogin.erase(session);
    } else {
        rv = g_real->C_Login(session, user, reinterpret_cast<CK_UTF8CHAR_PTR>(typed.data()),
                             typed.size());
    }
    if (rv == CKR_PIN_INCORRECT) {
        if (s.pin == PinState::FinalTry) {
            s.pin = PinState::Locked;
        } else if (s.pin == PinState::Ok) {
            s.pin = PinState::CountLow;
        }
    } else if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) {
        s.pin = PinState::Ok;
    }
    return rv;
}

CK_RV faultGetAttributeValue(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
                             CK_ATTRIBUTE_PTR templ, CK_ULONG count) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.removed) return CKR_DEVICE_REMOVED;
    const CK_RV rv = g_real->C_GetAttributeValue(session, object, templ, count);
    if (rv == CKR_OK && s.control.get("always_auth") == "1")
        for (CK_ULONG i = 0; i < count; ++i)
            if (templ[i].type == CKA_ALWAYS_AUTHENTICATE && templ[i].pValue &&
                templ[i].ulValueLen == sizeof(CK_BBOOL))
                *static_cast<CK_BBOOL*>(templ[i].pValue) = CK_TRUE;
    return rv;
}

CK_RV faultFindObjectsInit(CK_SESSION_HANDLE session, CK_ATTRIBUTE_PTR templ, CK_ULONG count) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.removed) return CKR_DEVICE_REMOVED;
    return g_real->C_FindObjectsInit(session, templ, count);
}

CK_RV faultSignInit(CK_SESSION_HANDLE session, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.removed) return CKR_DEVICE_REMOVED;
    const CK_RV rv = g_real->C_SignInit(session, mechanism, key);
    if (rv == CKR_OK && s.control.get("always_auth") == "1") s.needContextLogin.insert(session);
    return rv;
}

CK_RV faultSign(CK_SESSION_HANDLE session, CK_BYTE_PTR data, CK_ULONG length, CK_BYTE_PTR signature,
                CK_ULONG_PTR signatureLength) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    log(s, "C_Sign");
    if (s.removed) return CKR_DEVICE_REMOVED;
    if (const unsigned long delay = s.control.number("sign_delay_ms", 0))
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    if (signature && s.needContextLogin.count(session)) {
        s.needContextLogin.erase(session);
        endRealSign(session, data, length);
        return CKR_USER_NOT_LOGGED_IN;
    }
    if (signature && s.control.has("sign_ok") && s.signatures >= s.control.number("sign_ok", 0)) {
        const CK_RV rv = s.control.number("sign_rv", CKR_DEVICE_REMOVED);
        endRealSign(session, data, length);
        CK_SESSION_INFO info{};
        if (isRemoval(rv)) {
            s.removed = true;
            if (g_real->C_GetSessionInfo(session, &info) == CKR_OK)
                g_real->C_CloseAllSessions(info.slotID);
        } else if (rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED) {
            g_real->C_CloseSession(session);  // the token dropped it: later calls find no session
        }
        return rv;
    }
    const CK_RV rv = g_real->C_Sign(session, data, length, signature, signatureLength);
    if (rv == CKR_OK && signature) ++s.signatures;
    return rv;
}

CK_RV loadReal() {
    if (g_real) return CKR_OK;
    const char* path = std::getenv("MOTCUA_P11_FAULT_REAL");
    void* lib =
        ::dlopen(path && *path ? path : "/usr/lib/softhsm/libsofthsm2.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return CKR_GENERAL_ERROR;
    auto get = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(lib, "C_GetFunctionList"));
    CK_FUNCTION_LIST* real = nullptr;
    if (!get || get(&real) != CKR_OK || !real) return CKR_GENERAL_ERROR;
    g_real = real;
    g_ours = *real;
    g_ours.C_GetFunctionList = C_GetFunctionList;
    g_ours.C_Initialize = faultInitialize;
    g_ours.C_Finalize = faultFinalize;
    g_ours.C_GetSlotList = faultGetSlotList;
    g_ours.C_GetSlotInfo = faultGetSlotInfo;
    g_ours.C_GetTokenInfo = faultGetTokenInfo;
    g_ours.C_OpenSession = faultOpenSession;
    g_ours.C_Login = faultLogin;
    g_ours.C_GetAttributeValue = faultGetAttributeValue;
    g_ours.C_FindObjectsInit = faultFindObjectsInit;
    g_ours.C_SignInit = faultSignInit;
    g_ours.C_Sign = faultSign;
    return CKR_OK;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) CK_RV C_GetFunctionList(
    CK_FUNCTION_LIST_PTR_PTR list) {
    State& s = state();
    const Lock lock(s.mutex);
    refresh(s);
    if (s.control.has("getfunctionlist_rv"))
        return s.control.number("getfunctionlist_rv", CKR_GENERAL_ERROR);
    if (!list) return CKR_ARGUMENTS_BAD;
    const CK_RV rv = loadReal();
    if (rv != CKR_OK) return rv;
    *list = &g_ours;
    return CKR_OK;
}
