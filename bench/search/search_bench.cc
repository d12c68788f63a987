// search-bench: the project's Xapian index (index::Writer, index::Searcher) against SQLite FTS5
// with the trigram tokenizer, on the same synthetic documents and the same queries, in one run.
//
//   1. generate N documents (synthetic.h) and index them with index::Writer, in --jobs shards
//      built in parallel, then merged into one database with Xapian's compactor;
//   2. load the same documents into an FTS5 table (fts5_baseline.h);
//   3. run the query mix (numbers in every damaged form, 2–6 character words, phrases, status
//      and as-of filters, facets) on both, one query at a time, and report p50/p95/p99 per
//      class, the FTS5/Xapian ratio, and whether each number lookup put its act first.
//
// The report is JSON (--report) and a Markdown summary on standard output.
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fts5_baseline.h"
#include "gazette/error.h"
#include "gazette/index/merge.h"
#include "gazette/index/searcher.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"
#include "gazette/json.h"
#include "synthetic.h"

namespace fs = std::filesystem;
using namespace gazette;
using namespace gazette::searchbench;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// User + system CPU seconds of this process so far. The machine is shared, so wall-clock
// rates depend on the load; CPU time per document does not.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

struct Options {
  std::uint64_t docs = 20000;
  int queries = 1000;
  int jobs = 2;
  // Each job starts a new database every N documents. Xapian's commits rewrite every B-tree
  // block the pending changes touch, so smaller databases commit faster; 5,000 gained nothing
  // more at 50,000 documents and gives the merge twice the inputs.
  std::uint64_t shard_docs = 10000;
  // The shards are built aside and merged (the merge is flushed to disk), as reindex builds:
  // their own commits need not be (--durable-shards to time them flushed).
  index::WriterOptions writer{.commit_every = 50, .durable = false};
  index::MergeOptions merge;  // --no-read-ahead: the compactor reads the shards on its own
  std::uint64_t seed = 1;
  fs::path work = "/tmp/search-bench";
  fs::path texts = GAZETTE_TEXTS_DIR;
  fs::path report;
  fs::path timings;  // one line per timed Xapian query, to see which queries make the tail
  bool baseline = true;
  int baseline_max_per_class = 0;  // 0: every query
  bool keep = false;
  bool compare_dense = false;  // also run the searcher without its dense-term path
  index::SearcherOptions searcher;  // --dense-cache-mb, --dense-share
  bool build_only = false;  // build both indexes, write their figures, keep them, stop
  bool reuse = false;       // use the indexes and figures a --build-only run left in --work
};

void usage() {
  std::cerr << "usage: search-bench [--docs N] [--queries N] [--jobs N] [--shard-docs N]\n"
               "                    [--seed N] [--work DIR] [--texts DIR] [--report FILE]\n"
               "                    [--no-baseline] [--baseline-max-per-class N] [--keep]\n"
               "                    [--build-only | --reuse] [--timings FILE] [--compare-dense]\n"
               "                    [--dense-cache-mb N] [--dense-share X]\n"
               "                    [--commit-every N] [--durable-shards] [--no-read-ahead]\n"
               "Builds the Xapian index and the FTS5 baseline over N synthetic documents under\n"
               "DIR (deleted afterwards unless --keep), runs the query mix on both and reports.\n"
               "--build-only stops after building (keeping DIR and the build figures);\n"
               "--reuse then runs the queries on what it left, with the same --docs and --seed.\n"
               "--timings writes each timed Xapian query (class, ms, filters, text) as TSV.\n"
               "--compare-dense first runs the queries on a searcher without the dense-term path\n"
               "(SearcherOptions::dense_share > 1) and checks both return the same pages.\n";
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw InvalidInput(a + " needs a value");
      return argv[++i];
    };
    if (a == "--docs")
      o.docs = std::stoull(value());
    else if (a == "--queries")
      o.queries = std::stoi(value());
    else if (a == "--jobs")
      o.jobs = std::stoi(value());
    else if (a == "--shard-docs")
      o.shard_docs = std::stoull(value());
    else if (a == "--commit-every")
      o.writer.commit_every = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--durable-shards")
      o.writer.durable = true;
    else if (a == "--no-read-ahead")
      o.merge.read_ahead = false;
    else if (a == "--build-only")
      o.build_only = o.keep = true;
    else if (a == "--reuse")
      o.reuse = true;
    else if (a == "--seed")
      o.seed = std::stoull(value());
    else if (a == "--work")
      o.work = value();
    else if (a == "--texts")
      o.texts = value();
    else if (a == "--report")
      o.report = value();
    else if (a == "--dense-cache-mb")
      o.searcher.dense_cache_bytes = std::stoull(value()) << 20;
    else if (a == "--dense-share")
      o.searcher.dense_share = std::stod(value());
    else if (a == "--compare-dense")
      o.compare_dense = true;
    else if (a == "--timings")
      o.timings = value();
    else if (a == "--no-baseline")
      o.baseline = false;
    else if (a == "--baseline-max-per-class")
      o.baseline_max_per_class = std::stoi(value());
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--help" || a == "-h") {
      usage();
      std::exit(0);
    } else {
      throw InvalidInput("unknown argument " + a);
    }
  }
  if (o.docs == 0 || o.queries < 5 || o.jobs < 1 || o.shard_docs == 0)
    throw InvalidInput("bad --docs, --queries, --jobs or --shard-docs");
  if (o.build_only && o.reuse) throw InvalidInput("--build-only and --reuse exclude each other");
  return o;
}

std::uintmax_t tree_size(const fs::path& p) {
  if (fs::is_regular_file(p)) return fs::file_size(p);
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(p))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

std::string read_first_line(const fs::path& p, const std::string& starting_with = "") {
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(starting_with)) return line;
  return {};
}

// Progress on standard error, at most every 15 s.
class Progress {
 public:
  Progress(std::string what, std::uint64_t total) : what_(std::move(what)), total_(total) {}
  void tick(std::uint64_t n = 1) {
    const auto done = done_ += n;
    std::lock_guard lock(mu_);
    if (seconds_since(last_) < 15 && done != total_) return;
    last_ = Clock::now();
    const double el = seconds_since(start_);
    std::fprintf(stderr, "%s: %llu/%llu (%.0f/s, %.0f s)\n", what_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 static_cast<double>(done) / el, el);
  }

 private:
  std::string what_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mu_;
  Clock::time_point start_ = Clock::now(), last_ = Clock::now();
};

struct BuildFigures {
  double seconds = 0;        // wall clock, generation included
  double shard_seconds = 0;  // Xapian: parallel shard building
  double merge_seconds = 0;  // Xapian: compaction into one database
  double cpu_seconds = 0;    // CPU time of the whole build, every thread
  std::uintmax_t bytes = 0;
  std::size_t databases = 1;  // Xapian: databases built before the merge
  double docs_per_second(std::uint64_t docs) const { return static_cast<double>(docs) / seconds; }
};

// Each of --jobs threads writes every jobs-th document into a sequence of databases of at
// most --shard-docs documents (a Writer's CPU per document grows with the database it
// appends to), then all of them are merged into one with Xapian's compactor.
BuildFigures build_xapian(const Collection& c, const Options& o, const fs::path& dir) {
  BuildFigures f;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  const auto jobs = static_cast<std::uint64_t>(o.jobs);
  const std::uint64_t per_job = (o.docs + jobs - 1) / jobs;
  const std::uint64_t parts =
      std::max<std::uint64_t>(1, (per_job + o.shard_docs - 1) / o.shard_docs);
  std::vector<std::vector<fs::path>> shards(static_cast<std::size_t>(o.jobs));
  for (std::uint64_t s = 0; s < jobs; ++s)
    for (std::uint64_t p = 0; p < parts; ++p)
      shards[s].push_back(o.work / ("xapian-shard-" + std::to_string(s) + "-" + std::to_string(p)));
  Progress progress("xapian", o.docs);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(o.jobs));
  {
    std::vector<std::jthread> workers;
    for (std::uint64_t s = 0; s < jobs; ++s) {
      workers.emplace_back([&, s] {
        try {
          std::uint64_t n = 0;
          std::unique_ptr<index::Writer> writer;
          for (std::uint64_t i = s; i < o.docs; i += jobs, ++n) {
            if (n % o.shard_docs == 0) {
              if (writer) writer->commit();
              writer = std::make_unique<index::Writer>(shards[s][n / o.shard_docs], o.writer);
            }
            writer->put(c.entry(i));
            progress.tick();
          }
          if (writer) writer->commit();
        } catch (...) {
          errors[s] = std::current_exception();
        }
      });
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  f.shard_seconds = seconds_since(start);
  const auto merge_start = Clock::now();
  std::vector<fs::path> built;
  for (const auto& job : shards)
    for (const auto& s : job)
      if (fs::exists(s)) built.push_back(s);
  if (built.size() == 1) {
    fs::rename(built[0], dir);
  } else {
    // A failed merge (a full disk) throws StorageError; the databases built are kept.
    index::merge_databases(built, dir, o.merge);
    for (const auto& s : built) fs::remove_all(s);
  }
  f.merge_seconds = seconds_since(merge_start);
  f.seconds = seconds_since(start);
  f.cpu_seconds = cpu_seconds() - cpu_start;
  f.bytes = tree_size(dir);
  f.databases = built.size();
  return f;
}

BuildFigures build_fts5(const Collection& c, const Options& o, Fts5Baseline& fts,
                        const fs::path& file) {
  BuildFigures f;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  Progress progress("fts5", o.docs);
  for (std::uint64_t i = 0; i < o.docs; ++i) {
    fts.add(i, c.entry(i));
    if ((i + 1) % 10000 == 0) fts.commit();
    progress.tick();
  }
  fts.commit();
  f.seconds = seconds_since(start);
  f.cpu_seconds = cpu_seconds() - cpu_start;
  f.bytes = tree_size(file);
  return f;
}

// Time to generate the documents alone, on one thread, to show what the build times include.
double generation_rate(const Collection& c, std::uint64_t docs) {
  const std::uint64_t n = std::min<std::uint64_t>(docs, 5000);
  const auto start = Clock::now();
  std::size_t chars = 0;
  for (std::uint64_t i = 0; i < n; ++i) chars += c.entry(i).doc.text.size();
  const double s = seconds_since(start);
  return chars > 0 ? static_cast<double>(n) / s : 0;
}

struct Latencies {
  std::vector<double> ms;
  int errors = 0;
  double pct(double q) const {
    if (ms.empty()) return 0;
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
  }
  double mean() const {
    double s = 0;
    for (double x : ms) s += x;
    return ms.empty() ? 0 : s / static_cast<double>(ms.size());
  }
};

struct Rank1 {
  int correct = 0, total = 0;
};

struct EngineRun {
  std::vector<std::pair<const BenchQuery*, double>> timed;  // every timed query, in order
  std::vector<std::vector<std::string>> pages;               // ids of each timed query
  double cpu_seconds = 0;  // CPU time of the timed pass (this process, every thread)
  std::map<std::string, Latencies> by_class;
  Latencies all;
  Rank1 rank1;
  std::map<std::string, Rank1> rank1_by_form;
  std::vector<std::string> first_errors;
};

index::SearchRequest request_of(const BenchQuery& q) {
  index::SearchRequest r;
  r.query = q.text;
  r.as_of = q.as_of;
  r.status = q.status;
  r.year = q.year;
  r.limit = 20;
  // Only the facet class shows facets, so only it counts every match; the others get the
  // page and an estimated total, as `gazette search` and the JSON API with facets=0 do.
  r.facets = q.cls == QueryClass::facet;
  return r;
}

template <class Search>
EngineRun run_queries(const std::vector<BenchQuery>& queries, int max_per_class, const char* name,
                      Search&& search) {
  EngineRun run;
  // Warm-up: the first 20 queries of each class (no more than are timed), untimed, so both
  // engines start with the dictionary and the top of the B-trees in the page cache.
  const int warm_up = max_per_class > 0 ? std::min(20, max_per_class) : 20;
  std::map<QueryClass, int> seen;
  for (const auto& q : queries)
    if (seen[q.cls]++ < warm_up) {
      try {
        search(q);
      } catch (const Error&) {
        // counted in the timed pass below
      }
    }
  seen.clear();
  Progress progress(name, queries.size());
  const double cpu_start = cpu_seconds();
  for (const auto& q : queries) {
    progress.tick();
    if (max_per_class > 0 && seen[q.cls]++ >= max_per_class) continue;
    const std::string cls = to_string(q.cls);
    const auto start = Clock::now();
    std::vector<std::string> ids;
    try {
      ids = search(q);
    } catch (const Error& e) {
      ++run.by_class[cls].errors;
      if (run.first_errors.size() < 5) run.first_errors.push_back(q.text + ": " + e.what());
      continue;
    }
    const double ms = seconds_since(start) * 1000;
    run.by_class[cls].ms.push_back(ms);
    run.all.ms.push_back(ms);
    run.timed.emplace_back(&q, ms);
    run.pages.push_back(ids);
    if (q.cls == QueryClass::number) {
      const bool ok = !ids.empty() && ids.front() == q.expected_id;
      ++run.rank1.total;
      run.rank1.correct += ok;
      auto& f = run.rank1_by_form[q.form];
      ++f.total;
      f.correct += ok;
    }
  }
  run.cpu_seconds = cpu_seconds() - cpu_start;
  return run;
}

void write_latencies(JsonWriter& j, const Latencies& l) {
  j.begin_object();
  j.key("queries").value(static_cast<std::int64_t>(l.ms.size()));
  j.key("errors").value(l.errors);
  j.key("p50_ms").value(l.pct(0.50));
  j.key("p95_ms").value(l.pct(0.95));
  j.key("p99_ms").value(l.pct(0.99));
  j.key("mean_ms").value(l.mean());
  j.end_object();
}

void write_engine(JsonWriter& j, const EngineRun& r) {
  j.begin_object();
  j.key("classes").begin_object();
  for (const auto& [cls, l] : r.by_class) {
    j.key(cls);
    write_latencies(j, l);
  }
  j.end_object();
  j.key("all");
  write_latencies(j, r.all);
  // Wall-clock latencies depend on the machine's load; CPU time per query much less.
  j.key("cpu_seconds").value(r.cpu_seconds);
  j.key("cpu_ms_per_query")
      .value(r.all.ms.empty() ? 0.0 : r.cpu_seconds * 1000 / static_cast<double>(r.all.ms.size()));
  j.key("number_rank1").begin_object();
  j.key("correct").value(r.rank1.correct);
  j.key("total").value(r.rank1.total);
  j.key("by_form").begin_object();
  for (const auto& [form, f] : r.rank1_by_form) {
    j.key(form).begin_object();
    j.key("correct").value(f.correct);
    j.key("total").value(f.total);
    j.end_object();
  }
  j.end_object();
  j.end_object();
  j.key("first_errors").begin_array();
  for (const auto& e : r.first_errors) j.value(e);
  j.end_array();
  j.end_object();
}

void write_build(JsonWriter& j, const BuildFigures& b, std::uint64_t docs) {
  j.begin_object();
  j.key("seconds").value(b.seconds);
  j.key("docs_per_second").value(b.docs_per_second(docs));
  j.key("shard_seconds").value(b.shard_seconds);
  j.key("merge_seconds").value(b.merge_seconds);
  j.key("cpu_seconds").value(b.cpu_seconds);
  j.key("docs_per_cpu_second").value(static_cast<double>(docs) / b.cpu_seconds);
  j.key("bytes").value(static_cast<std::int64_t>(b.bytes));
  j.key("databases_merged").value(static_cast<std::int64_t>(b.databases));
  j.end_object();
}

// How the Xapian shards were built, for the report.
std::string build_settings(const Options& o) {
  return "shard_docs=" + std::to_string(o.shard_docs) +
         " commit_every=" + std::to_string(o.writer.commit_every) +
         " durable_shards=" + (o.writer.durable ? "1" : "0") +
         " merge_read_ahead=" + (o.merge.read_ahead ? "1" : "0");
}

// --build-only leaves the build figures in --work for --reuse: one line per engine.
void save_figures(const fs::path& file, const Options& o, const std::string& load_before,
                  const BuildFigures& xb, const BuildFigures* fb) {
  std::ofstream out(file);
  out.precision(17);
  out << "docs " << o.docs << "\nseed " << o.seed << "\njobs " << o.jobs << "\nload_before "
      << load_before << "\nload_after_build " << read_first_line("/proc/loadavg")
      << "\nsettings " << build_settings(o) << "\n";
  auto line = [&](const char* name, const BuildFigures& b) {
    out << name << " " << b.seconds << " " << b.shard_seconds << " " << b.merge_seconds << " "
        << b.cpu_seconds << " " << b.bytes << " " << b.databases << "\n";
  };
  line("xapian", xb);
  if (fb) line("fts5", *fb);
  if (!out) throw StorageError("cannot write " + file.string());
}

struct SavedFigures {
  BuildFigures xapian, fts5;
  bool has_fts5 = false;
  std::string load_before, load_after_build, settings;
};

SavedFigures load_figures(const fs::path& file, const Options& o) {
  std::ifstream in(file);
  if (!in) throw InvalidInput("--reuse: no " + file.string() + " (run --build-only first)");
  SavedFigures f;
  for (std::string line; std::getline(in, line);) {
    std::istringstream l(line);
    std::string key;
    l >> key;
    std::string rest;
    std::getline(l >> std::ws, rest);
    if (key == "docs" && std::stoull(rest) != o.docs)
      throw InvalidInput("--reuse: the index in --work holds " + rest + " documents");
    if (key == "seed" && std::stoull(rest) != o.seed)
      throw InvalidInput("--reuse: the index in --work was built with seed " + rest);
    if (key == "load_before") f.load_before = rest;
    if (key == "load_after_build") f.load_after_build = rest;
    if (key == "settings") f.settings = rest;
    if (key == "xapian" || key == "fts5") {
      BuildFigures& b = key == "xapian" ? f.xapian : f.fts5;
      std::istringstream r(rest);
      r >> b.seconds >> b.shard_seconds >> b.merge_seconds >> b.cpu_seconds >> b.bytes >>
          b.databases;
      if (key == "fts5") f.has_fts5 = true;
    }
  }
  return f;
}

double ratio(double baseline, double ours) {
  return ours > 0 ? baseline / ours : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    std::string load_before = read_first_line("/proc/loadavg");
    std::string load_after_build;
    if (!o.reuse) {
      fs::remove_all(o.work);
      fs::create_directories(o.work);
    }
    const Collection collection({o.seed, o.texts});

    // Average length, over a sample: the target is about 2,000 characters per document.
    double chars = 0;
    const std::uint64_t sample = std::min<std::uint64_t>(o.docs, 2000);
    for (std::uint64_t i = 0; i < sample; ++i) {
      const auto e = collection.entry(i * (o.docs / sample));
      for (const std::string* s : {&e.doc.title, &e.doc.text})
        chars += static_cast<double>(
            std::count_if(s->begin(), s->end(), [](char c) { return (c & 0xC0) != 0x80; }));
    }
    const double avg_chars = chars / static_cast<double>(sample);
    const double gen_rate = generation_rate(collection, o.docs);
    std::fprintf(stderr,
                 "%llu documents, %.0f characters on average; generation alone %.0f docs/s\n",
                 static_cast<unsigned long long>(o.docs), avg_chars, gen_rate);

    const fs::path xapian_dir = o.work / "xapian";
    const fs::path fts_file = o.work / "fts5.sqlite";
    const fs::path figures_file = o.work / "build-figures.txt";
    std::unique_ptr<Fts5Baseline> fts;
    BuildFigures xb, fb;
    std::string settings = build_settings(o);
    if (o.reuse) {
      const SavedFigures saved = load_figures(figures_file, o);
      xb = saved.xapian;
      fb = saved.fts5;
      load_before = saved.load_before;
      load_after_build = saved.load_after_build;
      settings = saved.settings.empty() ? "unrecorded" : saved.settings;
      if (o.baseline) {
        if (!saved.has_fts5) throw InvalidInput("--reuse: the build in --work has no baseline");
        fts = std::make_unique<Fts5Baseline>(fts_file, true);
      }
    } else {
      xb = build_xapian(collection, o, xapian_dir);
      std::fprintf(stderr, "xapian: %.1f s (%.0f docs/s), %.1f MB\n", xb.seconds,
                   xb.docs_per_second(o.docs), static_cast<double>(xb.bytes) / 1e6);
      if (o.baseline) {
        fts = std::make_unique<Fts5Baseline>(fts_file);
        fb = build_fts5(collection, o, *fts, fts_file);
        std::fprintf(stderr, "fts5: %.1f s (%.0f docs/s), %.1f MB\n", fb.seconds,
                     fb.docs_per_second(o.docs), static_cast<double>(fb.bytes) / 1e6);
      }
      load_after_build = read_first_line("/proc/loadavg");
      if (o.build_only) {
        save_figures(figures_file, o, load_before, xb, fts ? &fb : nullptr);
        std::fprintf(stderr, "built; run again with --reuse to query (kept in %s)\n",
                     o.work.c_str());
        return 0;
      }
    }

    // The dense-terms file is part of the index (gazette ingest and reindex write it too);
    // written here after the build, or once for an index built before it existed.
    const auto dense_start = Clock::now();
    index::DenseTermsOptions dense_terms;
    dense_terms.min_documents = o.searcher.dense_min_documents;
    index::write_dense_terms(xapian_dir, dense_terms);
    const double dense_seconds = seconds_since(dense_start);
    const auto dense_file = xapian_dir / index::kDenseTermsFile;
    const auto dense_bytes = fs::exists(dense_file) ? fs::file_size(dense_file) : 0;
    std::fprintf(stderr, "dense-terms file: %.1f s, %.1f MB\n", dense_seconds,
                 static_cast<double>(dense_bytes) / 1e6);

    const auto queries = make_queries(collection, {o.seed + 6, o.docs, o.queries});
    auto xapian_run = [&](const index::SearcherOptions& options, const char* name) {
      index::Searcher searcher({index::ShardLocation::local(xapian_dir)}, options);
      return run_queries(queries, 0, name, [&](const BenchQuery& q) {
        std::vector<std::string> ids;
        for (const auto& h : searcher.search(request_of(q)).hits) ids.push_back(h.id);
        return ids;
      });
    };
    EngineRun plain;
    int differing_pages = 0;
    if (o.compare_dense) {
      index::SearcherOptions off;
      off.dense_share = 2;
      plain = xapian_run(off, "xapian queries, no dense path");
    }
    const EngineRun xr = xapian_run(o.searcher, "xapian queries");
    if (o.compare_dense)
      for (std::size_t i = 0; i < xr.pages.size() && i < plain.pages.size(); ++i)
        differing_pages += xr.pages[i] != plain.pages[i];
    EngineRun fr;
    if (fts)
      fr = run_queries(queries, o.baseline_max_per_class, "fts5 queries",
                       [&](const BenchQuery& q) { return fts->search(q, 20).ids; });

    // ---- report
    JsonWriter j;
    j.begin_object();
    j.key("documents").value(static_cast<std::int64_t>(o.docs));
    j.key("average_characters").value(avg_chars);
    j.key("seed").value(static_cast<std::int64_t>(o.seed));
    j.key("jobs").value(o.jobs);
    j.key("build_settings").value(settings);
    j.key("queries").value(static_cast<std::int64_t>(queries.size()));
    j.key("machine").begin_object();
    j.key("cores").value(static_cast<std::int64_t>(std::thread::hardware_concurrency()));
    j.key("cpu").value(read_first_line("/proc/cpuinfo", "model name"));
    j.key("memory").value(read_first_line("/proc/meminfo", "MemTotal"));
    j.key("loadavg_before").value(load_before);
    j.key("loadavg_after_build").value(load_after_build);
    j.key("reused_build").value(o.reuse);
    j.key("loadavg_after").value(read_first_line("/proc/loadavg"));
    j.end_object();
    j.key("generation_docs_per_second").value(gen_rate);
    j.key("build").begin_object();
    j.key("xapian");
    write_build(j, xb, o.docs);
    if (fts) {
      j.key("fts5");
      write_build(j, fb, o.docs);
    }
    j.key("xapian_dense_terms").begin_object();
    j.key("seconds").value(dense_seconds);  // 0-ish when it was already current
    j.key("bytes").value(static_cast<std::int64_t>(dense_bytes));
    j.end_object();
    j.end_object();
    j.key("xapian");
    write_engine(j, xr);
    if (o.compare_dense) {
      j.key("xapian_without_dense_path");
      write_engine(j, plain);
      j.key("pages_differing_from_without_dense_path").value(differing_pages);
    }
    if (fts) {
      j.key("fts5");
      write_engine(j, fr);
      j.key("p50_ratio_fts5_over_xapian").begin_object();
      for (const auto& [cls, l] : xr.by_class)
        if (fr.by_class.count(cls))
          j.key(cls).value(ratio(fr.by_class.at(cls).pct(0.5), l.pct(0.5)));
      j.key("all").value(ratio(fr.all.pct(0.5), xr.all.pct(0.5)));
      j.end_object();
    }
    j.end_object();
    if (!o.report.empty()) {
      std::ofstream(o.report) << j.str() << "\n";
    }
    if (!o.timings.empty()) {
      std::ofstream out(o.timings);
      out << "class\tms\tstatus\tas_of\tyear\tquery\n";
      for (const auto& [q, ms] : xr.timed)
        out << to_string(q->cls) << "\t" << ms << "\t" << (q->status ? to_string(*q->status) : "") << "\t"
            << q->as_of << "\t" << (q->year ? std::to_string(*q->year) : "") << "\t" << q->text << "\n";
      if (!out) throw StorageError("cannot write " + o.timings.string());
    }

    std::printf("## search-bench: %llu documents (%.0f characters on average), %zu queries\n\n",
                static_cast<unsigned long long>(o.docs), avg_chars, queries.size());
    std::printf(
        "| build | wall s | docs/s | CPU s | docs per CPU s | size |\n"
        "| --- | --- | --- | --- | --- | --- |\n");
    std::printf(
        "| Xapian (%d jobs, %zu databases %.1f s + merge %.1f s) | %.1f | %.0f | %.1f | %.0f | "
        "%.1f MB |\n",
        o.jobs, xb.databases, xb.shard_seconds, xb.merge_seconds, xb.seconds,
        xb.docs_per_second(o.docs), xb.cpu_seconds, static_cast<double>(o.docs) / xb.cpu_seconds,
        static_cast<double>(xb.bytes) / 1e6);
    std::printf("| Xapian dense-terms file (this run; 0 when already current) | %.1f | | | | %.1f MB |\n",
                dense_seconds, static_cast<double>(dense_bytes) / 1e6);
    if (fts)
      std::printf("| FTS5 trigram (1 thread) | %.1f | %.0f | %.1f | %.0f | %.1f MB |\n", fb.seconds,
                  fb.docs_per_second(o.docs), fb.cpu_seconds,
                  static_cast<double>(o.docs) / fb.cpu_seconds,
                  static_cast<double>(fb.bytes) / 1e6);
    std::printf(
        "\n| class | n | Xapian p50 / p95 / p99 ms | FTS5 n | FTS5 p50 / p95 / p99 ms | p50 ratio "
        "|\n"
        "| --- | --- | --- | --- | --- | --- |\n");
    auto row = [&](const std::string& cls, const Latencies& x, const Latencies* f) {
      std::printf("| %s | %zu | %.2f / %.2f / %.2f |", cls.c_str(), x.ms.size(), x.pct(.5),
                  x.pct(.95), x.pct(.99));
      if (f)
        std::printf(" %zu | %.2f / %.2f / %.2f | %.1f× |\n", f->ms.size(), f->pct(.5), f->pct(.95),
                    f->pct(.99), ratio(f->pct(.5), x.pct(.5)));
      else
        std::printf(" | | |\n");
    };
    for (const auto& [cls, l] : xr.by_class)
      row(cls, l, fts && fr.by_class.count(cls) ? &fr.by_class.at(cls) : nullptr);
    row("all", xr.all, fts ? &fr.all : nullptr);
    if (o.compare_dense) {
      std::printf(
          "\n| class | without the dense path p50 / p95 / p99 ms | with it | p99 ratio |\n"
          "| --- | --- | --- | --- |\n");
      auto compare = [&](const std::string& cls, const Latencies& before, const Latencies& after) {
        std::printf("| %s | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.2f× |\n", cls.c_str(),
                    before.pct(.5), before.pct(.95), before.pct(.99), after.pct(.5),
                    after.pct(.95), after.pct(.99), ratio(before.pct(.99), after.pct(.99)));
      };
      for (const auto& [cls, l] : xr.by_class)
        if (plain.by_class.count(cls)) compare(cls, plain.by_class.at(cls), l);
      compare("all", plain.all, xr.all);
      std::printf("\nCPU per query without the dense path %.2f ms; pages that differ: %d of %zu\n",
                  plain.all.ms.empty() ? 0.0
                                       : plain.cpu_seconds * 1000 /
                                             static_cast<double>(plain.all.ms.size()),
                  differing_pages, xr.pages.size());
    }
    auto cpu_per_query = [](const EngineRun& r) {
      return r.all.ms.empty() ? 0.0 : r.cpu_seconds * 1000 / static_cast<double>(r.all.ms.size());
    };
    std::printf("\nCPU per query (timed pass): Xapian %.2f ms", cpu_per_query(xr));
    if (fts) std::printf(", FTS5 %.2f ms", cpu_per_query(fr));
    std::printf("\n");
    std::printf("\nNumber lookups first at rank 1: Xapian %d/%d", xr.rank1.correct, xr.rank1.total);
    if (fts) std::printf(", FTS5 %d/%d", fr.rank1.correct, fr.rank1.total);
    std::printf("\n");
    for (const auto& [form, f] : xr.rank1_by_form)
      std::printf("  %-22s %d/%d\n", form.c_str(), f.correct, f.total);
    for (const auto& e : xr.first_errors) std::printf("xapian error: %s\n", e.c_str());
    for (const auto& e : fr.first_errors) std::printf("fts5 error: %s\n", e.c_str());

    fts.reset();
    if (!o.keep) fs::remove_all(o.work);
    return 0;
  } catch (const InvalidInput& e) {
    std::cerr << "search-bench: " << e.what() << "\n";
    usage();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "search-bench: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "search-bench: " << e.get_description() << "\n";
    return 1;
  }
}
