#pragma once
// Finding the issues in a batch (CONTRACT §1): folders, bundles (zip, tar, tar.gz …) and
// lists of them. An issue is a leaf folder of page images, pages in natural file-name order.
// A BagIt bag (a folder or bundle holding bagit.txt and manifest-sha256.txt) is read as the
// batch its data/ folder holds, each page checked against the manifest; a bag that gazette
// exported is restored from its records instead of being recognised again.
// Errors: InvalidInput for sources that cannot be read as a batch.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gazette::pipeline {

struct PageFile {
  std::filesystem::path file;  // where to read it now
  std::string source;  // path relative to the batch root or bundle entry name; "#page=N" for
                       // a page of a PDF or multi-page TIFF
  int index = 0;       // page within the file
  // From a bag's manifest-sha256.txt: the hash the file must have before it is kept, or why it
  // cannot be checked (not listed). A page failing either is recorded as failed, not kept.
  std::optional<std::string> expected_sha256;
  std::string manifest_problem;
};

// A file of a batch that is not a page and could not be used, with the reason (a bag file
// whose hash does not match its manifest, a file the manifest lists but the bag lacks).
struct SourceProblem {
  std::string source;
  std::string reason;
};

// A bag that gazette exported, verified against its manifest: its records are restored.
struct BagRestore {
  std::filesystem::path bag;
  std::map<std::string, std::string> manifest;  // bag-relative path → SHA-256, as listed
  std::string label;                            // the bag as the batch names it
  bool whole_issue = false;  // an issue's bag (else a document's: only some of the records)
};

// What an issue.json beside the pages (or a series.json above them) states; it wins over what
// is read from the pages.
struct IssueOverrides {
  std::optional<std::string> series;
  std::optional<int> year, issue;
  std::optional<std::string> date, lang;
};

struct IssueFiles {
  std::string source;  // the issue folder relative to its batch root
  std::vector<PageFile> pages;
  IssueOverrides overrides;
  std::optional<BagRestore> restore;    // set: restore from the bag, pages is empty
  std::vector<SourceProblem> problems;  // files of this issue's source that were refused
};

// "page-2" sorts before "page-10".
bool natural_less(const std::string& a, const std::string& b);

// Parses an issue.json; throws InvalidInput with the reason.
IssueOverrides read_issue_json(const std::filesystem::path& file);
// Parses a series.json: like issue.json, but only `series` and `lang` (InvalidInput otherwise).
IssueOverrides read_series_json(const std::filesystem::path& file);

// What applies to the issue in `folder`: every series.json from `root` (the source given on
// the command line, or an unpacked bundle) down to the folder, the nearer winning, then the
// folder's own issue.json. So languages are set per batch (`--lang`), per series (a
// series.json above its issues) and per issue (issue.json).
IssueOverrides settings_for_issue(const std::filesystem::path& folder,
                                  const std::filesystem::path& root);

// Every issue in the sources; bundles are unpacked safely under `staging`.
std::vector<IssueFiles> discover_issues(const std::vector<std::filesystem::path>& sources,
                                        const std::filesystem::path& staging);

}  // namespace gazette::pipeline
