#pragma once
// `gazette ingest`: batches in, archive out. Resumable: a rerun after a crash finishes the
// work without repeating or duplicating anything. Errors: LockError when another ingester
// holds the archive, InvalidInput for unusable sources, StorageError/IoError otherwise.
// Failures of single pages are recorded on the page and in the report; they never throw.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace gazette::pipeline {

struct IngestOptions {
  std::filesystem::path archive;
  int jobs = 0;      // OCR workers; 0 = one per core
  std::string lang;  // Tesseract languages; empty = what issue.json says, else automatic routing
  // The index shard for new issues: "main" (archive/index) or a name (archive/shards/NAME).
  // An issue stays in the shard it was first ingested into; later acts update it there.
  std::string shard = "main";
  // OCR runs in worker processes (`gazette ocr-worker`, started from this program's own
  // binary), so a crash or runaway page fails that page only; see pipeline/src/ocr_worker.h.
  // A program that calls ingest() must therefore answer `PROGRAM ocr-worker` with
  // run_ocr_worker() (gazette/pipeline/ocr_worker.h), as cli/main.cc does.
  std::uint64_t worker_memory_limit_bytes = 4ull << 30;  // RLIMIT_AS per worker; 0 = none
  int page_timeout_seconds = 600;                        // per page; 0 = none
  std::ostream* log = nullptr;                           // progress and log lines; nullptr = silent
  bool progress_on_terminal = false;
};

struct PageFailure {
  std::string source;
  std::string reason;
};

struct PageReview {
  std::string source;
  std::string page;  // issue_id#seq
  double confidence = 0;
};

// One issue of the batch as it stands in the archive after the run.
struct IssueOutcome {
  std::string id;
  std::string source;
  std::string label;  // series 年第N期 as read (or stated)
  int pages = 0, pages_failed = 0, pages_review = 0, documents = 0;
  int relations_resolved = 0, relations_unresolved = 0;
  std::string how;  // recognised | completed (pages retried) | restored from bag | already complete
};

// The end-of-batch report. Counts cover every issue of the batch (also those already complete).
struct IngestReport {
  int issues = 0;
  int issues_skipped = 0;   // already complete in the archive
  int issues_restored = 0;  // restored from bags that gazette exported
  int pages = 0;
  int pages_ocr = 0;  // recognised in this run
  int pages_failed = 0;
  int pages_review = 0;
  int documents = 0;
  int relations_resolved = 0;          // target found in the archive
  int relations_unresolved = 0;        // target not (yet) archived
  std::vector<PageFailure> failures;   // failed pages, with their reasons
  std::vector<PageReview> review;      // pages needing review (low confidence)
  std::vector<PageFailure> problems;   // other files refused (bag manifest mismatches …)
  std::vector<IssueOutcome> outcomes;  // per issue
  std::string summary() const;         // the counts, then one "failed: SOURCE: REASON" line a page
  std::string text() const;            // summary, then issues, pages to review and refused files
  std::string json() const;            // one JSON object with all of the above
};

IngestReport ingest(const std::vector<std::filesystem::path>& sources,
                    const IngestOptions& options);

// Rebuilds every index shard from the catalogue; each issue goes back into the shard its
// ingest event names (main when none).
void reindex(const std::filesystem::path& archive);

}  // namespace gazette::pipeline
