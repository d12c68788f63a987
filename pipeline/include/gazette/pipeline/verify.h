#pragma once
// `gazette verify`: the fixity audit of everything the archive keeps. Re-hashes every kept
// original (catalogue `blobs`, files under objects/) and every derived file whose hash the
// catalogue records (`files`, schema v2), and reports each file that changed, went missing or
// appeared without a catalogue record. Logs a `verify` event with the outcome.
// Errors: LockError while an ingest writes to the archive, StorageError/IoError when the audit
// itself cannot run. Problems found are results, not errors: they are in the report.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace gazette::pipeline {

enum class FixityProblem {
  changed,    // content (or size) differs from the recorded hash, or cannot be read back
  missing,    // recorded in the catalogue, absent on disk
  untracked,  // on disk under objects/ or derived/, not recorded in the catalogue
  catalogue,  // the catalogue itself is inconsistent (SQLite integrity check, dangling rows)
};
std::string_view to_string(FixityProblem problem);

struct FixityFinding {
  FixityProblem problem = FixityProblem::changed;
  std::string path;  // relative to the archive root ("" for catalogue findings)
  std::string expected_sha256;
  std::string actual_sha256;  // empty when the file is missing or unreadable
  std::string reason;         // one line for people
};

struct VerifyReport {
  int originals_checked = 0;
  int derived_checked = 0;
  int derived_unrecorded = 0;  // hOCR written before schema v2 recorded hashes: not auditable
  std::vector<FixityFinding> findings;

  bool ok() const { return findings.empty(); }
  int count(FixityProblem problem) const;
  std::string summary() const;  // one line: what was checked and what was found
  std::string text() const;     // one line per finding, then the summary
  std::string json() const;     // one JSON object
};

// Audits the archive at `archive` (holding its writer lock while it runs).
VerifyReport verify(const std::filesystem::path& archive);

}  // namespace gazette::pipeline
