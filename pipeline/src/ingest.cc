#include "gazette/pipeline/ingest.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "archive_store.h"
#include "bag_records.h"
#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"
#include "gazette/json.h"
#include "gazette/ocr/engine.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/language_data.h"
#include "gazette/ocr/pdf.h"
#include "gazette/ocr/recognizer.h"
#include "gazette/page_render.h"
#include "gazette/pipeline/batch.h"
#include "gazette/pipeline/correct.h"
#include "gazette/pipeline/structure.h"
#include "gazette/sha256.h"
#include "gazette/validity.h"
#include "ocr_worker.h"
#include "progress.h"
#include "shard_writers.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

namespace {

// Pages read with less mean confidence are marked needs_review. On bench/ocr (41 pages)
// confidence and CER correlate at -0.87; 0.70 flags the pages read worst (CER 84%, 80%, 14%)
// and no page read well, where 0.60 flagged only the first.
constexpr double kReviewThreshold = 0.70;
// Without --lang or issue.json, each page is routed between the Chinese models (recognizer.h).
constexpr const char* kAutomatic = "auto";

struct PlannedPage {
  PageFile file;
  int seq = 0;
  std::string sha256;  // empty when the file could not even be read
  std::string read_error;
};

struct PlannedIssue {
  IssueFiles files;
  std::string id;
  std::vector<PlannedPage> pages;
};

PlannedIssue plan_issue(IssueFiles files) {
  PlannedIssue p;
  std::string all_hashes;
  int seq = 0;
  std::map<fs::path, std::string> hashed;  // pages of one PDF or TIFF share the file's hash
  for (auto& f : files.pages) {
    PlannedPage page;
    page.file = f;
    page.seq = ++seq;
    try {
      auto& sha = hashed[f.file];
      if (sha.empty()) sha = sha256_file(f.file);
      page.sha256 = sha;
      // A bag's page is kept only if it matches the bag's manifest.
      if (!f.manifest_problem.empty()) {
        page.read_error = f.manifest_problem;
      } else if (f.expected_sha256 && *f.expected_sha256 != sha) {
        page.read_error = "sha256 " + sha + " does not match the bag's manifest-sha256.txt (" +
                          *f.expected_sha256 + "); not kept";
      }
    } catch (const IoError& e) {
      page.read_error = e.what();
      all_hashes += "unreadable:" + f.source;
    }
    all_hashes += page.sha256 + (f.index > 0 ? "#" + std::to_string(f.index) : "") + "\n";
    p.pages.push_back(std::move(page));
  }
  // Same scans, same id, wherever they come from: the id is a digest of the pages' content
  // in order. A page that could not be read contributes its name instead.
  p.id = "i" + sha256_hex(all_hashes).substr(0, 12);
  p.files = std::move(files);
  return p;
}

// A page whose OCR worker died on it (crash, memory limit, timeout): the cause lies in the
// engine, not in the file, so a rerun tries it again even in an issue that is complete.
bool worker_failure(const Page& page) {
  return page.status == PageStatus::failed && page.error &&
         page.error->starts_with(kWorkerFailurePrefix);
}

// The files derived from a recognised page and recorded for `gazette verify`.
void write_alto(const ArchiveLayout& layout, const Page& page) {
  write_file_atomically(layout.alto(page.issue_id, page.seq), AltoRenderer().render(page));
}

class Ingester {
 public:
  Ingester(const IngestOptions& options)
      : options_(options),
        layout_(options.archive),
        lock_(layout_),
        catalog_(layout_.catalog(), CatalogOptions{}) {
    const auto jobs = static_cast<std::size_t>(
        options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency()));
    OcrWorkerOptions w;
    w.memory_limit_bytes = options.worker_memory_limit_bytes;
    w.page_timeout_seconds = options.page_timeout_seconds;
    for (std::size_t i = 0; i < jobs; ++i) workers_.push_back(std::make_unique<OcrWorker>(w));
    // We hold the lock, so temp files under objects/ and derived/ are debris of a killed run.
    remove_interrupted_writes(layout_);
    remove_uncommitted_index(layout_);
  }

  IngestReport run(const std::vector<fs::path>& sources) {
    IngestReport report;
    std::vector<PlannedIssue> planned;
    std::vector<IssueFiles> restores;
    for (auto& files : discover_issues(sources, layout_.staging())) {
      for (const auto& p : files.problems) report.problems.push_back({p.source, p.reason});
      if (files.restore) {
        restores.push_back(std::move(files));
      } else if (!files.pages.empty()) {
        planned.push_back(plan_issue(std::move(files)));
      }
    }
    int todo = 0;
    for (const auto& p : planned)
      for (const auto& page : p.pages)
        if (!page_done(p.id, page, indexed(p.id))) ++todo;
    log("ingest: " + std::to_string(planned.size()) + " issues, " + std::to_string(todo) +
        " pages to recognise");
    Progress progress(options_.log, options_.progress_on_terminal, "pages", todo);
    ShardWriters writers(layout_, catalog_);
    for (auto& issue : planned) {
      ++report.issues;
      const auto existing = catalog_.issue(issue.id);
      std::string how = "recognised";
      if (existing && existing->state == IssueState::indexed) {
        if (recognise_pages(issue, progress, report, true) > 0) {
          // Pages its OCR workers had died on are recognised now: the issue is structured
          // and indexed again with them, and acts that no longer exist leave the index.
          how = "completed (pages retried)";
          std::set<std::string> before;
          for (const auto& doc : catalog_.documents_of_issue(issue.id)) before.insert(doc.id);
          structure_issue(issue);
          for (const auto& doc : catalog_.documents_of_issue(issue.id)) before.erase(doc.id);
          for (const auto& gone : before) writers.for_issue(issue.id).remove(gone);
          index_issue(issue.id, writers);
        } else {
          ++report.issues_skipped;
          how = "already complete";
        }
      } else {
        if (!existing) register_issue(issue);
        recognise_pages(issue, progress, report, false);
        if (!existing || existing->state == IssueState::pages) structure_issue(issue);
        index_issue(issue.id, writers);
      }
      account(issue.id, issue.files.source, how, report);
    }
    progress.finish();
    for (const auto& files : restores) {
      std::pair<std::string, std::string> restored;
      try {
        restored = restore_issue(*files.restore, writers);
      } catch (const InvalidInput& e) {
        // Records that cannot be read or trusted: this bag is refused, the batch goes on.
        report.problems.push_back({files.source, e.what()});
        continue;
      }
      ++report.issues;
      const auto& [id, how] = restored;
      if (how == "already complete")
        ++report.issues_skipped;
      else
        ++report.issues_restored;
      account(id, files.source, how, report);
    }
    for (const auto& [shard, reason] : writers.finish())
      report.problems.push_back(
          {"index shard " + shard, "dense-terms file not written (searches stay correct, slower): " + reason});
    return report;
  }

 private:
  void log(const std::string& line) {
    if (options_.log) *options_.log << line << "\n";
  }

  // Adds an issue of the batch, as it now stands in the catalogue, to the report.
  void account(const std::string& id, const std::string& source, const std::string& how,
               IngestReport& report) {
    IssueOutcome o;
    o.id = id;
    o.source = source;
    o.how = how;
    if (const auto rec = catalog_.issue(id)) {
      const auto& i = rec->issue;
      o.label = (i.series.empty() ? std::string("?") : i.series) + " " +
                (i.year ? std::to_string(*i.year) : "?") + "年第" +
                (i.number ? std::to_string(*i.number) : "?") + "期";
    }
    for (const auto& page : catalog_.pages(id, false)) {
      ++o.pages;
      if (page.status == PageStatus::failed) {
        ++o.pages_failed;
        report.failures.push_back({page.source, page.error.value_or("unknown")});
      }
      if (page.status == PageStatus::needs_review) {
        ++o.pages_review;
        report.review.push_back(
            {page.source, id + "#" + std::to_string(page.seq), page.confidence});
      }
    }
    for (const auto& doc : catalog_.documents_of_issue(id)) {
      ++o.documents;
      for (const auto& r : doc.relations)
        ++(r.target_id ? o.relations_resolved : o.relations_unresolved);
    }
    report.pages += o.pages;
    report.pages_failed += o.pages_failed;
    report.pages_review += o.pages_review;
    report.documents += o.documents;
    report.relations_resolved += o.relations_resolved;
    report.relations_unresolved += o.relations_unresolved;
    report.outcomes.push_back(std::move(o));
  }

  // Restores an issue (or the part a document's bag holds) from a bag that gazette exported:
  // its records, checked by the bag's manifest, are put back as they were; each scan is kept
  // only if it has the hash its page records, else that page is recorded as failed. Returns
  // the issue id and how it went.
  std::pair<std::string, std::string> restore_issue(const BagRestore& bag, ShardWriters& writers) {
    const auto read = [&](const std::string& rel) {
      std::ifstream in(bag.bag / rel, std::ios::binary);
      if (!in) throw IoError("cannot read " + (bag.bag / rel).string());
      std::stringstream buf;
      buf << in.rdbuf();
      return buf.str();
    };
    const auto lines_of = [&](const std::string& rel) {
      std::vector<std::string> out;
      std::istringstream in(read(rel));
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
      return out;
    };
    Issue issue = parse_bag_issue(read("data/metadata/issue.json"));
    require_safe_id(issue.id, bag);
    std::vector<BagPage> pages;
    std::set<int> seqs;
    for (const auto& line : lines_of("data/metadata/pages.jsonl")) {
      pages.push_back(parse_bag_page(line));
      const Page& p = pages.back().page;
      if (p.issue_id != issue.id || p.seq > issue.page_count || !seqs.insert(p.seq).second)
        throw InvalidInput(bag.label + ": page " + std::to_string(p.seq) +
                           " does not belong to issue " + issue.id);
    }
    std::vector<Document> docs;
    for (const auto& line : lines_of("data/metadata/documents.jsonl")) {
      docs.push_back(parse_bag_document(line));
      require_safe_id(docs.back().id, bag);
      if (docs.back().issue_id != issue.id)
        throw InvalidInput(bag.label + ": document " + docs.back().id + " is not of issue " +
                           issue.id);
    }
    // A document's bag holds only its pages: the issue stays open (state `pages`) for a later
    // ingest of the whole issue to complete.
    const bool whole = bag.whole_issue && static_cast<int>(pages.size()) == issue.page_count;
    const auto existing = catalog_.issue(issue.id);
    if (existing && existing->state == IssueState::indexed) return {issue.id, "already complete"};
    if (existing && existing->state == IssueState::structured && whole) {
      index_issue(issue.id, writers);  // restored before a crash, not indexed yet
      return {issue.id, "restored from bag"};
    }

    std::vector<std::optional<DerivedFileRecord>> hocr(pages.size()), alto(pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
      Page& p = pages[i].page;
      if (p.status == PageStatus::failed) continue;
      const auto& scan = pages[i].scan;
      std::string why;
      std::string sha;
      if (!scan || !bag.manifest.count(*scan)) {
        why = "the bag holds no listed scan for this page";
      } else {
        try {
          sha = sha256_file(bag.bag / *scan);
          if (sha != p.sha256)
            why = "sha256 " + sha + " of " + *scan + " does not match the page's record (" +
                  p.sha256 + "); not kept";
        } catch (const IoError& e) {
          why = e.what();
        }
      }
      if (!why.empty()) {
        p.status = PageStatus::failed;
        p.error = why;
        p.text.clear();
        p.lines.clear();
        p.confidence = 0;
        p.width = p.height = 0;
        continue;
      }
      const fs::path file = bag.bag / *scan;
      const std::string rel = keep_original(layout_, file, sha);
      catalog_.add_blob(sha, static_cast<std::int64_t>(fs::file_size(file)), rel);
      char name[32];
      std::snprintf(name, sizeof name, "data/hocr/page-%04d.hocr", p.seq);
      if (const auto it = bag.manifest.find(name); it != bag.manifest.end()) {
        const std::string content = read(name);
        if (sha256_hex(content) == it->second) {
          write_file_atomically(layout_.hocr(issue.id, p.seq), content);
          hocr[i] = derived_file_record(layout_, layout_.hocr(issue.id, p.seq), "hocr");
        }
      }
      // ALTO is rendered from the page record, as at ingest, so it comes out the same.
      write_alto(layout_, p);
      alto[i] = derived_file_record(layout_, layout_.alto(issue.id, p.seq), "alto");
    }
    catalog_.transaction([&] {
      catalog_.put_issue(issue, whole ? IssueState::structured : IssueState::pages);
      for (std::size_t i = 0; i < pages.size(); ++i) {
        const Page& p = pages[i].page;
        catalog_.put_page(p);
        if (hocr[i]) catalog_.record_derived_file(*hocr[i]);
        if (alto[i]) catalog_.record_derived_file(*alto[i]);
        catalog_.log_event({"ingest", issue.id + "#" + std::to_string(p.seq),
                            p.status == PageStatus::failed ? "failure" : "success",
                            "restored from bag " + bag.label +
                                (p.error ? ": " + *p.error
                                         : ": original checked against the "
                                           "manifest, records restored")});
      }
      if (!whole) {
        // Documents restored earlier from other bags of this issue stay.
        for (auto& old : catalog_.documents_of_issue(issue.id))
          if (std::none_of(docs.begin(), docs.end(),
                           [&](const Document& d) { return d.id == old.id; }))
            docs.push_back(std::move(old));
        std::sort(docs.begin(), docs.end(),
                  [](const Document& x, const Document& y) { return x.id < y.id; });
      }
      catalog_.replace_documents(issue.id, docs);
      catalog_.log_event({"ingest", issue.id, "success",
                          "restored from bag " + bag.label + ": " + std::to_string(pages.size()) +
                              " pages, " + std::to_string(docs.size()) + " documents" +
                              (whole ? "" : " (part of the issue)") + " shard=" + options_.shard});
    });
    index_issue(issue.id, writers, whole ? IssueState::indexed : IssueState::pages);
    return {issue.id, whole ? "restored from bag" : "restored from bag (part of the issue)"};
  }

  // Ids name folders under derived/ and appear in URLs: a bag cannot bring in others.
  static void require_safe_id(const std::string& id, const BagRestore& bag) {
    const bool ok =
        !id.empty() && id.size() <= 64 && id != "." && id != ".." &&
        std::all_of(id.begin(), id.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        });
    if (!ok) throw InvalidInput(bag.label + ": \"" + id + "\" is not an archive id");
  }

  // A page is done once recognised; a failed page is tried again on every rerun while its
  // issue is not complete (the cause may have been passing, and a file that is still bad
  // fails fast). In a complete (indexed) issue only pages whose OCR worker died are retried.
  bool page_done(const std::string& issue_id, const PlannedPage& page, bool issue_indexed) {
    const auto p = catalog_.page(issue_id, page.seq, false);
    if (issue_indexed) return !p || !worker_failure(*p);
    return p && p->sha256 == page.sha256 && p->status != PageStatus::failed;
  }

  bool indexed(const std::string& issue_id) const {
    const auto rec = catalog_.issue(issue_id);
    return rec && rec->state == IssueState::indexed;
  }

  std::string lang_for(const PlannedIssue& issue) const {
    if (!options_.lang.empty()) return options_.lang;
    return issue.files.overrides.lang.value_or(kAutomatic);
  }

  void register_issue(const PlannedIssue& p) {
    Issue issue;
    issue.id = p.id;
    issue.series = p.files.overrides.series.value_or("");
    issue.lang = lang_for(p);
    issue.source = p.files.source;
    issue.page_count = static_cast<int>(p.pages.size());
    catalog_.transaction([&] {
      catalog_.put_issue(issue, IssueState::pages);
      catalog_.log_event(
          {"ingest", issue.id, "started", "source=" + issue.source + " shard=" + options_.shard});
    });
  }

  Page recognise_one(const PlannedIssue& issue, const PlannedPage& planned, OcrWorker& worker) {
    Page page;
    page.issue_id = issue.id;
    page.seq = planned.seq;
    page.source = planned.file.source;
    page.sha256 = planned.sha256;
    try {
      if (!planned.read_error.empty()) throw InvalidInput(planned.read_error);
      // Refuse bad files before keeping them.
      if (ocr::is_pdf(planned.file.file)) {
        ocr::pdf_page_count(planned.file.file);
      } else {
        ocr::probe_image(planned.file.file);
      }
      const std::string rel = keep_original(layout_, planned.file.file, planned.sha256);
      {
        std::lock_guard lock(catalog_mutex_);
        catalog_.add_blob(planned.sha256,
                          static_cast<std::int64_t>(fs::file_size(planned.file.file)), rel);
      }
      OcrRequest request;
      request.file = planned.file.file;
      request.index = planned.file.index;
      const std::string lang = lang_for(issue);
      request.languages = lang == kAutomatic ? "" : lang;
      auto rec = worker.recognize(request);
      if (!rec.error.empty()) throw OcrError(rec.error);
      page.model = rec.model;
      page.text = std::move(rec.text);
      page.lines = std::move(rec.lines);
      page.confidence = rec.confidence;
      page.width = rec.width;
      page.height = rec.height;
      page.status = page.confidence < kReviewThreshold ? PageStatus::needs_review : PageStatus::ok;
      write_file_atomically(layout_.hocr(issue.id, planned.seq), rec.hocr);
      write_alto(layout_, page);
    } catch (const InvalidInput& e) {
      page.status = PageStatus::failed;
      page.error = e.what();
    } catch (const OcrError& e) {
      page.status = PageStatus::failed;
      page.error = e.what();
    }
    return page;
  }

  // What read the page, for its ocr event: model, engine versions and the language data.
  static std::string ocr_run_detail(const Page& page) {
    std::string detail = "model=" + page.model + " tesseract=" + ocr::engine_version();
    if (page.model != ocr::kPdfTextLayerModel)
      detail += " data=" + ocr::language_data_version(page.model);
    return detail + " confidence=" + std::to_string(page.confidence);
  }

  // The page's ingest event, once per page and original: when its record is first put (a
  // retried page has one already). In the page's own transaction, so a crash cannot lose or
  // repeat it. Says where the original is kept, and whether other pages share it.
  void log_page_arrival(const Page& page) {
    const std::string target = page.issue_id + "#" + std::to_string(page.seq);
    const std::string sha = "sha256=" + page.sha256;
    for (const auto& e : catalog_.events(target))
      if (e.type == "ingest" && e.target == target && e.detail.find(sha) != std::string::npos)
        return;
    const auto kept = catalog_.blob_path(page.sha256);
    std::string detail = "source=" + page.source + " " + sha;
    if (kept) {
      detail += " kept as " + *kept;
      std::string same;
      for (const auto& other : catalog_.pages_with_original(page.sha256))
        if (other != target) same += (same.empty() ? "" : ", ") + other;
      if (!same.empty()) detail += " (stored once, same content as " + same + ")";
    } else {
      detail += " not kept: " + page.error.value_or("refused");
    }
    catalog_.log_event({"ingest", target, kept ? "success" : "failure", detail});
  }

  // Recognises the pages of `issue` not done yet; returns how many of them are now recognised.
  int recognise_pages(const PlannedIssue& issue, Progress& progress, IngestReport& report,
                      bool issue_indexed) {
    std::vector<const PlannedPage*> todo;
    for (const auto& page : issue.pages)
      if (!page_done(issue.id, page, issue_indexed)) todo.push_back(&page);
    if (todo.empty()) return 0;
    std::atomic<int> recognised{0};
    std::atomic<std::size_t> next{0};
    std::exception_ptr fatal;
    std::mutex fatal_mutex;
    auto work = [&](OcrWorker& worker) {
      try {
        for (std::size_t i = next++; i < todo.size(); i = next++) {
          Page page = recognise_one(issue, *todo[i], worker);
          {
            std::lock_guard lock(catalog_mutex_);
            catalog_.transaction([&] {
              catalog_.put_page(page);
              // The hOCR's hash goes in with its page, so `gazette verify` can audit it.
              if (page.status != PageStatus::failed) {
                catalog_.record_derived_file(
                    derived_file_record(layout_, layout_.hocr(issue.id, page.seq), "hocr"));
                catalog_.record_derived_file(
                    derived_file_record(layout_, layout_.alto(issue.id, page.seq), "alto"));
              }
              log_page_arrival(page);
              catalog_.log_event({"ocr", issue.id + "#" + std::to_string(page.seq),
                                  page.status == PageStatus::failed ? "failure" : "success",
                                  page.error.value_or(ocr_run_detail(page))});
            });
          }
          if (page.status != PageStatus::failed) ++recognised;
          progress.advance(page.source);
        }
      } catch (...) {
        std::lock_guard lock(fatal_mutex);
        if (!fatal) fatal = std::current_exception();
        next = todo.size();  // stop the other workers
      }
    };
    const std::size_t n = std::min(workers_.size(), todo.size());
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < n; ++w) threads.emplace_back(work, std::ref(*workers_[w]));
    work(*workers_[0]);
    for (auto& t : threads) t.join();
    if (fatal) std::rethrow_exception(fatal);
    report.pages_ocr += static_cast<int>(todo.size());
    return recognised;
  }

  void structure_issue(const PlannedIssue& planned) {
    auto pages = catalog_.pages(planned.id, true);
    IssueIdentity identity = identify_issue(pages);
    const auto& o = planned.files.overrides;
    if (o.series) identity.series = *o.series;
    if (o.year) identity.year = o.year;
    if (o.issue) identity.number = o.issue;
    if (o.date) identity.date = o.date;
    const auto printed = printed_pages(pages, identity);
    for (std::size_t i = 0; i < pages.size(); ++i) pages[i].printed_page = printed[i];
    auto docs = segment_documents(planned.id, identity, pages);
    // What people corrected stays corrected (document ids are `<issue_id>-NN`).
    apply_corrections(docs, catalog_.corrections(planned.id + "-"));
    // Targets whose number OCR could not read are looked up by title among the archived acts
    // and this issue's own.
    auto known = catalog_.numbered_titles();
    for (const auto& d : docs) known.emplace_back(d.number, d.title);
    complete_targets(docs, known);
    Issue issue;
    issue.id = planned.id;
    issue.series = identity.series;
    issue.year = identity.year;
    issue.number = identity.number;
    issue.total = identity.total;
    issue.date = identity.date;
    issue.lang = lang_for(planned);
    issue.source = planned.files.source;
    issue.page_count = static_cast<int>(planned.pages.size());
    // ALTO again, now that printed page numbers are known (PRINTED_IMG_NR): the kept file then
    // equals what the reader and a bag render from the catalogue. A crash before the commit
    // leaves the issue in state `pages`, so a rerun writes and records them again.
    std::vector<DerivedFileRecord> alto;
    for (const auto& page : pages) {
      if (page.status == PageStatus::failed) continue;
      write_alto(layout_, page);
      alto.push_back(derived_file_record(layout_, layout_.alto(page.issue_id, page.seq), "alto"));
    }
    catalog_.transaction([&] {
      for (const auto& page : pages) catalog_.put_page(page);
      for (const auto& file : alto) catalog_.record_derived_file(file);
      catalog_.put_issue(issue, IssueState::structured);
      catalog_.replace_documents(issue.id, docs);
      catalog_.log_event(
          {"structure", issue.id, "success", std::to_string(docs.size()) + " documents"});
    });
    log("issue " + issue.id + ": " + issue.series + " " +
        (issue.year ? std::to_string(*issue.year) : "?") + "年第" +
        (issue.number ? std::to_string(*issue.number) : "?") + "期, " +
        std::to_string(docs.size()) + " documents");
  }

  void index_issue(const std::string& issue_id, ShardWriters& writers,
                   IssueState final_state = IssueState::indexed) {
    // This issue's documents (their status already counts acts archived earlier that point
    // at them), and the earlier acts they repeal or amend, whose status changes now: each in
    // place, in the shard of its own issue.
    std::set<std::string> ids, own;
    for (const auto& doc : catalog_.documents_of_issue(issue_id)) {
      ids.insert(doc.id);
      own.insert(doc.id);
      for (const auto& target : catalog_.targets_of(doc)) ids.insert(target);
      // Acts that relations reached by title while this number was missing lose them now.
      if (!doc.number.empty())
        for (const auto& id : catalog_.documents_named_by_title_for(doc.number)) ids.insert(id);
    }
    std::vector<Event> changes;
    for (const auto& id : ids) {
      const auto doc = catalog_.document(id);
      if (!doc) continue;
      const auto facts = catalog_.validity_facts(*doc);
      writers.for_issue(doc->issue_id).put({*doc, facts});
      // An issue indexed again (pages retried) logs only the changes not logged before.
      const auto logged = catalog_.events(doc->id);
      for (auto& change : status_changes(*doc, facts, own))
        if (std::none_of(logged.begin(), logged.end(), [&](const Event& e) {
              return e.type == change.type && e.target == change.target &&
                     e.detail == change.detail;
            }))
          changes.push_back(std::move(change));
    }
    writers.commit();
    // Logged with the state change, so a rerun after a crash logs them exactly once.
    catalog_.transaction([&] {
      catalog_.set_issue_state(issue_id, final_state);
      for (const auto& change : changes) catalog_.log_event(change);
      catalog_.log_event({"index", issue_id, "success", std::to_string(ids.size()) + " documents"});
    });
  }

  // The changes of `doc`'s status that this issue's acts (`own`) cause: the entries of its
  // validity timeline that are new compared with the timeline without them.
  std::vector<Event> status_changes(const Document& doc, const ValidityFacts& facts,
                                    const std::set<std::string>& own) const {
    ValidityFacts before = facts;
    std::erase_if(before.acts, [&](const IncomingAct& a) { return own.count(a.by_id) > 0; });
    if (before.acts.size() == facts.acts.size()) return {};
    const auto old_timeline = validity_timeline(before);
    std::vector<Event> out;
    for (const auto& c : validity_timeline(facts)) {
      if (!c.by || !own.count(*c.by)) continue;
      const bool known = std::any_of(old_timeline.begin(), old_timeline.end(), [&](const auto& o) {
        return o.date == c.date && o.code == c.code && o.by == c.by;
      });
      if (known) continue;
      // What it was the day before, without this issue's acts.
      const auto was = validity_as_of(before, add_days(c.date, -1));
      const auto by = catalog_.document(*c.by);
      out.push_back({"status_change", doc.id, "success",
                     std::string(to_string(c.code)) + " from " + c.date + " by " + *c.by +
                         (by && !by->number.empty() ? " (" + by->number + ")" : "") + "; was " +
                         (was ? std::string(to_string(was->code)) : "not yet published")});
    }
    return out;
  }

  IngestOptions options_;
  ArchiveLayout layout_;
  ArchiveLock lock_;
  Catalog catalog_;
  std::mutex catalog_mutex_;
  std::vector<std::unique_ptr<OcrWorker>> workers_;
};

}  // namespace

std::string IngestReport::summary() const {
  std::ostringstream s;
  s << issues << " issues (" << issues_skipped << " already complete";
  if (issues_restored) s << ", " << issues_restored << " restored from bags";
  s << "), " << pages << " pages (" << pages_ocr << " recognised now, " << pages_failed
    << " failed, " << pages_review << " need review), " << documents << " documents, "
    << relations_resolved << " relations resolved, " << relations_unresolved << " unresolved";
  for (const auto& f : failures) s << "\n  failed: " << f.source << ": " << f.reason;
  return s.str();
}

std::string IngestReport::text() const {
  std::ostringstream s;
  s << summary() << "\n";
  for (const auto& p : problems) s << "  refused: " << p.source << ": " << p.reason << "\n";
  for (const auto& r : review) {
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.2f", r.confidence);
    s << "  review: " << r.source << " (" << r.page << ", confidence " << conf << ")\n";
  }
  for (const auto& o : outcomes)
    s << "  issue " << o.id << " " << o.label << ": " << o.how << ", " << o.pages << " pages ("
      << o.pages_failed << " failed, " << o.pages_review << " need review), " << o.documents
      << " documents, relations " << o.relations_resolved << " resolved / "
      << o.relations_unresolved << " unresolved; " << o.source << "\n";
  return s.str();
}

std::string IngestReport::json() const {
  JsonWriter w;
  w.begin_object();
  w.key("issues").value(issues).key("issues_skipped").value(issues_skipped);
  w.key("issues_restored").value(issues_restored);
  w.key("pages").value(pages).key("pages_recognised").value(pages_ocr);
  w.key("pages_failed").value(pages_failed).key("pages_review").value(pages_review);
  w.key("documents").value(documents);
  w.key("relations_resolved").value(relations_resolved);
  w.key("relations_unresolved").value(relations_unresolved);
  w.key("failed").begin_array();
  for (const auto& f : failures)
    w.begin_object().key("source").value(f.source).key("reason").value(f.reason).end_object();
  w.end_array().key("review").begin_array();
  for (const auto& r : review)
    w.begin_object()
        .key("source")
        .value(r.source)
        .key("page")
        .value(r.page)
        .key("confidence")
        .value(r.confidence)
        .end_object();
  w.end_array().key("refused").begin_array();
  for (const auto& p : problems)
    w.begin_object().key("source").value(p.source).key("reason").value(p.reason).end_object();
  w.end_array().key("issue_list").begin_array();
  for (const auto& o : outcomes) {
    w.begin_object().key("id").value(o.id).key("source").value(o.source);
    w.key("label").value(o.label).key("how").value(o.how).key("pages").value(o.pages);
    w.key("pages_failed").value(o.pages_failed).key("pages_review").value(o.pages_review);
    w.key("documents").value(o.documents);
    w.key("relations_resolved").value(o.relations_resolved);
    w.key("relations_unresolved").value(o.relations_unresolved);
    w.end_object();
  }
  w.end_array().end_object();
  return w.str();
}

IngestReport ingest(const std::vector<fs::path>& sources, const IngestOptions& options) {
  index::check_shard_name(options.shard);
  Ingester ingester(options);
  return ingester.run(sources);
}

void reindex(const fs::path& archive) {
  const ArchiveLayout layout(archive);
  ArchiveLock lock(layout);
  Catalog catalog(layout.catalog(), CatalogOptions{});
  fs::remove_all(layout.index());
  fs::remove_all(layout.shards());
  // The index is rebuilt from nothing and only its last commit matters: an OS crash before it
  // leaves an index to rebuild again, so the commits in between need not reach the disk.
  ShardWriters writers(layout, catalog, index::WriterOptions{.durable = false});
  for (const auto& doc : catalog.all_documents())
    writers.for_issue(doc.issue_id).put({doc, catalog.validity_facts(doc)});
  // The index itself is rebuilt by now; a dense-terms file that cannot be written is the
  // command's error all the same, as reindex exists to make the derived files whole.
  if (const auto failed = writers.finish(); !failed.empty())
    throw StorageError("index rebuilt, but its dense-terms file was not written for shard " +
                       failed.front().first + ": " + failed.front().second);
}

}  // namespace gazette::pipeline
