// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// A shared library that is no PKCS#11 module (no C_GetFunctionList): a vendor path that points
// at the wrong file must be refused with a clear error, not crash the desk.
extern "C" __attribute__((visibility("default"))) int motcua_not_a_pkcs11_module() {
    return 42;
}
