// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// The fault-injecting PKCS#11 module (fault_module/p11_fault.cpp) over the fixture's SoftHSM2
// tokens, driven through its control file; child processes (`motcua`) inherit the setting.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

#include "pades_helpers.h"
#include "signing_fixture.h"

namespace motcua::test {

inline constexpr const char* kFaultModule = MOTCUA_P11_FAULT_MODULE;
inline constexpr const char* kNotAModule = MOTCUA_P11_NOT_A_MODULE;

/// Owns the control file while alive; set() changes what the module does from its next call
/// (and starts its state afresh: signature count, PIN state, removal).
class FaultControl {
public:
    FaultControl() {
        SigningFixture::instance();
        ::setenv("MOTCUA_P11_FAULT_CONTROL", m_dir.file("control").c_str(), 1);
        ::setenv("MOTCUA_P11_FAULT_REAL", kSoftHsmModule, 1);
        set("");
    }
    ~FaultControl() { ::unsetenv("MOTCUA_P11_FAULT_CONTROL"); }
    FaultControl(const FaultControl&) = delete;
    FaultControl& operator=(const FaultControl&) = delete;

    /// `lines` of key=value (see p11_fault.cpp); the call log is always on and starts empty.
    void set(const std::string& lines) {
        clearLog();
        std::ofstream(m_dir.file("control"), std::ios::binary | std::ios::trunc)
            << lines << "\nlog=" << logPath() << "\n";
    }
    std::string logPath() const { return m_dir.file("calls.log"); }
    /// How many calls since set() the module logged as `call` (e.g. "C_Login user").
    int calls(const std::string& call) const {
        std::ifstream in(logPath());
        int n = 0;
        for (std::string line; std::getline(in, line);) n += line == call;
        return n;
    }
    void clearLog() const { std::ofstream(logPath(), std::ios::trunc); }

private:
    TempDir m_dir;
};

/// A session on the test token through the fault module, logged in.
struct FaultLogin {
    signing::Module module = signing::Module::load(kFaultModule);
    signing::TokenSession session = module.openSession(kTokenLabel);
    FaultLogin() {
        std::string pin = kPin;
        session.login(pin);
    }
};

}  // namespace motcua::test
