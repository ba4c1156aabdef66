// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include <catch2/catch.hpp>

#include "motcua/core/dossier.h"

using namespace motcua;

namespace {
const std::string kA(64, 'a'), kB(64, 'b'), kC(64, 'c');
}

TEST_CASE("a dossier is digitised when every submitted document holds its file", "[dossier]") {
    Dossier d;
    CHECK_FALSE(d.isDigitised());  // no documents: nothing to show
    d.documents = {{"Tờ khai", RequiredDocument::Form::Original, 1, {kA}},
                   {"Bản sao CCCD", RequiredDocument::Form::Copy, 1, {}}};
    CHECK_FALSE(d.isDigitised());
    d.documents[1].files = {kB};
    CHECK(d.isDigitised());
}

TEST_CASE("files no document names go to one 'Giấy tờ khác' row", "[dossier]") {
    Dossier d;
    d.documents = {{"Tờ khai", RequiredDocument::Form::Original, 1, {kA}}};
    d.attachments = {{kA, "to-khai.pdf", 10}, {kB, "anh.jpg", 20}};
    CHECK(fileLooseAttachments(d));
    REQUIRE(d.documents.size() == 2);
    CHECK(d.documents[1].name == kOtherDocumentsName);
    CHECK(d.documents[1].form == RequiredDocument::Form::Copy);
    CHECK(d.documents[1].files == std::vector<std::string>{kB});
    // Again: nothing is loose any more. A new loose file joins the same row.
    CHECK_FALSE(fileLooseAttachments(d));
    d.attachments.push_back({kC, "them.pdf", 30});
    CHECK(fileLooseAttachments(d));
    CHECK(d.documents.size() == 2);
    CHECK(d.documents[1].files == std::vector<std::string>{kB, kC});
    CHECK(d.isDigitised());
}
