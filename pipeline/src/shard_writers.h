#pragma once
// Index writers for the shards one command touches (ingest, reindex, correct), each opened
// when first needed. An issue stays in the shard its ingest event names.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/index/writer.h"

namespace gazette::pipeline {

// The shard an issue was first ingested into: its ingest event says "shard=NAME" (issues
// ingested before shards existed say nothing and are in main).
std::string recorded_shard(const Catalog& catalog, const std::string& issue_id);

class ShardWriters {
 public:
  ShardWriters(const ArchiveLayout& layout, const Catalog& catalog,
               const index::WriterOptions& options = {})
      : layout_(layout), catalog_(catalog), options_(options) {}

  index::Writer& for_issue(const std::string& issue_id);
  void commit();
  // Commits, then brings each written shard's dense-terms file up to date
  // (index::write_dense_terms): once per command, as it reads every common term's postings.
  // The file only speeds searches up (a searcher without it reads the posting lists), so a
  // shard whose file cannot be written is returned with the reason, after the others, and
  // the command's work stands.
  std::vector<std::pair<std::string, std::string>> finish();

 private:
  const ArchiveLayout& layout_;
  const Catalog& catalog_;
  const index::WriterOptions options_;
  std::map<std::string, std::string> shard_of_issue_;
  std::map<std::string, std::unique_ptr<index::Writer>> writers_;
};

}  // namespace gazette::pipeline
