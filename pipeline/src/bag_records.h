#pragma once
// The records a bag carries in data/metadata/, written by export_bag and read back by ingest
// so that a bag yields records identical to the archive it came from. Numbers are written
// exactly (%.17g) so that confidences survive the trip. Parsers throw InvalidInput.
#include <optional>
#include <string>

#include "gazette/model.h"

namespace gazette::pipeline {

// The records a restore needs; a bag lacking any of them, or whose copy fails the manifest, is
// recognised again from its scans instead.
inline constexpr const char* kBagRecords[] = {
    "data/metadata/issue.json", "data/metadata/pages.jsonl", "data/metadata/documents.jsonl"};

// The CONTRACT §3 page shape plus width, height, the scan's path in the bag ("data/scans/…",
// null when no original was kept) and the lines with their geometry.
std::string bag_page_json(const Page& page, const std::optional<std::string>& scan);
struct BagPage {
  Page page;
  std::optional<std::string> scan;
};
BagPage parse_bag_page(const std::string& json);

// Every field of the issue record.
std::string bag_issue_json(const Issue& issue);
Issue parse_bag_issue(const std::string& json);

// The issue.json (CONTRACT §1) that names the issue as the archive knows it, for a plain
// re-ingest of the scans: series, year, issue, date and lang, where known.
std::string issue_overrides_json(const Issue& issue);

// A document from its CONTRACT §3 line (the status is not read: it is computed again).
Document parse_bag_document(const std::string& json);

}  // namespace gazette::pipeline
