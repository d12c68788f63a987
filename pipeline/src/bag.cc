#include "gazette/pipeline/bag.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "bag_records.h"
#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/export_json.h"
#include "gazette/json.h"
#include "gazette/page_render.h"
#include "gazette/sha256.h"
#include "gazette/validity.h"
#include "gazette/version.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

namespace {

std::string pad4(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return buf;
}

// Writes the bag's files under a temp folder and keeps their hashes for the manifests.
class BagWriter {
 public:
  explicit BagWriter(fs::path root) : root_(std::move(root)) { fs::create_directories(root_); }

  // A payload file (path relative to data/) with the given content.
  void payload(const std::string& rel, const std::string& content) {
    write(root_ / "data" / rel, content);
    payload_["data/" + rel] = sha256_hex(content);
    bytes_ += static_cast<std::int64_t>(content.size());
  }
  // A payload file copied from `from`; its hash is taken from the copy.
  void payload_copy(const std::string& rel, const fs::path& from) {
    const fs::path to = root_ / "data" / rel;
    fs::create_directories(to.parent_path());
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) throw IoError("cannot copy " + from.string() + " into the bag: " + ec.message());
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
    payload_["data/" + rel] = sha256_file(to);
    bytes_ += static_cast<std::int64_t>(fs::file_size(to));
  }
  void tag(const std::string& name, const std::string& content) {
    write(root_ / name, content);
    tags_[name] = sha256_hex(content);
  }

  const std::map<std::string, std::string>& payload_hashes() const { return payload_; }
  std::int64_t payload_bytes() const { return bytes_; }

  // Manifests last: the tag manifest covers every other tag file.
  void finish(const std::map<std::string, std::string>& info) {
    tag("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    std::string bag_info;
    for (const auto& [k, v] : info) bag_info += k + ": " + v + "\n";
    bag_info +=
        "Payload-Oxum: " + std::to_string(bytes_) + "." + std::to_string(payload_.size()) + "\n";
    tag("bag-info.txt", bag_info);
    tag("manifest-sha256.txt", manifest(payload_));
    write(root_ / "tagmanifest-sha256.txt", manifest(tags_));
  }

 private:
  static std::string manifest(const std::map<std::string, std::string>& hashes) {
    std::string m;
    for (const auto& [path, sha] : hashes) m += sha + "  " + path + "\n";
    return m;
  }
  static void write(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) throw IoError("cannot write " + file.string());
  }
  fs::path root_;
  std::map<std::string, std::string> payload_, tags_;
  std::int64_t bytes_ = 0;
};

std::string issue_label(const Issue& i) {
  std::string s = i.series.empty() ? "(series not read)" : i.series;
  s += " " + (i.year ? std::to_string(*i.year) : std::string("?")) + "年第" +
       (i.number ? std::to_string(*i.number) : std::string("?")) + "期";
  return s;
}

std::string events_jsonl(const std::vector<EventRecord>& events) {
  std::string out;
  for (const auto& e : events) {
    JsonWriter w;
    w.begin_object().key("id").value(e.id).key("time").value(e.time).key("type").value(e.type);
    w.key("target").value(e.target).key("agent").value(e.agent).key("outcome").value(e.outcome);
    w.key("detail").value(e.detail).end_object();
    out += w.str() + "\n";
  }
  return out;
}

// Removes a half-written bag folder unless released.
struct TempFolder {
  fs::path path;
  bool keep = false;
  ~TempFolder() {
    std::error_code ec;
    if (!keep) fs::remove_all(path, ec);  // best effort: the folder is ours and unfinished
  }
};

}  // namespace

BagExportResult export_bag(const BagExportOptions& o) {
  const ArchiveLayout layout(o.archive);
  if (!fs::exists(layout.catalog()))
    throw NotFound("no archive at " + o.archive.string() + " (has anything been ingested?)");
  Catalog catalog(layout.catalog(), CatalogOptions{});
  const std::string as_of = o.as_of.empty() ? today_iso() : o.as_of;

  // What goes in: the issue and all its pages and documents, or one document and its pages.
  std::optional<IssueRecord> issue = catalog.issue(o.target);
  std::vector<Document> documents;
  std::string kind = "issue";
  if (!issue) {
    const auto doc = catalog.document(o.target);
    if (!doc) throw NotFound("no issue or document " + o.target + " in the archive");
    kind = "document";
    documents.push_back(*doc);
    issue = catalog.issue(doc->issue_id);
    if (!issue) throw StorageError("document " + doc->id + " has no issue row");
  } else {
    documents = catalog.documents_of_issue(issue->issue.id);
  }
  std::vector<Page> pages = catalog.pages(issue->issue.id, true);
  if (kind == "document" && documents[0].first_page) {
    const int first = *documents[0].first_page;
    const int last = documents[0].last_page.value_or(first);
    std::erase_if(pages, [&](const Page& p) {
      return !p.printed_page || *p.printed_page < first || *p.printed_page > last;
    });
  }
  EventQuery which;
  (kind == "issue" ? which.issue_id : which.document_id) = o.target;
  const auto events = catalog.event_log(which);

  if (o.out.empty()) throw InvalidInput("export bag needs an output folder");
  if (fs::exists(o.out)) throw InvalidInput(o.out.string() + " exists already");
  const fs::path parent = o.out.parent_path().empty() ? fs::path(".") : o.out.parent_path();
  if (!fs::is_directory(parent)) throw InvalidInput("no folder " + parent.string());
  TempFolder temp{parent / (o.out.filename().string() + ".partial-" + std::to_string(getpid()))};
  fs::remove_all(temp.path);
  BagWriter bag(temp.path);

  // Originals, once each, named after the first page they carry.
  std::map<std::string, std::string> scan_of_sha;
  const AltoRenderer alto;
  const TextRenderer text;
  std::string pages_jsonl;
  for (const auto& p : pages) {
    std::optional<std::string> scan;
    if (const auto blob = p.sha256.empty() ? std::nullopt : catalog.blob_path(p.sha256)) {
      auto& name = scan_of_sha[p.sha256];
      if (name.empty()) {
        name = "scans/" + pad4(p.seq) + fs::path(*blob).extension().string();
        bag.payload_copy(name, layout.root() / *blob);
      }
      scan = "data/" + name;
    }
    if (p.status != PageStatus::failed) {
      bag.payload("text/page-" + pad4(p.seq) + std::string(text.extension()), text.render(p));
      bag.payload("alto/page-" + pad4(p.seq) + std::string(alto.extension()), alto.render(p));
      if (const auto hocr = layout.hocr(p.issue_id, p.seq); fs::exists(hocr))
        bag.payload_copy("hocr/page-" + pad4(p.seq) + ".hocr", hocr);
    }
    pages_jsonl += bag_page_json(p, scan) + "\n";
  }
  bag.payload("scans/issue.json", issue_overrides_json(issue->issue) + "\n");
  bag.payload("metadata/issue.json", bag_issue_json(issue->issue) + "\n");
  bag.payload("metadata/pages.jsonl", pages_jsonl);
  std::string documents_jsonl;
  for (const auto& d : documents)
    documents_jsonl +=
        document_json(d, validity_as_of(catalog.validity_facts(d), as_of), true) + "\n";
  bag.payload("metadata/documents.jsonl", documents_jsonl);
  bag.payload("metadata/events.jsonl", events_jsonl(events));

  std::map<std::string, std::string> info = {
      {"Bag-Software-Agent", software_agent()},
      {"Bagging-Date", today_iso()},
      {"External-Identifier", o.target},
      {"External-Description",
       kind == "issue"
           ? issue_label(issue->issue)
           : issue_label(issue->issue) + " " + documents[0].title + " " + documents[0].number},
      {kBagTypeField, kind},
      {"Gazette-Issue-Id", issue->issue.id},
      {"Gazette-As-Of", as_of},
  };
  bag.finish(info);

  BagExportResult result;
  result.bag = o.out;
  result.kind = kind;
  result.payload_files = static_cast<int>(bag.payload_hashes().size());
  result.payload_bytes = bag.payload_bytes();
  std::error_code ec;
  fs::rename(temp.path, o.out, ec);
  if (ec) throw IoError("cannot move the bag to " + o.out.string() + ": " + ec.message());
  temp.keep = true;
  catalog.transaction([&] {
    catalog.log_event({"export", o.target, "success",
                       "bag " + fs::absolute(o.out).string() + ": " + kind + ", " +
                           std::to_string(result.payload_files) + " files, " +
                           std::to_string(result.payload_bytes) + " bytes, as of " + as_of});
  });
  return result;
}

bool is_bag(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "bagit.txt", ec);
}

std::map<std::string, std::string> read_bag_manifest(const fs::path& bag) {
  std::ifstream in(bag / "manifest-sha256.txt", std::ios::binary);
  if (!in)
    throw InvalidInput(bag.string() + ": a BagIt bag is accepted only with manifest-sha256.txt");
  std::map<std::string, std::string> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto space = line.find_first_of(" \t");
    const std::string sha = line.substr(0, space);
    std::string path =
        space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    const bool hex = sha.size() == 64 && std::all_of(sha.begin(), sha.end(), [](char c) {
                       return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                     });
    // RFC 8493 §2.1.3: CR, LF and % in names are percent-encoded.
    std::string decoded;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '%' && i + 2 < path.size()) {
        const std::string code = path.substr(i + 1, 2);
        if (code == "0D" || code == "0d")
          decoded += '\r';
        else if (code == "0A" || code == "0a")
          decoded += '\n';
        else if (code == "25")
          decoded += '%';
        else
          decoded += path.substr(i, 3);
        i += 2;
      } else {
        decoded += path[i];
      }
    }
    if (decoded.starts_with("./")) decoded.erase(0, 2);
    const fs::path p(decoded);
    bool escapes = p.is_absolute();
    for (const auto& part : p)
      if (part == "..") escapes = true;
    if (!hex || decoded.empty() || escapes || !decoded.starts_with("data/"))
      throw InvalidInput(bag.string() + "/manifest-sha256.txt line " + std::to_string(n) +
                         " is not \"<sha256> data/<path>\"");
    std::string lower = sha;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out[decoded] = lower;
  }
  return out;
}

std::map<std::string, std::string> read_bag_info(const fs::path& bag) {
  std::map<std::string, std::string> out;
  std::ifstream in(bag / "bag-info.txt", std::ios::binary);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      out[last] += " " + line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = line.substr(0, colon);
    const auto start = line.find_first_not_of(" \t", colon + 1);
    if (!out.count(last))
      out[last] = start == std::string::npos ? "" : line.substr(start);
    else
      last.clear();
  }
  return out;
}

}  // namespace gazette::pipeline
