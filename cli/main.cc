// gazette: the archive's command line (CONTRACT §2). Parses arguments into option structs,
// calls the libraries, and is the only place that chooses exit codes:
//   0 success, 1 failure, 2 usage error, 3 archive locked by another writer.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/export_json.h"
#include "gazette/ocr/engine.h"
#include "gazette/pipeline/bag.h"
#include "gazette/pipeline/correct.h"
#include "gazette/pipeline/gaps.h"
#include "gazette/pipeline/ingest.h"
#include "gazette/pipeline/ocr_worker.h"
#include "gazette/pipeline/verify.h"
#include "gazette/viewer/library.h"
#include "gazette/viewer/server.h"

namespace {

constexpr const char* kUsage = R"(usage: gazette [--archive DIR] COMMAND [ARGS]

commands:
  ingest SOURCE... [--jobs N] [--lang L] [--shard NAME] [--report FILE.json]
         [--worker-memory MIB] [--page-timeout SECONDS]
                                            OCR, structure, store and index (resumable); a
                                            BagIt bag is checked against its manifest; new
                                            issues go to index shard NAME (default main); the
                                            end-of-batch report goes to stdout (and FILE.json);
                                            each OCR worker process may use MIB of address
                                            space (default 4096, 0 = no limit) and SECONDS
                                            per page (default 600, 0 = no limit)
  serve [--listen HOST:PORT] [--shards LIST]
                                            the reader (default 127.0.0.1:8080)
  search QUERY [--as-of DATE] [--status S] [--sort relevance|newest|oldest] [--shards LIST] [--json]
  export documents|pages [--as-of DATE]     JSON lines
  export bag ISSUE_OR_DOCUMENT [--as-of DATE] [--out DIR]
                                            a BagIt bag: scans, text, ALTO, records, events
  correct DOCUMENT FIELD=VALUE... --note WHY [--by NAME]
                                            correct a document's title, number, authority,
                                            kind, signed, effective or expires (none clears);
                                            logged as a correction by NAME (default $USER),
                                            kept when the issue is structured again, and
                                            carried into the index and every status it moves
  reindex                                   rebuild the index from the catalogue
  report gaps [--json]                      numbers missing from 文号 sequences, acts referred to but absent
  verify [--json]                           fixity audit of everything kept (exit 1 if
                                            anything changed, went missing or is untracked)
  log [--issue ID | --document ID] [--json] the event log, oldest first

The archive is --archive DIR, else $GAZETTE_ARCHIVE, else ./archive.
--shards LIST searches these index shards as one (default: all of the archive's own):
  NAME or local:NAME (archive/index for main, else archive/shards/NAME), dir:PATH (any
  Xapian database folder), tcp://HOST:PORT (a shard served by xapian-tcpsrv); comma-separated.
A query the parser rejects is a usage error (exit 2).
)";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value, or "" for flags
};

const std::map<std::string, bool> kOptionTakesValue = {
    {"archive", true},      {"jobs", true},     {"lang", true},  {"listen", true},
    {"as-of", true},        {"status", true},   {"json", false}, {"help", false},
    {"issue", true},        {"document", true}, {"out", true},   {"report", true},
    {"shard", true},        {"shards", true},   {"sort", true},  {"worker-memory", true},
    {"page-timeout", true}, {"note", true},     {"by", true}};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("--")) {
      std::string name = arg.substr(2), value;
      if (const auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      const auto it = kOptionTakesValue.find(name);
      if (it == kOptionTakesValue.end()) throw UsageError("unknown option --" + name);
      if (it->second && value.empty()) {
        if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
        value = argv[++i];
      }
      a.options[name] = value;
    } else if (a.command.empty()) {
      a.command = arg;
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

std::string option(const Args& a, const std::string& name, const std::string& fallback = "") {
  const auto it = a.options.find(name);
  return it == a.options.end() ? fallback : it->second;
}

int to_int(const std::string& s, const std::string& what) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(s, &used);
    if (used != s.size() || v < 0) throw UsageError(what + " must be a non-negative number");
    return v;
  } catch (const std::logic_error&) {
    throw UsageError(what + " must be a non-negative number");
  }
}

std::string as_of_option(const Args& a) {
  const std::string d = option(a, "as-of");
  if (d.empty()) return gazette::today_iso();
  if (!gazette::parse_date(d)) throw UsageError("--as-of must be a date YYYY-MM-DD");
  return *gazette::parse_date(d);
}

std::filesystem::path archive_of(const Args& a) {
  const std::string dir = option(a, "archive");
  return dir.empty() ? gazette::default_archive_root() : std::filesystem::path(dir);
}

// --shards LIST, or empty for the archive's own shards.
std::vector<gazette::index::ShardLocation> shards_option(const Args& a) {
  if (!a.options.count("shards")) return {};
  try {
    return gazette::index::parse_shard_list(option(a, "shards"),
                                            gazette::ArchiveLayout(archive_of(a)));
  } catch (const gazette::InvalidInput& e) {
    throw UsageError(std::string("--shards: ") + e.what());
  }
}

int cmd_ingest(const Args& a) {
  if (a.positional.empty()) throw UsageError("ingest needs at least one SOURCE");
  gazette::pipeline::IngestOptions o;
  o.archive = archive_of(a);
  o.jobs = option(a, "jobs").empty() ? 0 : to_int(option(a, "jobs"), "--jobs");
  o.lang = option(a, "lang");
  if (!option(a, "worker-memory").empty()) {
    const int mib = to_int(option(a, "worker-memory"), "--worker-memory");
    if (mib < 0) throw UsageError("--worker-memory must be 0 or more MiB");
    o.worker_memory_limit_bytes = static_cast<std::uint64_t>(mib) << 20;
  }
  if (!option(a, "page-timeout").empty()) {
    o.page_timeout_seconds = to_int(option(a, "page-timeout"), "--page-timeout");
    if (o.page_timeout_seconds < 0) throw UsageError("--page-timeout must be 0 or more seconds");
  }
  if (a.options.count("shard")) {
    o.shard = option(a, "shard");
    try {
      gazette::index::check_shard_name(o.shard);
    } catch (const gazette::InvalidInput& e) {
      throw UsageError(std::string("--shard: ") + e.what());
    }
  }
  o.log = &std::cerr;
  o.progress_on_terminal = isatty(STDERR_FILENO) != 0;
  std::vector<std::filesystem::path> sources(a.positional.begin(), a.positional.end());
  const std::string report_file = option(a, "report");
  const auto report = gazette::pipeline::ingest(sources, o);
  std::cout << report.text();
  if (!report_file.empty()) {
    std::ofstream out(report_file, std::ios::trunc);
    out << report.json() << "\n";
    out.close();
    if (!out) throw gazette::IoError("cannot write the report to " + report_file);
  }
  return 0;
}

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
  g_stop = 1;
}

int cmd_serve(const Args& a) {
  gazette::viewer::ServerOptions o;
  o.archive = archive_of(a);
  o.shards = shards_option(a);
  const std::string listen = option(a, "listen", "127.0.0.1:8080");
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen must be HOST:PORT");
  o.host = listen.substr(0, colon);
  const int port = to_int(listen.substr(colon + 1), "port");
  if (port > 65535) throw UsageError("port must be at most 65535");
  o.port = static_cast<std::uint16_t>(port);
  gazette::viewer::Server server(o);
  server.start();
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "Gazette Archive reader: http://" << o.host << ":" << server.port() << "/"
            << std::endl;
  while (!g_stop) pause();
  server.stop();
  return 0;
}

int cmd_search(const Args& a) {
  if (a.positional.empty()) throw UsageError("search needs a QUERY");
  gazette::index::SearchRequest r;
  for (const auto& p : a.positional) r.query += (r.query.empty() ? "" : " ") + p;
  r.as_of = as_of_option(a);
  if (const auto s = option(a, "status"); !s.empty()) {
    r.status = gazette::validity_code_from_string(s);
    if (!r.status) throw UsageError("unknown --status " + s);
  }
  if (const auto s = option(a, "sort"); !s.empty()) {
    const auto order = gazette::index::sort_order_from_string(s);
    if (!order) throw UsageError("--sort must be relevance, newest or oldest");
    r.sort = *order;
  }
  r.limit = 50;
  const gazette::viewer::Library lib(archive_of(a), shards_option(a));
  gazette::viewer::ResultPage results;
  try {
    results = lib.search(r);
  } catch (const gazette::InvalidInput& e) {
    throw UsageError(e.what());  // the query itself is what the user has to change
  }
  const bool json = a.options.count("json") > 0;
  for (const auto& item : results.items) {
    if (json) {
      gazette::JsonWriter w;
      w.begin_object();
      gazette::write_document_fields(w, item.doc, item.status, false);
      w.key("score").value(item.score).key("snippet").value(item.snippet_html);
      w.key("hit_page").value(item.hit_page);
      w.end_object();
      std::cout << w.str() << "\n";
    } else {
      std::cout << item.doc.id << "  "
                << (item.status ? std::string(gazette::label(item.status->code)) : "—") << "  "
                << item.doc.title << "  " << item.doc.number << "\n";
    }
  }
  // Only the page is fetched, so a large total is Xapian's estimate.
  if (!json) std::cout << (results.total_exact ? "" : "about ") << results.total << " results\n";
  return 0;
}

int cmd_export_bag(const Args& a) {
  if (a.positional.size() != 2) throw UsageError("export bag needs one ISSUE_OR_DOCUMENT id");
  gazette::pipeline::BagExportOptions o;
  o.archive = archive_of(a);
  o.target = a.positional[1];
  o.as_of = as_of_option(a);
  o.out = option(a, "out", "bag-" + o.target);
  const auto r = gazette::pipeline::export_bag(o);
  std::cout << r.bag.string() << ": " << r.kind << " bag, " << r.payload_files << " files, "
            << r.payload_bytes << " bytes\n";
  return 0;
}

int cmd_export(const Args& a) {
  if (!a.positional.empty() && a.positional[0] == "bag") return cmd_export_bag(a);
  if (a.positional.size() != 1) throw UsageError("export needs documents, pages or bag");
  const gazette::viewer::Library lib(archive_of(a));
  if (a.positional[0] == "documents") {
    for (const auto& [doc, status] : lib.all_documents(as_of_option(a)))
      std::cout << gazette::document_json(doc, status, true) << "\n";
  } else if (a.positional[0] == "pages") {
    for (const auto& page : lib.all_pages()) std::cout << gazette::page_json(page) << "\n";
  } else {
    throw UsageError("export: unknown shape " + a.positional[0] + " (documents or pages)");
  }
  return 0;
}

int cmd_correct(const Args& a) {
  if (a.positional.size() < 2) throw UsageError("correct needs a DOCUMENT id and FIELD=VALUE");
  gazette::pipeline::CorrectionOptions o;
  o.archive = archive_of(a);
  o.document_id = a.positional[0];
  try {
    for (std::size_t i = 1; i < a.positional.size(); ++i)
      o.values.push_back(gazette::pipeline::parse_field_value(a.positional[i]));
  } catch (const gazette::InvalidInput& e) {
    throw UsageError(std::string("correct: ") + e.what());
  }
  o.note = option(a, "note");
  if (o.note.empty()) throw UsageError("correct needs --note saying why (the evidence)");
  const char* user = std::getenv("USER");
  o.person = option(a, "by", user ? user : "");
  if (o.person.empty()) throw UsageError("correct needs --by NAME (or $USER)");
  const auto r = gazette::pipeline::correct_document(o);
  if (r.recorded.empty()) std::cout << o.document_id << ": nothing to change\n";
  for (const auto& c : r.recorded)
    std::cout << o.document_id << ": " << c.field << " " << c.old_value.value_or("(none)") << " -> "
              << c.new_value.value_or("(none)") << "\n";
  for (const auto& e : r.status_changes) std::cout << e.target << ": " << e.detail << "\n";
  std::cout << r.documents_indexed << " documents indexed again\n";
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  return 0;
}

int cmd_verify(const Args& a) {
  const auto report = gazette::pipeline::verify(archive_of(a));
  std::cout << (a.options.count("json") ? report.json() + "\n" : report.text());
  if (report.ok()) return 0;
  std::cerr << "gazette: " << report.summary() << "\n";
  return 1;
}

int cmd_log(const Args& a) {
  if (!a.positional.empty()) throw UsageError("log takes no arguments besides its options");
  gazette::EventQuery q;
  if (const auto id = option(a, "issue"); !id.empty()) q.issue_id = id;
  if (const auto id = option(a, "document"); !id.empty()) q.document_id = id;
  if (q.issue_id && q.document_id) throw UsageError("log: give --issue or --document, not both");
  const gazette::ArchiveLayout layout(archive_of(a));
  const gazette::Catalog catalog(layout.catalog(), gazette::CatalogOptions{.read_only = true});
  const bool json = a.options.count("json") > 0;
  for (const auto& e : catalog.event_log(q)) {
    if (json) {
      gazette::JsonWriter w;
      w.begin_object().key("id").value(e.id).key("time").value(e.time).key("type").value(e.type);
      w.key("target").value(e.target).key("agent").value(e.agent).key("outcome").value(e.outcome);
      w.key("detail").value(e.detail).end_object();
      std::cout << w.str() << "\n";
    } else {
      std::cout << e.time << "  " << e.type << "  " << e.outcome << "  " << e.target << "  "
                << e.detail << "\n";
    }
  }
  return 0;
}

int cmd_report(const Args& a) {
  if (a.positional.size() != 1 || a.positional[0] != "gaps") throw UsageError("report needs gaps");
  const gazette::ArchiveLayout layout(archive_of(a));
  const gazette::Catalog catalog(layout.catalog(), gazette::CatalogOptions{.read_only = true});
  const auto report = gazette::pipeline::find_gaps(catalog);
  if (a.options.count("json"))
    std::cout << gazette::pipeline::gap_report_json(report) << "\n";
  else
    std::cout << gazette::pipeline::gap_report_text(report);
  return 0;
}

int run(int argc, char** argv) {
  const Args a = parse_args(argc, argv);
  if (a.options.count("help") || a.command.empty() || a.command == "help") {
    std::cout << kUsage;
    return a.command.empty() && !a.options.count("help") ? 2 : 0;
  }
  if (a.command == "ingest") return cmd_ingest(a);
  if (a.command == "serve") return cmd_serve(a);
  if (a.command == "search") return cmd_search(a);
  if (a.command == "export") return cmd_export(a);
  if (a.command == "report") return cmd_report(a);
  if (a.command == "correct") return cmd_correct(a);
  if (a.command == "reindex") {
    gazette::pipeline::reindex(archive_of(a));
    return 0;
  }
  if (a.command == "verify") return cmd_verify(a);
  if (a.command == "log") return cmd_log(a);
  throw UsageError("unknown command " + a.command);
}

}  // namespace

int main(int argc, char** argv) {
  if (const auto warning = gazette::ocr::ensure_single_threaded_openmp(argv); !warning.empty())
    std::cerr << "gazette: warning: " << warning << "\n";
  // Hidden: the OCR worker processes that `ingest` starts from this same binary.
  if (argc == 2 && std::string(argv[1]) == gazette::pipeline::kOcrWorkerCommand)
    return gazette::pipeline::run_ocr_worker();
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "gazette: " << e.what() << " (see gazette --help)\n";
    return 2;
  } catch (const gazette::LockError& e) {
    std::cerr << "gazette: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "gazette: " << e.what() << "\n";
    return 1;
  }
}
