// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// Opening the desk's windows as an officer does, for the GUI tests.
#pragma once

#include <catch2/catch.hpp>

#include "detail_dialog.h"
#include "gui_fixture.h"
#include "intake_dialog.h"

namespace motcua::test {

/// What a CCCD's QR code holds, as a scanner types it.
inline const char* kCccdQr =
    "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 phố Ngọc Lâm, phường Bồ Đề, Thành phố "
    "Hà Nội|15042021";

/// F2: the intake window, once its procedures are loaded.
inline app::IntakeDialog* openIntake(app::MainFrame* frame) {
    frame->openIntake();
    app::IntakeDialog* dialog = nullptr;
    REQUIRE(pumpUntil([&] {
        dialog = findWindow<app::IntakeDialog>("intakeDialog");
        return dialog && dialog->isReady();
    }));
    return dialog;
}

/// A dossier's detail window, once it shows the dossier.
inline app::DetailDialog* openDetail(app::MainFrame* frame, const std::string& code) {
    frame->openDossier(code);
    app::DetailDialog* detail = nullptr;
    REQUIRE(pumpUntil([&] {
        detail = findWindow<app::DetailDialog>("detailDialog");
        return detail && detail->isLoaded();
    }));
    return detail;
}

}  // namespace motcua::test
