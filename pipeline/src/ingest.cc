#include "gazette/pipeline/ingest.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "archive_store.h"
#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/error.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"
#include "gazette/ocr/engine.h"
#include "gazette/ocr/pdf.h"
#include "gazette/ocr/recognizer.h"
#include "gazette/ocr/image.h"
#include "gazette/pipeline/batch.h"
#include "gazette/pipeline/structure.h"
#include "gazette/sha256.h"
#include "progress.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

namespace {

constexpr double kReviewThreshold = 0.60;
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

// One recogniser per worker and language setting; its engines load once and serve every page.
struct Worker {
  std::map<std::string, std::unique_ptr<ocr::Recognizer>> recognizers;
  ocr::Recognizer& get(const std::string& languages) {
    auto& slot = recognizers[languages];
    if (!slot) {
      ocr::RecognizerOptions o;
      o.languages = languages == kAutomatic ? "" : languages;
      slot = std::make_unique<ocr::Recognizer>(o);
    }
    return *slot;
  }
};

// The shard an issue was first ingested into: its ingest event says "shard=NAME" (issues
// ingested before shards existed say nothing and are in main).
std::string recorded_shard(const Catalog& catalog, const std::string& issue_id) {
  for (const auto& e : catalog.events(issue_id)) {
    if (e.type != "ingest" || e.target != issue_id) continue;
    const auto at = e.detail.find(" shard=");
    if (at != std::string::npos) return e.detail.substr(at + 7);
  }
  return std::string(index::kMainShard);
}

// Index writers for the shards one run touches, opened when first needed.
class ShardWriters {
 public:
  ShardWriters(const ArchiveLayout& layout, const Catalog& catalog)
      : layout_(layout), catalog_(catalog) {}

  index::Writer& for_issue(const std::string& issue_id) {
    auto& shard = shard_of_issue_[issue_id];
    if (shard.empty()) shard = recorded_shard(catalog_, issue_id);
    auto& writer = writers_[shard];
    if (!writer) writer = std::make_unique<index::Writer>(index::shard_dir(layout_, shard));
    return *writer;
  }
  void commit() {
    for (auto& [name, writer] : writers_) writer->commit();
  }

 private:
  const ArchiveLayout& layout_;
  const Catalog& catalog_;
  std::map<std::string, std::string> shard_of_issue_;
  std::map<std::string, std::unique_ptr<index::Writer>> writers_;
};

class Ingester {
 public:
  Ingester(const IngestOptions& options)
      : options_(options),
        layout_(options.archive),
        lock_(layout_),
        catalog_(layout_.catalog(), CatalogOptions{}),
        workers_(static_cast<std::size_t>(
            options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency()))) {
    // We hold the lock, so temp files under objects/ and derived/ are debris of a killed run.
    remove_interrupted_writes(layout_);
    remove_uncommitted_index(layout_);
  }

  IngestReport run(const std::vector<fs::path>& sources) {
    IngestReport report;
    std::vector<PlannedIssue> planned;
    for (auto& files : discover_issues(sources, layout_.staging()))
      planned.push_back(plan_issue(std::move(files)));
    int todo = 0;
    for (const auto& p : planned)
      for (const auto& page : p.pages)
        if (!page_done(p.id, page)) ++todo;
    log("ingest: " + std::to_string(planned.size()) + " issues, " + std::to_string(todo) +
        " pages to recognise");
    Progress progress(options_.log, options_.progress_on_terminal, "pages", todo);
    ShardWriters writers(layout_, catalog_);
    for (auto& issue : planned) {
      ++report.issues;
      report.pages += static_cast<int>(issue.pages.size());
      const auto existing = catalog_.issue(issue.id);
      if (existing && existing->state == IssueState::indexed) {
        ++report.issues_skipped;
      } else {
        if (!existing) register_issue(issue);
        recognise_pages(issue, progress, report);
        if (!existing || existing->state == IssueState::pages) structure_issue(issue);
        index_issue(issue.id, writers);
      }
      for (const auto& page : catalog_.pages(issue.id, false)) {
        if (page.status == PageStatus::failed) {
          ++report.pages_failed;
          report.failures.push_back({page.source, page.error.value_or("unknown")});
        }
        if (page.status == PageStatus::needs_review) ++report.pages_review;
      }
      report.documents += static_cast<int>(catalog_.documents_of_issue(issue.id).size());
    }
    progress.finish();
    return report;
  }

 private:
  void log(const std::string& line) {
    if (options_.log) *options_.log << line << "\n";
  }

  // A page is done once recognised; a failed page is tried again on every rerun (the cause
  // may have been passing, and a file that is still bad fails fast).
  bool page_done(const std::string& issue_id, const PlannedPage& page) {
    const auto p = catalog_.page(issue_id, page.seq, false);
    return p && p->sha256 == page.sha256 && p->status != PageStatus::failed;
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

  Page recognise_one(const PlannedIssue& issue, const PlannedPage& planned, Worker& worker) {
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
      auto recognised =
          worker.get(lang_for(issue)).recognize_file(planned.file.file, planned.file.index);
      auto& rec = recognised.result;
      page.model = recognised.model;
      page.text = std::move(rec.text);
      page.lines = std::move(rec.lines);
      page.confidence = rec.confidence;
      page.width = rec.width;
      page.height = rec.height;
      page.status = page.confidence < kReviewThreshold ? PageStatus::needs_review : PageStatus::ok;
      write_file_atomically(layout_.hocr(issue.id, planned.seq), rec.hocr);
    } catch (const InvalidInput& e) {
      page.status = PageStatus::failed;
      page.error = e.what();
    } catch (const OcrError& e) {
      page.status = PageStatus::failed;
      page.error = e.what();
    }
    return page;
  }

  void recognise_pages(const PlannedIssue& issue, Progress& progress, IngestReport& report) {
    std::vector<const PlannedPage*> todo;
    for (const auto& page : issue.pages)
      if (!page_done(issue.id, page)) todo.push_back(&page);
    if (todo.empty()) return;
    std::atomic<std::size_t> next{0};
    std::exception_ptr fatal;
    std::mutex fatal_mutex;
    auto work = [&](Worker& worker) {
      try {
        for (std::size_t i = next++; i < todo.size(); i = next++) {
          Page page = recognise_one(issue, *todo[i], worker);
          {
            std::lock_guard lock(catalog_mutex_);
            catalog_.transaction([&] {
              catalog_.put_page(page);
              // The hOCR's hash goes in with its page, so `gazette verify` can audit it.
              if (page.status != PageStatus::failed)
                catalog_.record_derived_file(
                    derived_file_record(layout_, layout_.hocr(issue.id, page.seq), "hocr"));
              catalog_.log_event(
                  {"ocr", issue.id + "#" + std::to_string(page.seq),
                   page.status == PageStatus::failed ? "failure" : "success",
                   page.error.value_or("model=" + page.model + " tesseract=" + ocr::engine_version() +
                                       " confidence=" + std::to_string(page.confidence))});
            });
          }
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
    for (std::size_t w = 1; w < n; ++w) threads.emplace_back(work, std::ref(workers_[w]));
    work(workers_[0]);
    for (auto& t : threads) t.join();
    if (fatal) std::rethrow_exception(fatal);
    report.pages_ocr += static_cast<int>(todo.size());
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
    const auto docs = segment_documents(planned.id, identity, pages);
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
    catalog_.transaction([&] {
      for (const auto& page : pages) catalog_.put_page(page);
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

  void index_issue(const std::string& issue_id, ShardWriters& writers) {
    // This issue's documents (their status already counts acts archived earlier that point
    // at them), and the earlier acts they repeal or amend, whose status changes now: each in
    // place, in the shard of its own issue.
    std::set<std::string> ids;
    for (const auto& doc : catalog_.documents_of_issue(issue_id)) {
      ids.insert(doc.id);
      for (const auto& target : catalog_.targets_of(doc)) ids.insert(target);
    }
    for (const auto& id : ids) {
      const auto doc = catalog_.document(id);
      if (doc) writers.for_issue(doc->issue_id).put({*doc, catalog_.validity_facts(*doc)});
    }
    writers.commit();
    catalog_.transaction([&] {
      catalog_.set_issue_state(issue_id, IssueState::indexed);
      catalog_.log_event({"index", issue_id, "success", std::to_string(ids.size()) + " documents"});
    });
  }

  IngestOptions options_;
  ArchiveLayout layout_;
  ArchiveLock lock_;
  Catalog catalog_;
  std::mutex catalog_mutex_;
  std::vector<Worker> workers_;
};

}  // namespace

std::string IngestReport::summary() const {
  std::ostringstream s;
  s << issues << " issues (" << issues_skipped << " already complete), " << pages << " pages ("
    << pages_ocr << " recognised now, " << pages_failed << " failed, " << pages_review
    << " need review), " << documents << " documents";
  for (const auto& f : failures) s << "\n  failed: " << f.source << ": " << f.reason;
  return s.str();
}

IngestReport ingest(const std::vector<fs::path>& sources, const IngestOptions& options) {
  index::check_shard_name(options.shard);
  ocr::limit_openmp_threads();
  Ingester ingester(options);
  return ingester.run(sources);
}

void reindex(const fs::path& archive) {
  const ArchiveLayout layout(archive);
  ArchiveLock lock(layout);
  Catalog catalog(layout.catalog(), CatalogOptions{});
  fs::remove_all(layout.index());
  fs::remove_all(layout.shards());
  ShardWriters writers(layout, catalog);
  for (const auto& doc : catalog.all_documents())
    writers.for_issue(doc.issue_id).put({doc, catalog.validity_facts(doc)});
  writers.commit();
}

}  // namespace gazette::pipeline
