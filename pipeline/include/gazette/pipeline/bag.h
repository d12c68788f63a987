#pragma once
// BagIt (RFC 8493) bags: `gazette export bag` packs an issue or a document for preservation and
// for courts, and `gazette ingest` reads bags back (bag input is handled by batch.h).
//
// A bag of an issue holds, under data/:
//   scans/NNNN.<ext>        each kept original once, named by the first page it carries,
//                           and scans/issue.json (what a plain re-ingest needs to name the issue)
//   text/page-NNNN.txt      recognised text; alto/page-NNNN.xml ALTO 4; hocr/page-NNNN.hocr
//   metadata/issue.json     the issue record
//   metadata/pages.jsonl    CONTRACT §3 page shape, plus lines with geometry and the scan's path
//   metadata/documents.jsonl CONTRACT §3 document shape, status as of the chosen date
//   metadata/events.jsonl   the event log of the issue (or document)
// A bag of a document holds the pages it is printed on and that document only.
// Errors: NotFound for an unknown issue or document, InvalidInput for an unusable output folder,
// IoError/StorageError otherwise. Nothing is left at `out` unless the whole bag was written.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace gazette::pipeline {

struct BagExportOptions {
  std::filesystem::path archive;
  std::string target;         // an issue id or a document id
  std::string as_of;          // ISO date of the validity written; empty = today
  std::filesystem::path out;  // the bag folder to create; must not exist yet
};

struct BagExportResult {
  std::filesystem::path bag;
  std::string kind;  // issue | document
  int payload_files = 0;
  std::int64_t payload_bytes = 0;
};

// Writes the bag and logs an `export` event on the target.
BagExportResult export_bag(const BagExportOptions& options);

// What bag-info.txt says when gazette wrote the bag.
inline constexpr const char* kBagTypeField = "Gazette-Bag-Type";

// True if `dir` is a bag (it holds bagit.txt).
bool is_bag(const std::filesystem::path& dir);

// The payload manifest: path relative to the bag root ("data/…") → lowercase hex SHA-256.
// Throws InvalidInput when manifest-sha256.txt is absent or malformed, or names a path outside
// data/.
std::map<std::string, std::string> read_bag_manifest(const std::filesystem::path& bag);

// bag-info.txt as label → value (first occurrence; continuation lines joined). Empty if absent.
std::map<std::string, std::string> read_bag_info(const std::filesystem::path& bag);

}  // namespace gazette::pipeline
