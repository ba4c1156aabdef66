// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#pragma once

#include <wx/listctrl.h>
#include <wx/stattext.h>

#include <string>

#include "app_context.h"
#include "token_service.h"
#include "ui_build.h"

namespace motcua::app {

/// The tokens plugged in now, kept current as they are plugged and pulled: each certificate
/// with its holder, issuer and expiry (a warning 30 days ahead), and the token's PIN state.
class TokenDialog : public DeskWindow {
public:
    /// `clock` (the desk's) tells which certificates have expired or soon will; it outlives the
    /// window.
    TokenDialog(wxWindow* parent, TokenService& tokens, const Clock& clock);
    long rowCount() const { return m_list->GetItemCount(); }
    wxString problemsText() const { return m_problems->GetLabel(); }

private:
    void show(const TokenSnapshot& snapshot);
    const Clock& m_clock;
    wxListCtrl* m_list;
    wxStaticText* m_problems;
};

/// Any signed PDF's signatures as `motcua verify` reports them: signer, time, integrity, trust
/// to the ward's configured CA certificates, whether it covers the whole file, revocation.
class VerifyDialog : public DeskWindow {
public:
    VerifyDialog(wxWindow* parent, AppContext& context);
    /// Verifies the file (on the worker) and shows the result.
    void open(const std::string& path);
    long rowCount() const { return m_list->GetItemCount(); }
    wxString verdict() const { return m_verdict->GetLabel(); }

private:
    AppContext& m_context;
    wxListCtrl* m_list;
    wxStaticText* m_verdict;
};

}  // namespace motcua::app
