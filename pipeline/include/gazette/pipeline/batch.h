#pragma once
// Finding the issues in a batch (CONTRACT §1): folders, bundles (zip, tar, tar.gz …) and
// lists of them. An issue is a leaf folder of page images, pages in natural file-name order.
// Errors: InvalidInput for sources that cannot be read as a batch.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gazette::pipeline {

struct PageFile {
  std::filesystem::path file;  // where to read it now
  std::string source;  // path relative to the batch root or bundle entry name; "#page=N" for
                       // a page of a PDF or multi-page TIFF
  int index = 0;       // page within the file
};

// What an issue.json beside the pages states; it wins over what is read from the pages.
struct IssueOverrides {
  std::optional<std::string> series;
  std::optional<int> year, issue;
  std::optional<std::string> date, lang;
};

struct IssueFiles {
  std::string source;  // the issue folder relative to its batch root
  std::vector<PageFile> pages;
  IssueOverrides overrides;
};

// "page-2" sorts before "page-10".
bool natural_less(const std::string& a, const std::string& b);

// Parses an issue.json; throws InvalidInput with the reason.
IssueOverrides read_issue_json(const std::filesystem::path& file);

// Every issue in the sources; bundles are unpacked safely under `staging`.
std::vector<IssueFiles> discover_issues(const std::vector<std::filesystem::path>& sources,
                                        const std::filesystem::path& staging);

}  // namespace gazette::pipeline
