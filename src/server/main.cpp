// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: MotCua Desk developers
// motcua-server: the reference city backend.
//   motcua-server --db DB --listen HOST:PORT --tls-cert FILE --tls-key FILE [--blob-dir DIR]
//                 [--trust FILE]... [--crl FILE]... [--config FILE] ...
//   motcua-server user add --db DB --username U --full-name N --role R --ward CODE --password-stdin
//                 [--cert FILE]
//   motcua-server user disable|enable --db DB --username U
//   motcua-server stats --db DB [--json]
//   motcua-server catalog import --db DB FILE | calendar import --db DB FILE
//   motcua-server ward set WARD --db DB --decision-allowance 1d|8h
//   motcua-server notices --db DB [--all] [--json]
// With --smtp HOST:PORT [--smtp-from A] [--smtp-starttls [--smtp-ca FILE]] the decisions'
// notices are e-mailed to applicants who gave an address.
// DB is an SQLite file or postgresql://user@host:port/dbname (postgres:// too).
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "motcua/core/role.h"
#include "motcua/core/version.h"
#include "motcua/files/files.h"
#include "motcua/server/https_server.h"
#include "motcua/server/notice_mailer.h"
#include "motcua/server/server_store.h"
#include "motcua/signing/certificate.h"
#include "motcua/signing/signing_error.h"

namespace {

using motcua::server::ServerError;
using motcua::server::ServerStore;

constexpr int kExitUsage = 64;  // sysexits EX_USAGE, as Poco's Application uses

/// `--name value` pairs of a subcommand; flags without a value map to "". Other arguments go to
/// `positional` when given, else are refused.
std::map<std::string, std::string> parseFlags(const std::vector<std::string>& args,
                                              std::size_t from,
                                              const std::vector<std::string>& flagsWithoutValue,
                                              std::vector<std::string>* positional = nullptr) {
    std::map<std::string, std::string> out;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0 && positional) {
            positional->push_back(a);
            continue;
        }
        if (a.rfind("--", 0) != 0)
            throw ServerError(ServerError::Code::InvalidInput, "unexpected argument " + a);
        const std::string name = a.substr(2);
        if (std::find(flagsWithoutValue.begin(), flagsWithoutValue.end(), name) !=
            flagsWithoutValue.end()) {
            out[name] = "";
        } else {
            if (i + 1 >= args.size())
                throw ServerError(ServerError::Code::InvalidInput, a + " needs a value");
            out[name] = args[++i];
        }
    }
    return out;
}

/// "HOST:PORT" with a port from `lowest` to 65535; nothing for anything else.
std::optional<std::pair<std::string, std::uint16_t>> hostPort(const std::string& text, int lowest) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string digits = text.substr(colon + 1);
    int port = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port < lowest || port > 65535)
        return std::nullopt;
    return std::pair{text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

std::string need(const std::map<std::string, std::string>& flags, const std::string& name) {
    const auto it = flags.find(name);
    if (it == flags.end() || it->second.empty())
        throw ServerError(ServerError::Code::InvalidInput, "--" + name + " is required");
    return it->second;
}

/// `user disable|enable --db DB --username U`: a disabled account can neither log in nor use
/// a session it opened before.
int userSwitchCommand(const std::vector<std::string>& args) {
    const auto flags = parseFlags(args, 2, {});
    const bool disable = args[1] == "disable";
    ServerStore store(need(flags, "db"));
    store.setUserDisabled(need(flags, "username"), disable);
    std::cout << (disable ? "disabled user " : "enabled user ") << flags.at("username")
              << (disable ? " (its sessions are ended)\n" : "\n");
    return 0;
}

int userCommand(const std::vector<std::string>& args) {
    if (args.size() >= 2 && (args[1] == "disable" || args[1] == "enable"))
        return userSwitchCommand(args);
    if (args.size() < 2 || args[1] != "add")
        throw ServerError(ServerError::Code::InvalidInput,
                          "usage: motcua-server user add|disable|enable --db DB ...");
    const auto flags = parseFlags(args, 2, {"password-stdin"});
    if (!flags.contains("password-stdin"))
        throw ServerError(ServerError::Code::InvalidInput,
                          "--password-stdin is required (passwords never go on the command line)");
    std::string password;
    std::getline(std::cin, password);
    while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
        password.pop_back();
    std::vector<std::string> certificates;
    if (flags.contains("cert")) {
        try {
            certificates = motcua::signing::readPemCertificates(need(flags, "cert"));
        } catch (const motcua::signing::SigningError& e) {
            throw ServerError(ServerError::Code::InvalidInput, "--cert: " + std::string(e.what()));
        }
        if (certificates.empty())
            throw ServerError(ServerError::Code::InvalidInput,
                              "--cert: no PEM certificate in " + flags.at("cert"));
        certificates.resize(1);  // the signer's own certificate; a chain after it is not the signer
    }
    const std::string role = need(flags, "role");
    // A portal connector submits for every ward: it has none.
    const std::string ward =
        motcua::parseRole(role) == motcua::Role::Portal && !flags.contains("ward")
            ? ""
            : need(flags, "ward");
    ServerStore store(need(flags, "db"));
    const auto user = store.addUser(
        {need(flags, "username"), need(flags, "full-name"), role, ward, password, certificates});
    if (user.isConnector())
        std::cout << "added user " << user.username << " (portal connector, every ward)\n";
    else
        std::cout << "added user " << user.username << " (" << user.role << ", ward " << user.ward
                  << ")\n";
    return 0;
}

/// `ward set WARD --db DB --decision-allowance 1d|8h`: how long the ward has to decide on an
/// online submission, in working days or office hours.
int wardCommand(const std::vector<std::string>& args) {
    std::vector<std::string> wards;
    const auto flags = args.size() >= 2 && args[1] == "set" ? parseFlags(args, 2, {}, &wards)
                                                            : std::map<std::string, std::string>{};
    if (args.size() < 2 || args[1] != "set" || wards.size() != 1)
        throw ServerError(ServerError::Code::InvalidInput,
                          "usage: motcua-server ward set WARD --db DB --decision-allowance 1d|8h");
    ServerStore store(need(flags, "db"));
    store.setDecisionAllowance(wards[0], need(flags, "decision-allowance"));
    std::cout << "ward " << wards[0] << ": decision allowance " << store.decisionAllowance(wards[0])
              << "\n";
    return 0;
}

/// `notices --db DB [--all] [--json]`: the notices not delivered yet (every one with --all).
int noticesCommand(const std::vector<std::string>& args) {
    const auto flags = parseFlags(args, 1, {"json", "all"});
    ServerStore store(need(flags, "db"));
    const auto notices = store.notices(!flags.contains("all"));
    if (flags.contains("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& n : notices)
            out.push_back({{"id", n.id},
                           {"code", n.code},
                           {"kind", n.kind},
                           {"at", n.at},
                           {"form_sha256", n.formSha256},
                           {"email", n.email},
                           {"sent", n.sent},
                           {"attempts", n.attempts},
                           {"last_error", n.lastError}});
        std::cout << out.dump() << '\n';
        return 0;
    }
    for (const auto& n : notices)
        std::cout << n.id << '\t' << n.code << '\t' << n.kind << '\t' << n.at << '\t'
                  << (n.email.empty() ? "(no e-mail: for the portal)" : n.email) << '\t'
                  << (n.sent ? "sent" : "waiting") << '\t' << n.attempts << " attempts"
                  << (n.lastError.empty() ? "" : '\t' + n.lastError) << '\n';
    return 0;
}

/// `catalog import --db DB FILE` / `calendar import --db DB FILE`: a change every ward pulls.
int importCommand(const std::vector<std::string>& args) {
    if (args.size() < 2 || args[1] != "import")
        throw ServerError(ServerError::Code::InvalidInput,
                          "usage: motcua-server " + args[0] + " import --db DB FILE");
    std::vector<std::string> files;
    const auto flags = parseFlags(args, 2, {}, &files);
    if (files.size() != 1)
        throw ServerError(ServerError::Code::InvalidInput,
                          "usage: motcua-server " + args[0] + " import --db DB FILE");
    const std::string text = motcua::files::rethrowAs<ServerError>(
        ServerError::Code::InvalidInput, [&] { return motcua::files::readFile(files[0]); });
    ServerStore store(need(flags, "db"));
    const auto seq = store.importShared(args[0] + ".import", text);
    std::cout << "imported " << files[0] << " as change " << seq << " for every ward\n";
    return 0;
}

int statsCommand(const std::vector<std::string>& args) {
    const auto flags = parseFlags(args, 1, {"json"});
    ServerStore store(need(flags, "db"));
    const auto s = store.stats();
    if (flags.contains("json")) {
        std::cout << nlohmann::json{{"dossiers", s.dossiers},
                                    {"ops_applied", s.opsApplied},
                                    {"duplicates", s.duplicates},
                                    {"rejected", s.rejected},
                                    {"blobs", s.blobs}}
                         .dump()
                  << '\n';
    } else {
        std::cout << "dossiers     " << s.dossiers << "\nops applied  " << s.opsApplied
                  << "\nduplicates   " << s.duplicates << "\nrejected     " << s.rejected
                  << "\nblobs        " << s.blobs << '\n';
    }
    return 0;
}

/// The server's options besides help and version (ServerApplication adds its daemon ones).
struct OptionSpec {
    const char* name;
    const char* help;
    const char* argument = nullptr;  ///< the value's name; null: a flag
    bool repeatable = false;
};
constexpr OptionSpec kOptions[] = {
    {"config", "read options from a properties file (keys motcua.db, ...)", "FILE"},
    {"db", "the server database: an SQLite file or postgresql://user@host:port/dbname", "DB"},
    {"blob-dir",
     "the attachments' folder (default: blobs/ beside an SQLite file; required with PostgreSQL)",
     "DIR"},
    {"trust", "PEM trust anchors for approved results' signatures (repeatable)", "FILE", true},
    {"crl", "CRL (PEM or DER) for approved results' signatures (repeatable)", "FILE", true},
    {"listen", "HOST:PORT to listen on; port 0 picks a free one", "ADDR"},
    {"tls-cert", "PEM certificate (chain) of the server", "FILE"},
    {"tls-key", "PEM private key of the server", "FILE"},
    {"max-threads", "request threads (default 16)", "N"},
    {"max-queued", "connections waiting for a thread (default 64)", "N"},
    {"session-ttl", "seconds a login stays valid (default 43200)", "S"},
    {"request-timeout",
     "seconds a request may take from accept (or the previous response) to its response, handshake "
     "and body included (default 30)",
     "S"},
    {"max-per-peer", "connections one client address may hold (default 8)", "N"},
    {"smtp",
     "HOST:PORT of the relay the decisions' notices are e-mailed through (without it, notices wait "
     "for the portal)",
     "ADDR"},
    {"smtp-from", "the notices' sender address (default motcua@localhost)", "ADDRESS"},
    {"smtp-starttls",
     "upgrade to TLS with STARTTLS; the relay's certificate is verified (required unless the relay "
     "is on this host)"},
    {"smtp-ca", "PEM CA bundle the relay's certificate is verified against (default: the system's)",
     "FILE"},
};

class ServerApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        using Poco::Util::Option;
        options.addOption(Option("help", "h", "show this help"));
        options.addOption(Option("version", "", "print the version and exit"));
        for (const OptionSpec& o : kOptions) {
            Option option(o.name, "", o.help);
            if (o.argument) option.argument(o.argument);
            option.repeatable(o.repeatable);
            options.addOption(option);
        }
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "help") {
            m_help = true;
            stopOptionsProcessing();
        } else if (name == "version") {
            m_version = true;
            stopOptionsProcessing();
        } else if (name == "config") {
            loadConfiguration(value);
        } else if (name == "trust" || name == "crl") {
            // Repeatable: kept as a comma-separated list, the form a config file gives too.
            const std::string key = "motcua." + name;
            const std::string before = config().getString(key, "");
            config().setString(key, before.empty() ? value : before + "," + value);
        } else if (name == "smtp-starttls") {
            config().setString("motcua.smtp-starttls", "true");
        } else if (name != "daemon" && name != "pidfile" && name != "umask") {
            config().setString("motcua." + name, value);
        }
    }

    int main(const ArgVec& args) override {
        if (m_version) {
            std::cout << "motcua-server " << motcua::projectVersion() << "\n";
            return EXIT_OK;
        }
        if (m_help) {
            Poco::Util::HelpFormatter help(options());
            help.setCommand(commandName());
            help.setUsage(
                "--db DB --listen HOST:PORT --tls-cert FILE --tls-key FILE [--blob-dir DIR] "
                "[--trust FILE]... [--crl FILE]...\n"
                "       user add --db DB --username U --full-name N --role "
                "officer|supervisor|admin|portal "
                "[--ward CODE] --password-stdin [--cert FILE]\n"
                "       ward set WARD --db DB --decision-allowance 1d|8h\n"
                "       notices --db DB [--all] [--json]\n"
                "       user disable|enable --db DB --username U\n       stats --db DB [--json]\n"
                "       catalog import --db DB FILE | calendar import --db DB FILE\n"
                "DB: an SQLite file, or postgresql://user@host:port/dbname");
            help.format(std::cout);
            return EXIT_OK;
        }
        if (!args.empty()) {
            std::cerr << "motcua-server: unexpected argument " << args.front() << '\n';
            return EXIT_USAGE;
        }
        try {
            const auto& cfg = config();
            motcua::server::ServerConfig server;
            const std::string db = cfg.getString("motcua.db", "");
            const std::string listen = cfg.getString("motcua.listen", "127.0.0.1:8443");
            server.certFile = cfg.getString("motcua.tls-cert", "");
            server.keyFile = cfg.getString("motcua.tls-key", "");
            if (db.empty() || server.certFile.empty() || server.keyFile.empty()) {
                std::cerr
                    << "motcua-server: --db, --tls-cert and --tls-key are required (see --help)\n";
                return EXIT_USAGE;
            }
            const auto address = hostPort(listen, 0);
            if (!address) {
                std::cerr << "motcua-server: --listen wants HOST:PORT, the port 0 to 65535\n";
                return EXIT_USAGE;
            }
            std::tie(server.host, server.port) = *address;
            server.maxThreads = cfg.getInt("motcua.max-threads", 16);
            server.maxQueued = cfg.getInt("motcua.max-queued", 64);
            server.sessionTtl = std::chrono::seconds(cfg.getInt("motcua.session-ttl", 43200));
            server.requestDeadline = std::chrono::seconds(cfg.getInt("motcua.request-timeout", 30));
            server.maxConnectionsPerPeer = cfg.getInt("motcua.max-per-peer", 8);
            static std::mutex logMutex;
            server.log = [](const std::string& line) {
                std::lock_guard lock(logMutex);
                std::cerr << line << '\n';
            };

            motcua::server::StoreOptions storeOptions;
            storeOptions.db = db;
            storeOptions.blobDir = cfg.getString("motcua.blob-dir", "");
            storeOptions.trustFiles = listOf(cfg.getString("motcua.trust", ""));
            storeOptions.crlFiles = listOf(cfg.getString("motcua.crl", ""));
            storeOptions.poolSize = std::max(2, server.maxThreads);
            // The one clock of the serving process: the store's, which the HTTPS server's login
            // throttle and the mail sender read too.
            storeOptions.clock = std::make_shared<motcua::SystemClock>();
            if (motcua::server::isPostgresTarget(db) && storeOptions.blobDir.empty()) {
                std::cerr
                    << "motcua-server: with a PostgreSQL database, --blob-dir DIR is required "
                       "(attachments stay on the filesystem)\n";
                return EXIT_USAGE;
            }
            ServerStore store(storeOptions);
            std::unique_ptr<motcua::server::NoticeMailer> mailer;
            if (const std::string smtp = cfg.getString("motcua.smtp", ""); !smtp.empty()) {
                motcua::server::MailConfig mail;
                const auto relay = hostPort(smtp, 1);
                if (!relay || relay->first.empty()) {
                    std::cerr << "motcua-server: --smtp wants HOST:PORT, the port 1 to 65535\n";
                    return EXIT_USAGE;
                }
                std::tie(mail.host, mail.port) = *relay;
                mail.from = cfg.getString("motcua.smtp-from", mail.from);
                mail.startTls = cfg.getBool("motcua.smtp-starttls", false);
                // The forms carry citizens' data: in the clear only to a relay on this host.
                const bool local = mail.host == "127.0.0.1" || mail.host == "::1" ||
                                   mail.host == "[::1]" || mail.host == "localhost";
                if (!mail.startTls && !local) {
                    std::cerr << "motcua-server: --smtp " << smtp
                              << " would send citizens' forms in the clear; add --smtp-starttls "
                                 "(only a relay on this host may go without)\n";
                    return EXIT_USAGE;
                }
                mail.caFile = cfg.getString("motcua.smtp-ca", "");
                mail.log = server.log;
                mailer = std::make_unique<motcua::server::NoticeMailer>(store, mail);
                store.setNoticeListener([m = mailer.get()] { m->wake(); });
                mailer->start();
            }
            motcua::server::HttpsServer https(store, server);
            https.start();
            // Tests and scripts read this line to learn the port.
            std::cout << "listening on " << server.host << ":" << https.port() << std::endl;
            waitForTerminationRequest();
            https.stop();
            if (mailer) {
                store.setNoticeListener({});
                mailer->stop();
            }
            server.log(R"({"event":"stopped"})");
            return EXIT_OK;
        } catch (const ServerError& e) {
            std::cerr << "motcua-server: " << e.what() << '\n';
            return e.code() == ServerError::Code::Config ? EXIT_CONFIG : EXIT_SOFTWARE;
        } catch (const Poco::Exception& e) {
            std::cerr << "motcua-server: " << e.displayText() << '\n';
            return EXIT_CONFIG;
        } catch (const std::exception& e) {
            std::cerr << "motcua-server: " << e.what() << '\n';
            return EXIT_SOFTWARE;
        }
    }

private:
    static std::vector<std::string> listOf(const std::string& commaSeparated) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= commaSeparated.size()) {
            const auto end = std::min(commaSeparated.find(',', start), commaSeparated.size());
            std::string item = commaSeparated.substr(start, end - start);
            while (!item.empty() && item.front() == ' ') item.erase(item.begin());
            while (!item.empty() && item.back() == ' ') item.pop_back();
            if (!item.empty()) out.push_back(item);
            start = end + 1;
        }
        return out;
    }

    bool m_help = false;
    bool m_version = false;
};

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "user" || args[0] == "stats" || args[0] == "catalog" ||
                          args[0] == "calendar" || args[0] == "ward" || args[0] == "notices")) {
        try {
            if (args[0] == "catalog" || args[0] == "calendar") return importCommand(args);
            if (args[0] == "ward") return wardCommand(args);
            if (args[0] == "notices") return noticesCommand(args);
            return args[0] == "user" ? userCommand(args) : statsCommand(args);
        } catch (const ServerError& e) {
            std::cerr << "motcua-server: " << e.what() << '\n';
            return e.code() == ServerError::Code::InvalidInput ||
                           e.code() == ServerError::Code::Conflict
                       ? kExitUsage
                       : 1;
        }
    }
    // Block the termination signals before any thread starts, so every thread inherits the mask
    // and waitForTerminationRequest() (sigwait) is the one place SIGTERM arrives: a request
    // thread must never be the one the kernel kills the process through.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ServerApp app;
    return app.run(argc, argv);
}
