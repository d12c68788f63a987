// bench/ocr: recognises a generated degraded corpus (every profile, two-column and vertical
// traditional pages) with the project's OCR and with plain `tesseract` (one process per page,
// as many in parallel as workers, OMP_THREAD_LIMIT=1), in the same run, and prints pages per
// minute, CER (whitespace ignored) and peak RSS per worker, per profile and in total.
//
//   ocr-bench [--corpus DIR] [--jobs N] [--limit N] [--rounds N] [--no-baseline] [--no-cleanup]
//             [--lang L] [--details] [--no-columns] [--single-blocks] [--max-dpi DPI]
//             [--set NAME=VALUE]... [--ab]
//
// --rounds N runs both sides N times, alternating which goes first, and reports the ratio of
// every round and their median: the load of a shared machine drifts within minutes, and one
// pair of runs moved the ratio by 20%.
// --ab compares the project's default settings (A) with the settings the other flags give (B)
// in the same workers, page by page and alternately, by the CPU time of each read: the only
// comparison that a busy machine does not blur. No plain tesseract then.
//
// --details also prints, per page, the model chosen, its confidence, both sides' CER and CPU
// seconds, and where the project's CPU time went (clean-up, layout, reads, probes, bands).
//
// Both sides run their workers as separate processes so that peak RSS is per worker.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "gazette/ocr/engine.h"
#include "gazette/ocr/recognizer.h"
#include "gazette/utf8.h"

namespace fs = std::filesystem;

namespace {

struct TruthPage {
  fs::path file;
  std::string text, profile, layout, lang;
};

struct Measured {
  std::string text;
  double seconds = 0;
  double cpu = 0;      // CPU seconds of the page (the worker and what it ran)
  std::string detail;  // model, confidence and stage costs (project side)
};

std::vector<TruthPage> read_truth(const fs::path& corpus) {
  std::ifstream in(corpus / "truth" / "pages.jsonl");
  if (!in) throw std::runtime_error("no truth/pages.jsonl in " + corpus.string());
  std::vector<TruthPage> pages;
  for (std::string line; std::getline(in, line);) {
    Poco::JSON::Parser parser;
    const auto o = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
    TruthPage p;
    p.file = corpus / "scans" / o->getValue<std::string>("source");
    p.text = o->getValue<std::string>("text");
    p.profile = o->getValue<std::string>("profile");
    p.layout = o->getValue<std::string>("layout");
    p.lang = o->has("lang") ? o->getValue<std::string>("lang") : "";
    pages.push_back(std::move(p));
  }
  return pages;
}

// Code points without whitespace, full-width forms folded, so that CER counts characters
// read wrongly rather than spacing or the width of punctuation.
std::u32string comparable(const std::string& s) {
  std::u32string out;
  for (char32_t c : gazette::utf8::decode(s)) {
    c = gazette::utf8::to_halfwidth(c);
    if (!gazette::utf8::is_space(c)) out.push_back(c);
  }
  return out;
}

std::size_t edit_distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs `work(k)` in `jobs` child processes; each writes its results to its own file.
// Returns the wall time, each child's peak RSS in MB and the CPU seconds (user + system) of
// the children and everything they ran (a busy machine stretches wall time, not CPU time).
struct WorkerRun {
  double wall = 0;
  std::vector<double> rss;
  double cpu = 0;
};

// CPU seconds of every reaped descendant: the workers and the tesseract processes they ran.
double children_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

// Pages handed to whichever worker is free, as a batch runner (or `xargs -P`) would: a fixed
// split left one worker idle at the end while the other still read long pages. The indices
// wait in a pipe; reads of 4 bytes from a pipe are atomic, so no two workers take one page.
class PageQueue {
 public:
  explicit PageQueue(std::size_t pages) {
    if (pages * sizeof(std::uint32_t) > 65536)
      throw std::runtime_error("too many pages for the queue");
    if (::pipe(fds_) != 0) throw std::runtime_error("cannot make the page queue");
    for (std::uint32_t i = 0; i < pages; ++i)
      if (::write(fds_[1], &i, sizeof i) != sizeof i) throw std::runtime_error("page queue full");
    ::close(fds_[1]);
  }
  ~PageQueue() { ::close(fds_[0]); }
  PageQueue(const PageQueue&) = delete;
  PageQueue& operator=(const PageQueue&) = delete;

  std::optional<std::size_t> next() {
    std::uint32_t i = 0;
    if (::read(fds_[0], &i, sizeof i) != sizeof i) return std::nullopt;
    return i;
  }

 private:
  int fds_[2] = {-1, -1};
};

template <typename Work>
WorkerRun run_workers(int jobs, Work work) {
  const double start = now();
  const double cpu_before = children_cpu_seconds();
  std::vector<pid_t> pids;
  for (int k = 0; k < jobs; ++k) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      int rc = 0;
      try {
        work(k);
      } catch (const std::exception& e) {
        std::cerr << "worker " << k << ": " << e.what() << "\n";
        rc = 1;
      }
      _exit(rc);
    }
    pids.push_back(pid);
  }
  WorkerRun run;
  for (pid_t pid : pids) {
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("a worker failed");
    run.rss.push_back(usage.ru_maxrss / 1024.0);
  }
  run.wall = now() - start;
  run.cpu = children_cpu_seconds() - cpu_before;
  return run;
}

double self_cpu_seconds() {
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  auto sum = [](const rusage& u) {
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec +
           u.ru_stime.tv_usec / 1e6;
  };
  return sum(self) + sum(children);
}

// One line per page: index, seconds, CPU seconds, then the text and detail as JSON so that
// newlines survive.
void write_result(std::ofstream& out, std::size_t index, const Measured& m) {
  Poco::JSON::Object o;
  o.set("t", m.text);
  o.set("d", m.detail);
  std::ostringstream json;
  o.stringify(json);
  out << index << '\t' << m.seconds << '\t' << m.cpu << '\t' << json.str() << '\n';
}

std::map<std::size_t, Measured> read_results(const std::vector<fs::path>& files) {
  std::map<std::size_t, Measured> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      std::size_t index = 0;
      Measured m;
      fields >> index >> m.seconds >> m.cpu;
      fields.get();
      std::string json;
      std::getline(fields, json);
      Poco::JSON::Parser parser;
      const auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
      m.text = o->getValue<std::string>("t");
      m.detail = o->getValue<std::string>("d");
      out[index] = std::move(m);
    }
  }
  return out;
}

std::string run_tesseract(const fs::path& image) {
  // posix: one `tesseract` process per page, as a user of the CLI would run it.
  const std::string cmd =
      "OMP_THREAD_LIMIT=1 tesseract '" + image.string() + "' stdout -l chi_sim 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run tesseract");
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

struct Summary {
  int pages = 0;
  std::size_t chars = 0, edits = 0;
  double seconds = 0, cpu = 0;
};

// Prints the per-profile table and returns the totals.
Summary print_table(const std::string& name, const std::map<std::string, Summary>& rows, int jobs,
                    double wall, const std::vector<double>& rss) {
  std::printf("\n%s\n%-22s %6s %12s %9s %11s\n", name.c_str(), "profile", "pages", "pages/min",
              "CER", "CPU s/page");
  Summary total;
  for (const auto& [profile, s] : rows) {
    // Per profile: throughput of `jobs` workers at that profile's mean seconds per page.
    std::printf("%-22s %6d %12.1f %8.2f%% %11.2f\n", profile.c_str(), s.pages,
                60.0 * jobs * s.pages / s.seconds,
                100.0 * s.edits / std::max<std::size_t>(1, s.chars), s.cpu / s.pages);
    total.pages += s.pages, total.chars += s.chars, total.edits += s.edits,
        total.seconds += s.seconds;
    total.cpu += s.cpu;
  }
  std::printf("%-22s %6d %12.1f %8.2f%% %11.2f   (wall clock: %.1f pages/min)\n", "total",
              total.pages, 60.0 * jobs * total.pages / total.seconds,
              100.0 * total.edits / std::max<std::size_t>(1, total.chars), total.cpu / total.pages,
              60.0 * total.pages / wall);
  std::printf("peak RSS per worker: %.0f MB (max of %zu)\n",
              *std::max_element(rss.begin(), rss.end()), rss.size());
  return total;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n == 0 ? 0.0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One side's pass over the corpus: its per-page results and totals.
struct SideRun {
  std::map<std::size_t, Measured> pages;
  double wall = 0, cpu = 0;  // seconds, all workers
};

// The project's recogniser as the bench calls it: text and a detail line per page.
auto project_reader(const gazette::ocr::RecognizerOptions& options) {
  auto recognizer = std::make_shared<gazette::ocr::Recognizer>(options);
  return [recognizer](const fs::path& f) {
    const auto r = recognizer->recognize_file(f);
    const auto& c = r.cost;
    char detail[256];
    std::snprintf(detail, sizeof detail,
                  "%-12s v=%.2f r=%d%s conf=%.2f | load %.2f clean %.2f layout %.2f read %.2f "
                  "(%d) probe %.2f (%d) bands %.2f osd %.2f%s",
                  r.model.c_str(), r.vertical_share, r.regions, r.single_block ? "b" : " ",
                  r.result.confidence, c.load, c.cleanup, c.layout, c.read, c.reads, c.probe,
                  c.probes, c.furniture, c.orientation, r.turns != 0 ? " turned" : "");
    return std::pair{r.result.text, std::string(detail)};
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (const auto warning = gazette::ocr::ensure_single_threaded_openmp(argv); !warning.empty())
    std::cerr << "ocr-bench: warning: " << warning << "\n";
  try {
    fs::path corpus;
    int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int rounds = 1;
    std::size_t limit = 0;
    bool baseline = true, details = false, ab = false;
    gazette::ocr::RecognizerOptions options;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--corpus" && i + 1 < argc)
        corpus = argv[++i];
      else if (a == "--jobs" && i + 1 < argc)
        jobs = std::stoi(argv[++i]);
      else if (a == "--limit" && i + 1 < argc)
        limit = std::stoul(argv[++i]);
      else if (a == "--rounds" && i + 1 < argc)
        rounds = std::max(1, std::stoi(argv[++i]));
      else if (a == "--no-baseline")
        baseline = false;
      else if (a == "--details")
        details = true;
      else if (a == "--ab")
        ab = true;
      else if (a == "--no-columns")
        options.split_columns = false;
      else if (a == "--single-blocks")
        options.single_blocks = true;
      else if (a == "--no-cleanup")
        options.cleanup = {false, false, false, false, false, false, false, 300, 0};
      else if (a == "--max-dpi" && i + 1 < argc)
        options.cleanup.max_dpi = std::stoi(argv[++i]);
      else if (a == "--lang" && i + 1 < argc)
        options.languages = argv[++i];
      else if (a == "--set" && i + 1 < argc && std::string_view(argv[i + 1]).find('=') != 0 &&
               std::string_view(argv[i + 1]).find('=') != std::string_view::npos) {
        const std::string kv = argv[++i];
        const auto eq = kv.find('=');
        options.tesseract_variables.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
      } else
        throw std::runtime_error(
            "usage: ocr-bench [--corpus DIR] [--jobs N] [--limit N] [--rounds N] [--no-baseline] "
            "[--no-cleanup] [--lang L] [--details] [--no-columns] [--single-blocks] [--max-dpi "
            "DPI] "
            "[--set NAME=VALUE]... [--ab]");
    }
    if (corpus.empty()) {
      corpus = fs::temp_directory_path() / "gazette-ocr-bench-corpus";
      if (!fs::exists(corpus / "truth" / "pages.jsonl")) {
        const std::string cmd = std::string(GAZETTE_CORPUS_BIN) +
                                " --preset ocr-bench --seed 1 --out '" + corpus.string() + "'";
        if (std::system(cmd.c_str()) != 0) throw std::runtime_error("corpus generation failed");
      }
    }
    auto pages = read_truth(corpus);
    if (limit > 0 && pages.size() > limit) pages.resize(limit);
    std::printf("corpus %s: %zu pages, %d workers\n", corpus.c_str(), pages.size(), jobs);
    const fs::path scratch =
        fs::temp_directory_path() / ("gazette-ocr-bench-" + std::to_string(getpid()));
    fs::create_directories(scratch);

    auto cer_of = [&](std::size_t i, const std::string& text) {
      const auto truth = comparable(pages[i].text);
      return 100.0 * static_cast<double>(edit_distance(truth, comparable(text))) /
             static_cast<double>(std::max<std::size_t>(1, truth.size()));
    };
    // Per-profile table of one side's results; returns the totals.
    auto summarise = [&](const std::string& side, const std::map<std::size_t, Measured>& results,
                         double wall, const std::vector<double>& rss, double cpu) {
      std::map<std::string, Summary> rows;
      for (const auto& [i, m] : results) {
        const auto& p = pages[i];
        const std::string key = p.profile + (p.layout == "horizontal" ? "" : "/" + p.layout);
        auto& s = rows[key];
        const auto truth = comparable(p.text);
        s.pages += 1;
        s.chars += truth.size();
        s.edits += edit_distance(truth, comparable(m.text));
        s.seconds += m.seconds;
        s.cpu += m.cpu;
      }
      const auto total = print_table(side, rows, jobs, wall, rss);
      std::printf("CPU time: %.2f s per page (%.0f s for %zu pages)\n",
                  cpu / static_cast<double>(pages.size()), cpu, pages.size());
      return total;
    };

    // Each worker takes pages from the queue and reads each with every reader `make_readers`
    // gives it, alternating their order page by page; reader r's results go to its own file.
    auto run_readers = [&](const std::string& name, int readers, auto make_readers) {
      std::vector<std::vector<fs::path>> files(static_cast<std::size_t>(readers));
      for (int r = 0; r < readers; ++r)
        for (int k = 0; k < jobs; ++k)
          files[static_cast<std::size_t>(r)].push_back(
              scratch / (name + "-" + std::to_string(r) + "-" + std::to_string(k) + ".tsv"));
      PageQueue queue(pages.size());
      const WorkerRun run = run_workers(jobs, [&](int k) {
        std::vector<std::ofstream> out;
        for (int r = 0; r < readers; ++r)
          out.emplace_back(files[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)]);
        auto read = make_readers();
        for (std::size_t taken = 0; const auto i = queue.next(); ++taken) {
          for (int n = 0; n < readers; ++n) {
            const auto r = static_cast<int>((taken + static_cast<std::size_t>(n)) %
                                            static_cast<std::size_t>(readers));
            const double t0 = now(), cpu0 = self_cpu_seconds();
            Measured m;
            std::tie(m.text, m.detail) = read[static_cast<std::size_t>(r)](pages[*i].file);
            m.seconds = now() - t0;
            m.cpu = self_cpu_seconds() - cpu0;
            write_result(out[static_cast<std::size_t>(r)], *i, m);
          }
        }
      });
      std::vector<std::map<std::size_t, Measured>> results;
      for (const auto& f : files) results.push_back(read_results(f));
      return std::pair{run, results};
    };
    using Reader = std::function<std::pair<std::string, std::string>(const fs::path&)>;

    auto print_details = [&](const std::map<std::size_t, Measured>& ours,
                             const std::map<std::size_t, Measured>& theirs,
                             const std::string& their_name) {
      std::printf("\n%-34s %-22s %8s %8s %6s %6s  %s\n", "page", "profile", "CER",
                  (their_name + " CER").c_str(), "CPU s", (their_name + " s").c_str(),
                  "model, vertical share, confidence | CPU seconds by stage (count)");
      for (const auto& [i, m] : ours) {
        const auto& p = pages[i];
        const auto t = theirs.find(i);
        const bool has = t != theirs.end();
        std::printf("%-34s %-22s %7.1f%% %7.1f%% %6.2f %6.2f  %s\n",
                    fs::relative(p.file, corpus / "scans").c_str(),
                    (p.profile + "/" + p.layout).c_str(), cer_of(i, m.text),
                    has ? cer_of(i, t->second.text) : 0.0, m.cpu, has ? t->second.cpu : 0.0,
                    m.detail.c_str());
      }
    };

    if (ab) {
      const gazette::ocr::RecognizerOptions defaults;
      const auto [run, results] = run_readers("ab", 2, [&] {
        return std::vector<Reader>{project_reader(defaults), project_reader(options)};
      });
      std::printf("(wall clock and peak RSS below are of both readers together)\n");
      auto cpu_of = [](const std::map<std::size_t, Measured>& side) {
        double cpu = 0;
        for (const auto& [i, m] : side) cpu += m.cpu;
        return cpu;
      };
      const auto a =
          summarise("A: the project's defaults", results[0], run.wall, run.rss, cpu_of(results[0]));
      const auto b =
          summarise("B: the settings given", results[1], run.wall, run.rss, cpu_of(results[1]));
      std::printf(
          "\nCPU of the reads: A %.2f s/page, B %.2f s/page: B/A = %.3f; CER A %.2f%%, "
          "B %.2f%%\n",
          a.cpu / a.pages, b.cpu / b.pages, b.cpu / a.cpu,
          100.0 * a.edits / std::max<std::size_t>(1, a.chars),
          100.0 * b.edits / std::max<std::size_t>(1, b.chars));
      if (details) print_details(results[1], results[0], "A");
      fs::remove_all(scratch);
      return 0;
    }

    const std::string our_name =
        "gazette (clean-up + routed Tesseract API, engines loaded once per worker)";
    const std::string their_name = "plain tesseract (chi_sim, one process per page)";
    auto one_side = [&](bool project) {
      const auto [run, results] = run_readers(project ? "ours" : "theirs", 1, [&] {
        if (project) return std::vector<Reader>{project_reader(options)};
        return std::vector<Reader>{[](const fs::path& f) {
          return std::pair{run_tesseract(f), std::string()};
        }};
      });
      return std::pair{run, results[0]};
    };
    struct RoundFigures {
      double ours_ppm = 0, theirs_ppm = 0, ours_cpu = 0, theirs_cpu = 0;
    };
    std::vector<RoundFigures> figures;
    std::map<std::size_t, Measured> first_ours, first_theirs;
    for (int round = 0; round < rounds; ++round) {
      if (rounds > 1) std::printf("\n== round %d of %d ==\n", round + 1, rounds);
      RoundFigures f;
      // Odd rounds run plain tesseract first, so a drifting load favours neither side.
      const bool theirs_first = baseline && round % 2 == 1;
      std::vector<bool> order = {true};
      if (baseline)
        order = theirs_first ? std::vector<bool>{false, true} : std::vector<bool>{true, false};
      for (const bool project : order) {
        const auto [run, results] = one_side(project);
        if (round == 0 || rounds == 1) {
          summarise(project ? our_name : their_name, results, run.wall, run.rss, run.cpu);
        } else {
          std::printf("%s: %.1f pages/min (wall), %.2f CPU s/page\n",
                      project ? "gazette" : "plain tesseract",
                      60.0 * static_cast<double>(pages.size()) / run.wall,
                      run.cpu / static_cast<double>(pages.size()));
        }
        const double ppm = 60.0 * static_cast<double>(pages.size()) / run.wall;
        const double cpu = run.cpu / static_cast<double>(pages.size());
        (project ? f.ours_ppm : f.theirs_ppm) = ppm;
        (project ? f.ours_cpu : f.theirs_cpu) = cpu;
        if (round == 0) (project ? first_ours : first_theirs) = results;
      }
      figures.push_back(f);
    }
    if (baseline) {
      std::printf(
          "\nround  gazette pages/min  tesseract pages/min  gazette CPU s/page  "
          "tesseract CPU s/page  ratio wall  ratio CPU\n");
      std::vector<double> wall_ratios, cpu_ratios;
      for (std::size_t r = 0; r < figures.size(); ++r) {
        const auto& f = figures[r];
        wall_ratios.push_back(f.ours_ppm / f.theirs_ppm);
        cpu_ratios.push_back(f.theirs_cpu / f.ours_cpu);
        std::printf("%5zu  %17.1f  %19.1f  %18.2f  %20.2f  %9.2fx  %8.2fx\n", r + 1, f.ours_ppm,
                    f.theirs_ppm, f.ours_cpu, f.theirs_cpu, wall_ratios.back(), cpu_ratios.back());
      }
      std::printf(
          "median of %zu rounds: %.2fx by wall clock, %.2fx by CPU time "
          "(gazette pages per minute / plain tesseract's)\n",
          figures.size(), median(wall_ratios), median(cpu_ratios));
    }
    if (details) print_details(first_ours, first_theirs, "tess");
    fs::remove_all(scratch);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ocr-bench: " << e.what() << "\n";
    return 1;
  }
}
