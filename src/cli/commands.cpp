// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
#include "commands.h"

#include "exit_codes.h"

namespace motcua::cli {

namespace {

/// Prefixes each line of `text` with `first` (its first line) or `rest` (the others).
std::string indented(std::string_view text, std::string_view first, std::string_view rest) {
    std::string out;
    bool firstLine = true;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto line = text.substr(0, end);
        out.append(firstLine ? first : rest).append(line).append("\n");
        firstLine = false;
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return out;
}

}  // namespace

const std::vector<CommandInfo>& commandTable() {
    static const std::vector<CommandInfo> table{
        {"init", cmdInit,
         "init --unit-code CODE --unit-name NAME --desk N [--officer NAME] [--place NAME]\n"
         "     [--office-hours 07:30-11:30,13:30-17:00] [--catalog FILE] [--calendar FILE]"},
        {"catalog", cmdCatalog, "catalog list [--search TEXT] | catalog import FILE"},
        {"intake", cmdIntake,
         "intake --procedure CODE (--qr TEXT | --id CCCD --name NAME --dob YYYY-MM-DD\n"
         "       --gender nam|nu --address TEXT) [--phone P] [--email E] [--attach FILE]...\n"
         "       [--document-file N=FILE]... (the file of checklist document N, from 1;\n"
         "       --attach: a file no document names, kept under \"Giấy tờ khác\")\n"
         "       [--received YYYY-MM-DDTHH:MM] [--copies N] [--pages N] [--sets N]\n"
         "       [--return desk|post|online] [--channel counter|post]\n"
         "       (--channel post: the dossier came by public postal service)"},
        {"list", cmdList,
         "list [--status S] [--search TEXT] [--overdue] [--from DATE] [--to DATE] [--limit N]\n"
         "     [--channel counter|online|post]"},
        {"inbox", cmdInbox,
         "inbox [--json]\n"
         "      (online and postal submissions awaiting acceptance, earliest decision deadline\n"
         "      first, with the working time left)"},
        {"show", cmdShow, "show CODE"},
        {"act", cmdAct,
         "act CODE ACTION [--reason TEXT] [--due YYYY-MM-DDTHH:MM] [--result FILE.pdf]\n"
         "    (ACTION: accept, refuse, forward, request-supplement, supplement-received,\n"
         "    submit-for-approval, approve, send-back, reject, postpone, stop, withdraw,\n"
         "    result-ready, return-result; a submission is accepted, sent back with\n"
         "    request-supplement --reason or refused --reason, and its form 01, 02 or 03 is\n"
         "    written under documents/ beside the database, its path printed)"},
        {"edit", cmdEdit,
         "edit CODE [--name N] [--id CCCD] [--dob D] [--gender nam|nu] [--address A] [--phone P]\n"
         "     [--email E]"},
        {"due-date", cmdDueDate, "due-date --procedure CODE --received YYYY-MM-DDTHH:MM"},
        {"print", cmdPrint,
         "print CODE --form receipt|supplement|rejection|apology|stop|control --out FILE.pdf\n"
         "      [--reason TEXT] [--sheets whole|halves]"},
        {"register", cmdRegister,
         "register --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx|FILE.csv"},
        {"account", cmdAccount,
         "account add --name NAME (--password-stdin | --password-env VAR) | account list"},
        {"outbox", cmdOutbox, "outbox [--unresolved] [--limit N]"},
        {"audit", cmdAudit,
         "audit verify\n"
         "      (SQLite's integrity check, then the audit log's hash chain)"},
        {"demo", cmdDemo, "demo --dossiers N [--months M] [--seed S] [--quiet]"},
        {"token", cmdToken, "token list [--module PATH]... [--no-registered]"},
        {"sign", cmdSign,
         "sign IN.pdf... (--out OUT.pdf | --out-dir DIR) [--module PATH]... [--token LABEL] "
         "[--key-id HEX]\n"
         "     (--pin-stdin | --pin-env VAR | --pin-pad) [--reason T] [--location T] [--page N]\n"
         "     [--visible PAGE:X,Y,W,H | --visible top-right[:W,H]] [--signature-image PNG]\n"
         "     [--seal-image PNG [--seal-diameter-mm MM]] [--title T] [--document-number T]\n"
         "     [--ca CA.pem]...  (CA certificates besides the token's, to embed the signer's "
         "chain)\n"
         "     (Ctrl+C stops after the current document: exit 130, with what was and was not "
         "signed)"},
        {"sign-cms", cmdSignCms,
         "sign-cms FILE --out FILE.p7s [--module PATH]... [--token LABEL] [--key-id HEX]\n"
         "         (--pin-stdin | --pin-env VAR | --pin-pad) [--ca CA.pem]..."},
        {"verify", cmdVerify,
         "verify FILE.pdf [--trust CA.pem]... [--crl FILE]...\n"
         "       (exit 0: every signature intact and trusted, else 2; a stale CRL: revocation "
         "unknown)"},
        {"timestamp", cmdTimestamp,
         "timestamp IN.pdf --tsa URL [--ca FILE] [--timeout SEC] --out OUT.pdf\n"
         "          (a PAdES B-T document timestamp; exit 6: TSA unreachable, IN untouched)"},
        {"sync", cmdSync,
         "sync --server URL [--ca FILE] --user U (--password-stdin | --password-env VAR) [--once]\n"
         "     [--interval SEC] [--batch N] [--check-days N] [--tsa URL] | sync status\n"
         "     (--once: one pass; else a worker until SIGINT/SIGTERM; exit 6: server unreachable)"},
        {"scan", cmdScan,
         "scan --list-devices [--json] | scan (--out FILE.pdf | CODE --document N)\n"
         "     [--device NAME] [--resolution DPI] [--mode color|gray] [--source "
         "auto|feeder|flatbed]\n"
         "     [--pages N] (CODE --document N: the scan becomes that document's file)\n"
         "     (a paper document through SANE into one PDF: 200 dpi colour by default, every\n"
         "     page of the feeder when the scanner has one; exit 3: no such scanner)"},
        {"settings", cmdSettings,
         "settings [--server https://HOST:PORT] [--ca FILE] [--tsa URL]\n"
         "         (where the desk syncs, as its settings dialog keeps it; without options,\n"
         "         shows it; an empty value clears it)"},
    };
    return table;
}

const CommandInfo* findCommand(std::string_view name) {
    for (const auto& command : commandTable())
        if (command.name == name) return &command;
    return nullptr;
}

std::string overallHelp() {
    std::string text =
        "usage: motcua [--db PATH] [--json] COMMAND [options]\n"
        "       motcua COMMAND --help    (that command's usage)\n"
        "\n"
        "commands:\n";
    for (const auto& command : commandTable()) text += indented(command.usage, "  ", "  ");
    text += "  --version\n\n";
    text += kExitCodeHelp;
    return text;
}

std::string commandHelp(const CommandInfo& command) {
    return indented(command.usage, "usage: motcua [--db PATH] [--json] ", "       ") +
           "\nexit codes: `motcua --help` lists them\n";
}

}  // namespace motcua::cli
