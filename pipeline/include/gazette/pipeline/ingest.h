#pragma once
// `gazette ingest`: batches in, archive out. Resumable: a rerun after a crash finishes the
// work without repeating or duplicating anything. Errors: LockError when another ingester
// holds the archive, InvalidInput for unusable sources, StorageError/IoError otherwise.
// Failures of single pages are recorded on the page and in the report; they never throw.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace gazette::pipeline {

struct IngestOptions {
  std::filesystem::path archive;
  int jobs = 0;                 // OCR workers; 0 = one per core
  std::string lang;             // Tesseract languages; empty = what issue.json says, else automatic routing
  // The index shard for new issues: "main" (archive/index) or a name (archive/shards/NAME).
  // An issue stays in the shard it was first ingested into; later acts update it there.
  std::string shard = "main";
  std::ostream* log = nullptr;  // progress and log lines; nullptr = silent
  bool progress_on_terminal = false;
};

struct PageFailure {
  std::string source;
  std::string reason;
};

struct IngestReport {
  int issues = 0;
  int issues_skipped = 0;  // already complete in the archive
  int pages = 0;
  int pages_ocr = 0;  // recognised in this run
  int pages_failed = 0;
  int pages_review = 0;
  int documents = 0;
  std::vector<PageFailure> failures;
  std::string summary() const;
};

IngestReport ingest(const std::vector<std::filesystem::path>& sources,
                    const IngestOptions& options);

// Rebuilds every index shard from the catalogue; each issue goes back into the shard its
// ingest event names (main when none).
void reindex(const std::filesystem::path& archive);

}  // namespace gazette::pipeline
