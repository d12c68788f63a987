#include "gazette/pipeline/batch.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bag_records.h"
#include "bundle.h"
#include "gazette/error.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/pdf.h"
#include "gazette/pipeline/bag.h"
#include "gazette/sha256.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
      nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie, j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

namespace {

// What a later (nearer) settings file states wins over an earlier one.
void merge_into(IssueOverrides& base, const IssueOverrides& nearer) {
  if (nearer.series) base.series = nearer.series;
  if (nearer.year) base.year = nearer.year;
  if (nearer.issue) base.issue = nearer.issue;
  if (nearer.date) base.date = nearer.date;
  if (nearer.lang) base.lang = nearer.lang;
}

}  // namespace

IssueOverrides read_series_json(const fs::path& file) {
  const IssueOverrides o = read_issue_json(file);
  if (o.year || o.issue || o.date)
    throw InvalidInput(file.string() +
                       ": a series.json states only series and lang (year, issue and date "
                       "belong in an issue's own issue.json)");
  return o;
}

IssueOverrides settings_for_issue(const fs::path& folder, const fs::path& root) {
  // The folders from the root down to the issue's own.
  std::vector<fs::path> chain;
  const fs::path rel = fs::relative(folder, root);
  fs::path at = root;
  chain.push_back(at);
  if (!rel.empty() && rel != ".")
    for (const auto& part : rel) chain.push_back(at /= part);
  IssueOverrides o;
  for (const auto& dir : chain)
    if (fs::exists(dir / "series.json")) merge_into(o, read_series_json(dir / "series.json"));
  if (fs::exists(folder / "issue.json")) merge_into(o, read_issue_json(folder / "issue.json"));
  return o;
}

IssueOverrides read_issue_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InvalidInput("cannot read " + file.string());
  std::stringstream buf;
  buf << in.rdbuf();
  IssueOverrides o;
  try {
    Poco::JSON::Parser parser;
    const auto obj = parser.parse(buf.str()).extract<Poco::JSON::Object::Ptr>();
    if (!obj) throw InvalidInput(file.string() + ": not a JSON object");
    if (obj->has("series")) o.series = obj->getValue<std::string>("series");
    if (obj->has("year")) o.year = obj->getValue<int>("year");
    if (obj->has("issue")) o.issue = obj->getValue<int>("issue");
    if (obj->has("date")) o.date = obj->getValue<std::string>("date");
    if (obj->has("lang")) o.lang = obj->getValue<std::string>("lang");
  } catch (const Poco::Exception& e) {
    throw InvalidInput(file.string() + ": " + e.displayText());
  }
  return o;
}

namespace {

bool is_page_candidate(const fs::path& p) {
  // Anything that is not metadata is a page candidate: a non-image among the pages is a bad
  // page to record, not something to ignore silently.
  const std::string name = p.filename().string();
  return name != "issue.json" && name != "series.json" && !name.starts_with(".");
}

std::string relative_to(const fs::path& p, const fs::path& root) {
  return fs::relative(p, root).generic_string();
}

// The pages a file holds: one for most images, several for a multi-page TIFF or a PDF. A file
// that cannot even be counted stays one page, to be recorded as failed with its reason.
std::vector<PageFile> expand_pages(const fs::path& file, const std::string& source) {
  int count = 1;
  try {
    count = ocr::is_pdf(file) ? ocr::pdf_page_count(file) : ocr::image_page_count(file);
  } catch (const InvalidInput&) {
    count = 1;
  }
  std::vector<PageFile> pages(static_cast<std::size_t>(std::max(count, 1)));
  for (int i = 0; i < static_cast<int>(pages.size()); ++i) {
    auto& page = pages[static_cast<std::size_t>(i)];
    page.file = file;
    page.source = count <= 1 ? source : source + "#page=" + std::to_string(i + 1);
    page.index = i;
  }
  return pages;
}

void collect_folder(const fs::path& root, const fs::path& batch_root,
                    const std::string& label_prefix, std::vector<IssueFiles>& out) {
  // Group files by their folder; a folder holding page images is an issue, and a PDF is an
  // issue of its own.
  std::map<fs::path, std::vector<fs::path>> by_folder;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  for (const auto& f : files) {
    if (!is_page_candidate(f)) continue;
    by_folder[f.parent_path()].push_back(f);
  }
  for (auto& [folder, entries] : by_folder) {
    std::sort(entries.begin(), entries.end(), [](const fs::path& a, const fs::path& b) {
      return natural_less(a.filename().string(), b.filename().string());
    });
    const IssueOverrides overrides = settings_for_issue(folder, root);
    // Each PDF is an issue of its own.
    std::vector<fs::path> pages;
    for (const auto& p : entries) {
      if (!ocr::is_pdf(p)) {
        pages.push_back(p);
        continue;
      }
      IssueFiles pdf_issue;
      pdf_issue.source = label_prefix + relative_to(p, batch_root);
      pdf_issue.overrides = overrides;
      pdf_issue.pages = expand_pages(p, pdf_issue.source);
      out.push_back(std::move(pdf_issue));
    }
    const bool has_image = std::any_of(pages.begin(), pages.end(),
                                       [](const fs::path& p) { return ocr::is_image_file(p); });
    if (!has_image) continue;  // folders of only non-images (notes, ground truth) are not issues
    IssueFiles issue;
    issue.source = label_prefix + relative_to(folder, batch_root);
    for (const auto& p : pages) {
      auto expanded = expand_pages(p, label_prefix + relative_to(p, batch_root));
      issue.pages.insert(issue.pages.end(), expanded.begin(), expanded.end());
    }
    issue.overrides = overrides;
    out.push_back(std::move(issue));
  }
}

// A bag: its data/ folder is the batch. Every payload file is hashed now and compared with the
// manifest; a page that does not match (or is not listed) is marked so that it fails instead of
// being kept, and other mismatches are problems of the bag's issues. A bag that gazette exported,
// whose records all match, is restored from them.
void collect_bag(const fs::path& bag, const std::string& label_prefix,
                 std::vector<IssueFiles>& out) {
  const auto manifest = read_bag_manifest(bag);
  std::vector<SourceProblem> problems;
  std::set<std::string> bad;  // bag-relative paths that failed the check
  for (const auto& [rel, sha] : manifest) {
    std::error_code ec;
    if (!fs::is_regular_file(bag / rel, ec)) {
      problems.push_back({label_prefix + rel, "listed in manifest-sha256.txt but not in the bag"});
      bad.insert(rel);
      continue;
    }
    std::string actual;
    try {
      actual = sha256_file(bag / rel);
    } catch (const IoError& e) {
      problems.push_back({label_prefix + rel, e.what()});
      bad.insert(rel);
      continue;
    }
    if (actual != sha) {
      problems.push_back(
          {label_prefix + rel,
           "sha256 " + actual + " does not match manifest-sha256.txt (" + sha + ")"});
      bad.insert(rel);
    }
  }
  if (fs::is_directory(bag / "data")) {
    for (auto it = fs::recursive_directory_iterator(bag / "data");
         it != fs::recursive_directory_iterator(); ++it) {
      const std::string rel = relative_to(it->path(), bag);
      if (it->is_regular_file() && !manifest.count(rel)) {
        problems.push_back({label_prefix + rel, "not listed in manifest-sha256.txt"});
        bad.insert(rel);
      }
    }
  }

  const auto info = read_bag_info(bag);
  const bool ours = info.count(kBagTypeField) > 0;
  const bool records_sound =
      std::all_of(std::begin(kBagRecords), std::end(kBagRecords),
                  [&](const char* rel) { return manifest.count(rel) && !bad.count(rel); });
  if (ours && records_sound) {
    IssueFiles restore;
    restore.source = label_prefix.empty() ? bag.filename().string() : label_prefix;
    restore.restore = BagRestore{bag, manifest, restore.source, info.at(kBagTypeField) == "issue"};
    restore.problems = std::move(problems);
    out.push_back(std::move(restore));
    return;
  }
  if (ours)
    problems.push_back({label_prefix + "data/metadata",
                        "the bag's records fail their manifest check: its scans are recognised "
                        "again instead of restored"});
  std::vector<IssueFiles> found;
  if (fs::is_directory(bag / "data")) collect_folder(bag / "data", bag, label_prefix, found);
  for (auto& issue : found) {
    for (auto& page : issue.pages) {
      const std::string rel = relative_to(page.file, bag);
      if (const auto it = manifest.find(rel); it != manifest.end())
        page.expected_sha256 = it->second;
      else
        page.manifest_problem = "not listed in the bag's manifest-sha256.txt";
    }
  }
  if (found.empty()) {
    if (problems.empty()) throw InvalidInput(bag.string() + ": the bag holds no page images");
    // Nothing to ingest but the reasons why: an issue without pages carries them to the
    // report, and the rest of the batch goes on.
    IssueFiles nothing;
    nothing.source = label_prefix.empty() ? bag.filename().string() : label_prefix;
    found.push_back(std::move(nothing));
  }
  found.front().problems = std::move(problems);
  for (auto& issue : found) out.push_back(std::move(issue));
}

// A bag is the folder itself or, as zip and tar tools pack it, its only subfolder.
std::optional<fs::path> bag_in(const fs::path& root) {
  if (is_bag(root)) return root;
  std::vector<fs::path> children;
  for (const auto& e : fs::directory_iterator(root))
    if (!e.path().filename().string().starts_with("."))  // staging's own .complete marker
      children.push_back(e.path());
  if (children.size() == 1 && fs::is_directory(children[0]) && is_bag(children[0]))
    return children[0];
  return std::nullopt;
}

}  // namespace

std::vector<IssueFiles> discover_issues(const std::vector<fs::path>& sources,
                                        const fs::path& staging) {
  std::vector<IssueFiles> out;
  for (const auto& src : sources) {
    std::error_code ec;
    const auto status = fs::status(src, ec);
    if (ec || !fs::exists(status)) throw InvalidInput("no such file or folder: " + src.string());
    if (fs::is_directory(status)) {
      if (is_bag(src))
        collect_bag(src, "", out);
      else
        collect_folder(src, src, "", out);
    } else if (is_bundle(src)) {
      const fs::path dest = staging / sha256_file(src).substr(0, 16);
      if (!fs::exists(dest / ".complete")) {
        fs::remove_all(dest);
        extract_bundle(src, dest);
        std::ofstream(dest / ".complete") << src.filename().string() << "\n";
      }
      const std::string label = src.filename().string() + "!/";
      if (const auto bag = bag_in(dest))
        collect_bag(*bag, label + (*bag == dest ? "" : relative_to(*bag, dest) + "/"), out);
      else
        collect_folder(dest, dest, label, out);
    } else if (ocr::is_image_file(src) || ocr::is_pdf(src)) {
      const std::string name = src.filename().string();
      IssueFiles single;
      single.source = name;
      single.pages = expand_pages(src, name);
      out.push_back(std::move(single));
    } else {
      throw InvalidInput("not a folder, bundle, PDF or image: " + src.string());
    }
  }
  if (out.empty()) throw InvalidInput("no page images found in the given sources");
  return out;
}

}  // namespace gazette::pipeline
