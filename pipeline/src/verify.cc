#include "gazette/pipeline/verify.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "archive_store.h"
#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/error.h"
#include "gazette/json.h"
#include "gazette/sha256.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

namespace {

struct Expected {
  std::string sha256;
  std::int64_t size = 0;
};

// Checks one recorded file against its hash; returns the finding, if any.
std::optional<FixityFinding> check_file(const ArchiveLayout& layout, const std::string& rel,
                                        const Expected& expected) {
  const fs::path file = layout.root() / rel;
  std::error_code ec;
  const auto status = fs::symlink_status(file, ec);
  if (ec || !fs::exists(status))
    return FixityFinding{FixityProblem::missing, rel, expected.sha256, "", "file is missing"};
  if (!fs::is_regular_file(status))
    return FixityFinding{FixityProblem::changed, rel, expected.sha256, "",
                         "not a regular file any more (link or special file)"};
  const auto size = fs::file_size(file, ec);
  std::string actual;
  try {
    actual = sha256_file(file);
  } catch (const IoError& e) {
    return FixityFinding{FixityProblem::changed, rel, expected.sha256, "",
                         std::string("cannot be read back: ") + e.what()};
  }
  if (actual != expected.sha256)
    return FixityFinding{FixityProblem::changed, rel, expected.sha256, actual,
                         "content differs from the recorded SHA-256"};
  if (!ec && static_cast<std::int64_t>(size) != expected.size)
    return FixityFinding{FixityProblem::changed, rel, expected.sha256, actual,
                         "size " + std::to_string(size) + " differs from the recorded " +
                             std::to_string(expected.size)};
  return std::nullopt;
}

// Every non-directory entry under `top`, relative to the archive root, in sorted order.
std::vector<std::string> files_under(const ArchiveLayout& layout, const fs::path& top) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(top, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator();
       ++it)
    if (!it->is_directory() || it->is_symlink())
      out.push_back(fs::relative(it->path(), layout.root()).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string untracked_reason(const std::string& rel) {
  if (rel.ends_with(kPartialSuffix))
    return "temp file of an interrupted write (the next ingest removes it)";
  return "no catalogue record for this file";
}

// derived/<issue>/page-NNNN.hocr (or .alto.xml) → "<issue>#<seq>", or "" if the name has
// another form.
std::string page_of_derived(const std::string& rel) {
  const fs::path p(rel);
  const std::string name = p.filename().string();
  if (!name.starts_with("page-")) return "";
  std::size_t suffix = 0;
  if (name.ends_with(".hocr")) suffix = 5;
  if (name.ends_with(".alto.xml")) suffix = 9;
  if (suffix == 0 || name.size() <= 5 + suffix) return "";
  const std::string digits = name.substr(5, name.size() - 5 - suffix);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return "";
  return p.parent_path().filename().string() + "#" + std::to_string(std::stoi(digits));
}

}  // namespace

std::string_view to_string(FixityProblem problem) {
  switch (problem) {
    case FixityProblem::changed:
      return "changed";
    case FixityProblem::missing:
      return "missing";
    case FixityProblem::untracked:
      return "untracked";
    case FixityProblem::catalogue:
      return "catalogue";
  }
  return "changed";
}

int VerifyReport::count(FixityProblem problem) const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const auto& f) { return f.problem == problem; }));
}

std::string VerifyReport::summary() const {
  std::ostringstream s;
  s << "verify: " << originals_checked << " originals and " << derived_checked
    << " derived files checked";
  if (derived_unrecorded > 0)
    s << " (" << derived_unrecorded << " derived files have no recorded hash)";
  s << ": " << count(FixityProblem::changed) << " changed, " << count(FixityProblem::missing)
    << " missing, " << count(FixityProblem::untracked) << " untracked";
  if (const int c = count(FixityProblem::catalogue); c > 0) s << ", " << c << " catalogue problems";
  return s.str();
}

std::string VerifyReport::text() const {
  std::ostringstream s;
  for (const auto& f : findings) {
    s << to_string(f.problem) << "\t" << (f.path.empty() ? "-" : f.path) << "\t" << f.reason;
    if (!f.expected_sha256.empty()) s << "; recorded sha256 " << f.expected_sha256;
    if (!f.actual_sha256.empty()) s << ", now " << f.actual_sha256;
    s << "\n";
  }
  s << summary() << "\n";
  return s.str();
}

std::string VerifyReport::json() const {
  JsonWriter w;
  w.begin_object();
  w.key("ok").value(ok());
  w.key("originals_checked").value(originals_checked);
  w.key("derived_checked").value(derived_checked);
  w.key("derived_unrecorded").value(derived_unrecorded);
  for (const auto problem : {FixityProblem::changed, FixityProblem::missing,
                             FixityProblem::untracked, FixityProblem::catalogue})
    w.key(to_string(problem)).value(count(problem));
  w.key("findings").begin_array();
  for (const auto& f : findings) {
    w.begin_object();
    w.key("problem").value(to_string(f.problem));
    w.key("path").value(f.path);
    w.key("expected_sha256");
    f.expected_sha256.empty() ? w.null() : w.value(f.expected_sha256);
    w.key("actual_sha256");
    f.actual_sha256.empty() ? w.null() : w.value(f.actual_sha256);
    w.key("reason").value(f.reason);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

VerifyReport verify(const fs::path& archive) {
  const ArchiveLayout layout(archive);
  if (!fs::exists(layout.catalog()))
    throw NotFound("no catalogue at " + layout.catalog().string() +
                   " (has anything been ingested?)");
  // The lock keeps an ingest from adding objects while they are listed (they would look
  // untracked), and this audit writes its event to the catalogue.
  const ArchiveLock lock(layout);
  Catalog catalog(layout.catalog(), CatalogOptions{});
  VerifyReport report;

  for (const auto& problem : catalog.integrity_problems())
    report.findings.push_back({FixityProblem::catalogue, "", "", "", "SQLite: " + problem});
  for (const auto& page : catalog.pages_without_blob())
    report.findings.push_back({FixityProblem::catalogue, "", "", "",
                               "page " + page + " has no record of its kept original"});

  // Originals.
  std::set<std::string> recorded;
  std::map<std::string, std::string> sha_of_path;
  for (const auto& blob : catalog.blob_records()) {
    recorded.insert(blob.path);
    sha_of_path[blob.path] = blob.sha256;
    ++report.originals_checked;
    if (auto f = check_file(layout, blob.path, {blob.sha256, blob.size}))
      report.findings.push_back(std::move(*f));
  }
  for (const auto& rel : files_under(layout, layout.objects()))
    if (!recorded.contains(rel))
      report.findings.push_back({FixityProblem::untracked, rel, "", "", untracked_reason(rel)});

  // Derived files with recorded hashes.
  std::set<std::string> recorded_derived;
  for (const auto& file : catalog.derived_files()) {
    recorded_derived.insert(file.path);
    ++report.derived_checked;
    if (auto f = check_file(layout, file.path, {file.sha256, file.size}))
      report.findings.push_back(std::move(*f));
  }
  const std::string cache =
      fs::relative(layout.image_cache(), layout.root()).generic_string() + "/";
  for (const auto& rel : files_under(layout, layout.derived())) {
    if (recorded_derived.contains(rel)) continue;
    if (rel.starts_with(cache)) continue;  // the reader's image cache is disposable
    // hOCR of a recognised page, written before schema v2 recorded derived hashes: it belongs
    // to the archive but cannot be audited.
    if (const std::string page = page_of_derived(rel); !page.empty()) {
      const auto hash = page.find('#');
      const auto row = catalog.page(page.substr(0, hash), std::stoi(page.substr(hash + 1)), false);
      if (row && row->status != PageStatus::failed) {
        ++report.derived_unrecorded;
        continue;
      }
    }
    report.findings.push_back({FixityProblem::untracked, rel, "", "", untracked_reason(rel)});
  }

  // The log: one event for the audit, and one on each page whose original is damaged, so that
  // `gazette log --issue` shows it where the page is.
  catalog.transaction([&] {
    for (const auto& f : report.findings) {
      if (f.problem != FixityProblem::changed && f.problem != FixityProblem::missing) continue;
      const auto it = sha_of_path.find(f.path);
      if (it == sha_of_path.end()) continue;
      for (const auto& page : catalog.pages_with_original(it->second))
        catalog.log_event({"verify", page, "failure",
                           "original " + std::string(to_string(f.problem)) + ": " + f.path});
    }
    catalog.log_event({"verify", "archive", report.ok() ? "success" : "failure", report.summary()});
  });
  return report;
}

}  // namespace gazette::pipeline
