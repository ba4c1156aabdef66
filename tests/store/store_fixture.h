// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include "../support/intake_request.h"
#include "../support/store_connection.h"
#include "../support/temp_dir.h"
#include "motcua/core/date_time.h"
#include "motcua/store/store.h"

namespace motcua::test {

/// A ward database in a temporary folder on a fixed clock, initialised with the shipped
/// catalog and calendar.
struct WardFixture {
    TempDir dir;
    FixedClock clock{LocalDateTime::at(
        Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{10}}, 9, 15)};
    store::Store store = open();

    store::Store open() {
        auto s = store::Store::open(dir.file("ward.db"), true, clock);
        if (!s.settings().isInitialized())
            s.settings().initialize(
                {"000.00.15.H30", "UBND phường Bồ Đề", 2, "Trần Thị Bình", "Hà Nội", ""},
                readResource("catalog/procedures.json"), readResource("calendar/vn-days-off.json"));
        return s;
    }

    std::int64_t count(const std::string& sql) {
        store::Statement st(connectionOf(store), sql);
        st.step();
        return st.getInt(0);
    }

    /// An applicant as the intake form takes one: the CCCD, the birth date it agrees with, the
    /// gender, the address.
    static Applicant applicant(std::string name = "Nguyễn Văn Đức") {
        Applicant a = applicantNamed(std::move(name));
        a.dateOfBirth = Date{std::chrono::year{1999}, std::chrono::month{1}, std::chrono::day{1}};
        a.gender = Gender::Male;
        a.address = "Số 1 phố Ngọc Lâm, Thành phố Hà Nội";
        return a;
    }

    Dossier intake(std::string procedure = "2.000815", std::string name = "Nguyễn Văn Đức") {
        return store.dossiers().intake(
            intakeRequest(std::move(procedure), applicant(std::move(name))));
    }
};

}  // namespace motcua::test
